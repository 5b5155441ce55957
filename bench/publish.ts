/**
 * Publishes a bench run: RESULTS.md (every table of formatResults, the machine, the command) and
 * latency.png (p99 chunk latency against stream count, log-log, one line per transport plus the AI
 * reply latency). The chart is written as SVG here and rasterised by Chromium through Playwright.
 *
 * run.ts calls publishAfterRun at the end: a full default run (or `--publish`) replaces the
 * committed bench/RESULTS.md and bench/latency.png; any other run writes into bench-results/.
 * Alone: `npx tsx bench/publish.ts bench-results/latest.json [--publish] [--out=dir]`.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DEFAULT_PARTS, parseOptions } from './options';
import { formatResults, type PhaseReport, type Results } from './report';

/** Latency rows as others extend them (reader, source, bottleneck...): all optional here. */
export type LatencyRow = Omit<PhaseReport, 'transport'> & {
  transport: string;
  reader?: 'lean' | 'trpc-client' | string;
  source?: 'in-process' | 'mcp-stdio' | string;
  bottleneck?: string;
  clientProcs?: number;
  clientCpuPcts?: number[];
};

export const BENCH_DIR = fileURLToPath(new URL('.', import.meta.url));
export const RESULTS_DIR = fileURLToPath(new URL('../bench-results', import.meta.url));
const CHROMIUM = '/usr/bin/chromium';

const FLOOR = 'raw-sse';
/** Order, label and colour of the known transports; unknown ones get a grey after these. */
const KNOWN: Record<string, { label: string; color: string }> = {
  'trpc-sse': { label: 'trpc-sse', color: '#1f77b4' },
  'trpc-ws': { label: 'trpc-ws', color: '#ff7f0e' },
  'mcp-sse': { label: 'mcp-sse', color: '#2ca02c' },
  'mcp-ws': { label: 'mcp-ws', color: '#9467bd' },
  'reply-sse': { label: 'reply-sse (AI replies)', color: '#e377c2' },
  poll: { label: 'poll (10 ms, the seed)', color: '#8c564b' },
  'raw-sse': { label: 'raw-sse (the floor)', color: '#555555' },
};
const REPLY = { label: 'AI reply (reply_delta)', color: '#d62728' };

export interface Point {
  streams: number;
  p99: number;
}
export interface Series {
  key: string;
  label: string;
  color: string;
  dashed: boolean;
  points: Point[];
}

const isPhase = (p: Results['latency'][number]): p is PhaseReport => !('failed' in p);
const rowsOf = (r: Results): LatencyRow[] => r.latency.filter(isPhase) as unknown as LatencyRow[];
/** The chart and the summary use the lean readers; rows read by the full tRPC client are listed apart. */
export const leanRows = (r: Results): LatencyRow[] => rowsOf(r).filter((p) => p.reader !== 'trpc-client');
export const trpcClientRows = (r: Results): LatencyRow[] => rowsOf(r).filter((p) => p.reader === 'trpc-client');
const seriesKey = (p: LatencyRow) => (p.source && p.source !== 'in-process' && !p.transport.startsWith('mcp') ? `${p.transport} (${p.source})` : p.transport);
/** The phase's stream count (a lean row of a 1000-stream phase reads 990 of them, its tRPC-client sample 10). */
const phaseOf = (p: { streams: number; phaseStreams?: number }) => p.phaseStreams ?? p.streams;
const usable = (n: number | undefined): n is number => typeof n === 'number' && Number.isFinite(n) && n > 0;

/** One series per transport (lean rows, finite p99), then the AI reply latency. */
export function chartSeries(r: Results): Series[] {
  const byKey = new Map<string, Point[]>();
  for (const p of leanRows(r)) {
    if (!usable(p.latency.p99)) continue;
    const key = seriesKey(p);
    const points = byKey.get(key) ?? [];
    if (!points.some((q) => q.streams === phaseOf(p))) points.push({ streams: phaseOf(p), p99: p.latency.p99 });
    byKey.set(key, points);
  }
  const order = Object.keys(KNOWN);
  const rank = (key: string) => {
    const i = order.indexOf(key.split(' ')[0] ?? key);
    return i < 0 ? order.length - 1 : i; // unknown transports just before the floor
  };
  const series: Series[] = [...byKey.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([key, points]) => {
      const known = KNOWN[key];
      return { key, label: known?.label ?? key, color: known?.color ?? '#7f7f7f', dashed: key === FLOOR, points: points.sort((a, b) => a.streams - b.streams) };
    });
  const reply = r.reply.flatMap((x) => ('failed' in x || !usable(x.p99) ? [] : [{ streams: x.streams, p99: x.p99 }])).sort((a, b) => a.streams - b.streams);
  if (reply.length > 0) series.push({ key: 'reply', label: REPLY.label, color: REPLY.color, dashed: false, points: reply });
  return series;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const num = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));
const tickLabel = (v: number) => (v >= 1 ? String(v) : String(Number(v.toPrecision(1))));

/** Powers of ten from below `min` to above `max` (at least one decade). */
function decades(min: number, max: number): number[] {
  const lo = Math.floor(Math.log10(min));
  const hi = Math.max(lo + 1, Math.ceil(Math.log10(max)));
  return Array.from({ length: hi - lo + 1 }, (_, i) => 10 ** (lo + i));
}

/** The chart as an SVG document: log-log axes, decade grid, one polyline with points per series, a legend. */
export function chartSvg(r: Results, series = chartSeries(r)): string {
  const W = 860;
  const H = 520;
  const m = { left: 70, right: 270, top: 56, bottom: 58 };
  const pw = W - m.left - m.right;
  const ph = H - m.top - m.bottom;
  const all = series.flatMap((s) => s.points);
  const xs = decades(Math.min(1, ...all.map((p) => p.streams)), Math.max(1000, ...all.map((p) => p.streams)));
  const ys = decades(Math.min(...all.map((p) => p.p99), 1), Math.max(...all.map((p) => p.p99), 10));
  const lx = (v: number) => Math.log10(v);
  const [x0, x1, y0, y1] = [lx(xs[0] ?? 1), lx(xs.at(-1) ?? 1000), lx(ys[0] ?? 0.1), lx(ys.at(-1) ?? 1000)];
  const X = (v: number) => m.left + ((lx(v) - x0) / (x1 - x0)) * pw;
  const Y = (v: number) => m.top + ph - ((lx(v) - y0) / (y1 - y0)) * ph;
  const font = `font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif"`;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" ${font} font-size="13">`);
  out.push(`<rect width="${W}" height="${H}" fill="#ffffff"/>`);
  out.push(`<text x="${m.left}" y="24" font-size="17" font-weight="bold">p99 chunk latency by concurrent streams</text>`);
  const when = r.startedAt.slice(0, 10);
  out.push(`<text x="${m.left}" y="43" font-size="12" fill="#555">${esc(`one run, ${when}: ${r.machine.cpus} × ${r.machine.model}, Node ${r.machine.node}; table: RESULTS.md`)}</text>`);

  // Grid: minor lines at 2..9 × 10^k on y, labelled decades on both axes.
  for (const d of ys.slice(0, -1)) {
    for (let k = 2; k <= 9; k++) out.push(`<line x1="${m.left}" x2="${m.left + pw}" y1="${Y(d * k).toFixed(1)}" y2="${Y(d * k).toFixed(1)}" stroke="#eeeeee"/>`);
  }
  for (const d of ys) {
    out.push(`<line x1="${m.left}" x2="${m.left + pw}" y1="${Y(d).toFixed(1)}" y2="${Y(d).toFixed(1)}" stroke="#cccccc"/>`);
    out.push(`<text x="${m.left - 8}" y="${(Y(d) + 4).toFixed(1)}" text-anchor="end">${tickLabel(d)}</text>`);
  }
  for (const d of xs) {
    out.push(`<line x1="${X(d).toFixed(1)}" x2="${X(d).toFixed(1)}" y1="${m.top}" y2="${m.top + ph}" stroke="#cccccc"/>`);
    out.push(`<text x="${X(d).toFixed(1)}" y="${m.top + ph + 18}" text-anchor="middle">${tickLabel(d)}</text>`);
  }
  out.push(`<rect x="${m.left}" y="${m.top}" width="${pw}" height="${ph}" fill="none" stroke="#333333"/>`);
  out.push(`<text x="${m.left + pw / 2}" y="${H - 14}" text-anchor="middle">concurrent streams (log scale)</text>`);
  out.push(`<text transform="translate(18 ${m.top + ph / 2}) rotate(-90)" text-anchor="middle">p99 latency, ms (log scale)</text>`);

  for (const s of series) {
    const pts = s.points.map((p) => `${X(p.streams).toFixed(1)},${Y(p.p99).toFixed(1)}`).join(' ');
    out.push(`<g data-series="${esc(s.key)}">`);
    out.push(`<polyline points="${pts}" fill="none" stroke="${s.color}" stroke-width="2.5"${s.dashed ? ' stroke-dasharray="7 5"' : ''}/>`);
    for (const p of s.points) out.push(`<circle cx="${X(p.streams).toFixed(1)}" cy="${Y(p.p99).toFixed(1)}" r="4" fill="${s.color}"><title>${esc(`${s.label}, ${p.streams} streams: p99 ${num(p.p99)} ms`)}</title></circle>`);
    out.push('</g>');
  }

  const legendX = m.left + pw + 18;
  out.push(`<text x="${legendX}" y="${m.top + 4}" font-weight="bold">p99, ms</text>`);
  series.forEach((s, i) => {
    const y = m.top + 26 + i * 40;
    out.push(`<line x1="${legendX}" x2="${legendX + 26}" y1="${y}" y2="${y}" stroke="${s.color}" stroke-width="2.5"${s.dashed ? ' stroke-dasharray="7 5"' : ''}/>`);
    out.push(`<circle cx="${legendX + 13}" cy="${y}" r="4" fill="${s.color}"/>`);
    out.push(`<text x="${legendX + 34}" y="${y + 4}">${esc(s.label)}</text>`);
    out.push(`<text x="${legendX + 34}" y="${y + 20}" font-size="11" fill="#555">${esc(s.points.map((p) => `${p.streams}: ${num(p.p99)}`).join(' · '))}</text>`);
  });
  if (series.length === 0) out.push(`<text x="${m.left + pw / 2}" y="${m.top + ph / 2}" text-anchor="middle">no latency rows in this run</text>`);
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// The command line of a run, rebuilt from the options it recorded.

type RecordedOptions = Record<string, unknown> & { quick: boolean; streams: number[]; transports: string[]; parts: string[] };
const isRecorded = (o: unknown): o is RecordedOptions =>
  typeof o === 'object' && o !== null && typeof (o as RecordedOptions).quick === 'boolean' && Array.isArray((o as RecordedOptions).streams) && Array.isArray((o as RecordedOptions).parts);
/** Options as run.ts records them (parts as an array), for comparison. */
const recorded = (argv: string[]) => {
  const o = parseOptions(argv, {});
  return JSON.parse(JSON.stringify({ ...o, parts: [...o.parts] })) as RecordedOptions;
};
const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The `npm run bench` flags that give these options (`[]`: the full default run), or undefined
 * when they cannot be rebuilt (options from another version): then only the recorded JSON tells.
 */
export function commandFlags(options: unknown): string[] | undefined {
  if (!isRecorded(options)) return undefined;
  const o = options as RecordedOptions & { wsClients?: number; schedule?: { chunks: number; intervalMs: number }; largeBytes?: number; cancelRuns?: number; burst?: number };
  const flags: string[] = o.quick ? ['--quick'] : [];
  const base = recorded(flags);
  const differs = (key: string) => !sameJson(o[key], base[key]);
  if (differs('streams')) flags.push(`--streams=${o.streams.join(',')}`);
  if (differs('transports')) flags.push(`--transports=${o.transports.join(',')}`);
  if (differs('wsClients')) flags.push(`--ws-clients=${o.wsClients}`);
  if (o.schedule && !sameJson(o.schedule, base.schedule)) {
    const baseSchedule = base.schedule as { chunks: number; intervalMs: number };
    if (o.schedule.intervalMs !== baseSchedule.intervalMs) flags.push(`--interval-ms=${o.schedule.intervalMs}`);
    flags.push(`--seconds=${(o.schedule.chunks * o.schedule.intervalMs) / 1000}`);
  }
  if (differs('largeBytes') && o.largeBytes !== undefined) flags.push(`--large-mb=${o.largeBytes / 1024 / 1024}`);
  if (differs('cancelRuns')) flags.push(`--cancel-runs=${o.cancelRuns}`);
  if (differs('burst')) flags.push(`--burst=${o.burst}`);
  if (differs('clientProcs')) flags.push(`--client-procs=${String(o.clientProcs)}`);
  if (differs('reader')) flags.push(`--reader=${String(o.reader)}`);
  if (differs('trpcSample')) flags.push(`--trpc-sample=${String(o.trpcSample)}`);
  if (differs('chattyLines')) flags.push(`--chatty-lines=${String(o.chattyLines)}`);
  if (differs('chattyRate')) flags.push(`--chatty-rate=${String(o.chattyRate)}`);
  if (differs('chattyStreams')) flags.push(`--chatty-streams=${String(o.chattyStreams)}`);
  if (differs('hugeBytes')) flags.push(`--huge-mb=${Number(o.hugeBytes) / 1024 / 1024}`);
  if (differs('tenBytes') && Array.isArray(o.tenBytes)) flags.push(`--ten-mb=${o.tenBytes.map((b) => Number(b) / 1024 / 1024).join(',')}`);
  if (!sameJson([...o.parts].sort(), [...DEFAULT_PARTS].sort())) flags.push(`--only=${o.parts.join(',')}`);
  try {
    return sameJson(recorded(flags), options) ? flags : undefined;
  } catch {
    return undefined;
  }
}

export const commandLine = (flags: string[]) => `npm run bench${flags.length ? ` -- ${flags.join(' ')}` : ''}`;
/** A full run with the default options: the one whose results replace the committed ones. */
export const isFullDefaultRun = (r: Results) => commandFlags(r.options)?.length === 0;

// ---------------------------------------------------------------------------------------------
// RESULTS.md

const ms = (n: number) => (Number.isFinite(n) ? num(n) : '-');
const ratio = (n: number, floor: number | undefined) => (usable(floor) && Number.isFinite(n) ? `${(n / floor).toFixed(n / floor >= 10 ? 0 : 1)}×` : '');

function summaryTable(r: Results): string[] {
  const series = chartSeries(r);
  const streams = [...new Set(series.flatMap((s) => s.points.map((p) => p.streams)))].sort((a, b) => a - b);
  if (series.length === 0) return [];
  const floor = series.find((s) => s.key === FLOOR);
  const floorAt = (n: number) => floor?.points.find((p) => p.streams === n)?.p99;
  const lines = [
    `| p99 ms (× the ${FLOOR} floor) | ${streams.map((n) => `${n} stream${n === 1 ? '' : 's'}`).join(' | ')} |`,
    `| --- | ${streams.map(() => '---:').join(' | ')} |`,
  ];
  for (const s of series) {
    const cells = streams.map((n) => {
      const p = s.points.find((q) => q.streams === n);
      if (!p) return '';
      if (s.key === FLOOR) return ms(p.p99);
      const x = ratio(p.p99, floorAt(n));
      return x ? `${ms(p.p99)} (${x})` : ms(p.p99);
    });
    lines.push(`| ${s.label} | ${cells.join(' | ')} |`);
  }
  lines.push('');
  lines.push(
    (`Chunk rows: \`ctx.output\` → client${trpcClientRows(r).length > 0 ? ', read by the lean readers (the full tRPC client\'s rows are below)' : ''}${floor ? `; the ratio is to ${FLOOR}, a bare \`data:\` writer read by the same reader` : ''}. ` +
      (series.some((s) => s.key === 'reply-sse') ? 'reply-sse: AI replies, from the provider process (bench/reply-provider.ts) writing a delta to the lean reader receiving its `reply_delta` (the app\'s `openai` client is in the path; the ratio compares with a chunk of a tool). ' : '') +
      (series.some((s) => s.key === 'reply') ? 'AI reply: the provider writes a delta → a tRPC SSE client receives `reply_delta` (provider, app and readers in one process: an upper bound; not a chunk of a tool, so the ratio is only indicative).' : '')).trimEnd(),
  );
  const bottlenecks = leanRows(r).filter((p) => p.bottleneck);
  if (bottlenecks.length > 0) {
    lines.push('', 'Bottleneck per row, as the run judged it:', '');
    for (const p of bottlenecks) lines.push(`- ${seriesKey(p)} × ${phaseOf(p)}: ${p.bottleneck}`);
  }
  return lines;
}

function trpcClientTable(r: Results): string[] {
  const rows = trpcClientRows(r);
  if (rows.length === 0) return [];
  const lean = leanRows(r);
  return [
    '## Sample rows read by the full tRPC client',
    '',
    'The same streams read by `@trpc/client` (its links and observables) instead of the lean readers above; they are not in the chart.',
    '',
    '| transport | streams | p50 ms | p99 ms | lean reader p99 ms | client processes | bottleneck |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
    ...rows.map((p) => {
      const twin = lean.find((q) => seriesKey(q) === seriesKey(p) && phaseOf(q) === phaseOf(p));
      return `| ${seriesKey(p)} | ${p.streams} of ${phaseOf(p)} | ${ms(p.latency.p50)} | ${ms(p.latency.p99)} | ${twin ? ms(twin.latency.p99) : ''} | ${p.clientProcs ?? ''} | ${p.bottleneck ?? ''} |`;
    }),
    '',
  ];
}

/** `readme`: the link to bench/README.md from where the file is written. */
export function resultsMarkdown(r: Results, readme = 'README.md'): string {
  const flags = commandFlags(r.options);
  const date = r.startedAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  const lines = [
    '# Benchmark results',
    '',
    `Written by \`npm run bench\` (\`bench/publish.ts\`). Numbers are from **one run** on one machine; reruns vary, by`,
    `several times at 1000 streams when the machine is shared, so compare rows of the same run rather than runs. Rerun with`,
    '`npm run bench` (a full default run replaces this file and `latency.png`), or rebuild both from a saved run with',
    `\`npx tsx bench/publish.ts bench-results/latest.json\`. How the numbers are taken: [bench/README.md](${readme}).`,
    '',
    `- Machine: ${r.machine.cpus} CPUs, ${r.machine.model}`,
    `- Node: ${r.machine.node}`,
    `- Date: ${date} (${r.seconds.toFixed(0)} s)`,
    `- Load average at start: ${r.loadAverage.map((l) => l.toFixed(2)).join(' ')} (1, 5, 15 min)`,
    `- Command: ${flags ? `\`${commandLine(flags)}\`${flags.length === 0 ? ' (the full default run)' : ' (a partial run)'}` : 'not rebuilt from these options (see below)'}`,
    '',
    '<details><summary>Options as recorded</summary>',
    '',
    '```json',
    JSON.stringify(r.options, null, 2),
    '```',
    '',
    '</details>',
    '',
    '## p99 chunk latency',
    '',
    '![p99 chunk latency against concurrent streams, log-log](latency.png)',
    '',
    ...summaryTable(r),
    '',
    ...trpcClientTable(r),
    '## Every table of the run',
    '',
    'As `npm run bench` printed them:',
    '',
    '```text',
    ...formatResults(r)
      .replace(/^\n+/, '')
      .split('\n')
      .map((l) => l.trimEnd()),
    '```',
    '',
  ];
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Writing the files.

/** SVG → PNG in Chromium (Playwright, Debian's /usr/bin/chromium when present), at twice the size for sharp text. */
export async function rasterise(svg: string, file: string): Promise<void> {
  const { chromium } = await import('@playwright/test');
  const browser = await chromium.launch({ executablePath: existsSync(CHROMIUM) ? CHROMIUM : undefined, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const size = /width="(\d+)" height="(\d+)"/.exec(svg);
    const page = await browser.newPage({ viewport: { width: Number(size?.[1] ?? 800), height: Number(size?.[2] ?? 500) }, deviceScaleFactor: 2 });
    await page.setContent(`<!doctype html><html><body style="margin:0">${svg}</body></html>`);
    await page.locator('svg').screenshot({ path: file });
  } finally {
    await browser.close();
  }
}

/** Writes RESULTS.md and latency.png into `dir`; png is undefined when it could not be rasterised (a warning says why). */
export async function publishResults(results: Results, dir: string, opts: { png?: boolean } = {}): Promise<{ markdown: string; png?: string }> {
  mkdirSync(dir, { recursive: true });
  const markdown = join(dir, 'RESULTS.md');
  writeFileSync(markdown, resultsMarkdown(results, relative(dir, join(BENCH_DIR, 'README.md')).split('\\').join('/')));
  if (opts.png === false) return { markdown };
  const png = join(dir, 'latency.png');
  try {
    await rasterise(chartSvg(results), png);
    return { markdown, png };
  } catch (error) {
    console.warn(`bench: no chart PNG (${(error as Error).message.split('\n')[0]}); Chromium is needed: apt-get install -y chromium`);
    return { markdown };
  }
}

/** A full default run or `--publish` (BENCH_PUBLISH=1) replaces the committed files; any other run writes into bench-results/. */
export function publishTarget(results: Results, argv: string[], env: NodeJS.ProcessEnv = {}): { dir: string; committed: boolean; why: string } {
  const forced = argv.includes('--publish') || (env.BENCH_PUBLISH !== undefined && !['', '0', 'false'].includes(env.BENCH_PUBLISH));
  if (forced) return { dir: BENCH_DIR, committed: true, why: '--publish' };
  if (isFullDefaultRun(results)) return { dir: BENCH_DIR, committed: true, why: 'a full default run' };
  const flags = commandFlags(results.options);
  return { dir: RESULTS_DIR, committed: false, why: flags ? `a partial run (${flags.join(' ')})` : 'options that are not the defaults' };
}

/** The one call at the end of run.ts. */
export async function publishAfterRun(results: Results, argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const target = publishTarget(results, argv, env);
  const written = await publishResults(results, target.dir);
  const names = [written.markdown, written.png].filter((f): f is string => f !== undefined).map((f) => relative(process.cwd(), f));
  console.log(
    target.committed
      ? `published ${names.join(' and ')} (${target.why}): commit them`
      : `wrote ${names.join(' and ')}: ${target.why}, so the committed bench/RESULTS.md and bench/latency.png are left alone (only a full default run or --publish replaces them)`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const file = args.find((a) => !a.startsWith('--'));
  if (!file) {
    console.error('usage: npx tsx bench/publish.ts bench-results/latest.json [--publish] [--out=dir]');
    process.exit(2);
  }
  const results = JSON.parse(readFileSync(file, 'utf8')) as Results;
  const out = args.find((a) => a.startsWith('--out='))?.slice('--out='.length);
  if (out) {
    const written = await publishResults(results, out);
    console.log(`wrote ${[written.markdown, written.png].filter(Boolean).join(' and ')}`);
  } else await publishAfterRun(results, args, process.env);
}
