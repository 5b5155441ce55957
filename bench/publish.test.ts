import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { parseOptions } from './options';
import { BENCH_DIR, chartSeries, chartSvg, commandFlags, publishResults, publishTarget, RESULTS_DIR, resultsMarkdown } from './publish';
import type { PhaseReport, Results } from './report';

const recorded = (argv: string[]) => {
  const o = parseOptions(argv, {});
  return { ...o, parts: [...o.parts] };
};

function row(transport: string, streams: number, p99: number, extra: Record<string, unknown> = {}): PhaseReport {
  const summary = { count: 60 * streams, p50: p99 / 4, p90: p99 / 2, p99, max: p99 * 1.5, mean: p99 / 3 };
  return {
    transport: transport as PhaseReport['transport'],
    streams,
    live: streams,
    expected: 60 * streams,
    received: 60 * streams,
    lost: 0,
    duplicates: 0,
    outOfOrder: 0,
    events: 60 * streams,
    finished: streams,
    errors: [],
    latency: summary,
    fromSchedule: summary,
    bySecond: [],
    clientCpuPct: 10,
    clientLoopP99: 1,
    reader: 'lean',
    clientProcs: 2,
    clientCpuPcts: [10, 9],
    bottleneck: 'none saturated (max 20%)',
    setupMs: 5,
    windowMs: 6000,
    serverUsPerChunk: 100,
    server: { cpuPct: 20, machineCpuPct: 30, loopP50: 0.5, loopP99: 1, loopMax: 2, rssStartMB: 80, rssPeakMB: 90, heapStartMB: 20, heapPeakMB: 30 },
    ...extra,
  };
}

function sample(options: unknown = recorded([])): Results {
  return {
    startedAt: '2026-11-24T10:33:31.000Z',
    seconds: 150,
    machine: { cpus: 2, model: 'Test CPU 9000', node: 'v20.20.2' },
    loadAverage: [0.5, 0.75, 1],
    options,
    clock: { offsetMs: 0, rttMs: 0.05 },
    latency: [
      row('trpc-sse', 1, 1.2),
      row('trpc-sse', 100, 4),
      row('trpc-sse', 1000, 200),
      row('trpc-ws', 1, 1.5),
      row('trpc-ws', 100, 1.6),
      row('raw-sse', 1, 1),
      row('raw-sse', 100, 0.4),
      row('raw-sse', 1000, 5),
      // Another engineer's extensions: a full tRPC client reader (not charted) and an MCP transport.
      row('trpc-sse', 100, 9.5, { reader: 'trpc-client', clientProcs: 2, bottleneck: 'client parsing' }),
      row('mcp-sse', 100, 8, { reader: 'lean', source: 'mcp-stdio', bottleneck: 'the MCP server' }),
      { transport: 'trpc-ws', streams: 1000, failed: 'timed out' },
    ],
    large: [],
    burst: [],
    reply: [
      { streams: 1, deltas: 50, p50: 0.8, p99: 2, max: 3, lost: 0 },
      { streams: 100, deltas: 50, p50: 5, p99: 30, max: 40, lost: 0 },
    ],
  };
}

test('the chart has one series per transport of the lean readers, the floor dashed, and the AI reply', () => {
  const series = chartSeries(sample());
  assert.deepEqual(
    series.map((s) => s.key),
    ['trpc-sse', 'trpc-ws', 'mcp-sse', 'raw-sse', 'reply'],
  );
  // The trpc-client row (p99 9.5 at 100) is not charted; the failed trpc-ws row is left out.
  assert.deepEqual(series[0]?.points, [
    { streams: 1, p99: 1.2 },
    { streams: 100, p99: 4 },
    { streams: 1000, p99: 200 },
  ]);
  assert.deepEqual(series[1]?.points.map((p) => p.streams), [1, 100]);
  assert.equal(series.find((s) => s.key === 'raw-sse')?.dashed, true);
  assert.deepEqual(series.at(-1)?.points, [
    { streams: 1, p99: 2 },
    { streams: 100, p99: 30 },
  ]);

  const svg = chartSvg(sample());
  assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.equal(svg.match(/<polyline /g)?.length, 5);
  assert.equal(svg.match(/stroke-dasharray/g)?.length, 2, 'the floor line and its legend swatch');
  for (const label of ['trpc-sse', 'trpc-ws', 'mcp-sse', 'raw-sse (the floor)', 'AI reply (reply_delta)', 'concurrent streams (log scale)', 'p99 latency, ms (log scale)'])
    assert.ok(svg.includes(`>${label}<`), `label ${label}`);
  // Log ticks: streams 1..1000, latency 0.1..1000 ms.
  for (const tick of ['>1<', '>10<', '>100<', '>1000<', '>0.1<']) assert.ok(svg.includes(tick), `tick ${tick}`);
  assert.ok(svg.includes('2 × Test CPU 9000'));
  assert.ok(!svg.includes('9.5'), 'the trpc-client row is not in the chart');
});

test('RESULTS.md names the machine, the run and the command, and gives p99 as a ratio to the floor', () => {
  const md = resultsMarkdown(sample());
  assert.ok(md.includes('**one run**'));
  assert.ok(md.includes('reruns vary'));
  assert.ok(md.includes('`npm run bench`'));
  assert.ok(md.includes('- Machine: 2 CPUs, Test CPU 9000'));
  assert.ok(md.includes('- Node: v20.20.2'));
  assert.ok(md.includes('- Date: 2026-11-24 10:33:31 UTC'));
  assert.ok(md.includes('- Load average at start: 0.50 0.75 1.00'));
  assert.ok(md.includes('- Command: `npm run bench` (the full default run)'));
  assert.ok(md.includes('![p99 chunk latency against concurrent streams, log-log](latency.png)'));
  assert.ok(md.includes('| p99 ms (× the raw-sse floor) | 1 stream | 100 streams | 1000 streams |'));
  assert.ok(md.includes('| trpc-sse | 1.20 (1.2×) | 4.00 (10×) | 200 (40×) |'), md);
  assert.ok(md.includes('| trpc-ws | 1.50 (1.5×) | 1.60 (4.0×) |  |'));
  assert.ok(md.includes('| raw-sse (the floor) | 1.00 | 0.40 | 5.00 |'));
  assert.ok(md.includes('| AI reply (reply_delta) | 2.00 (2.0×) | 30.0 (75×) |  |'));
  assert.ok(md.includes('- mcp-sse × 100: the MCP server'));
  // The trpc-client rows are listed apart, next to the lean reader's p99 of the same transport and streams.
  assert.ok(md.includes('## Sample rows read by the full tRPC client'));
  assert.ok(md.includes('| trpc-sse | 100 of 100 | 2.38 | 9.50 | 4.00 | 2 | client parsing |'), md);
  // Every table of formatResults, in a fenced block.
  assert.ok(md.includes('```text\nChunk latency: tool emit -> client receive'));
  assert.ok(md.includes('FAILED: timed out'));
  assert.ok(md.includes('AI reply deltas: the provider writes a delta'));
});

test('only a full default run (or --publish) replaces the committed files', () => {
  assert.deepEqual(commandFlags(recorded([])), []);
  assert.deepEqual(commandFlags(recorded(['--quick', '--only=latency', '--streams=1'])), ['--quick', '--streams=1', '--only=latency']);
  assert.deepEqual(commandFlags(recorded(['--seconds=3', '--transports=trpc-sse,raw-sse'])), ['--transports=trpc-sse,raw-sse', '--seconds=3']);
  assert.equal(commandFlags({ something: 'else' }), undefined);

  assert.deepEqual(publishTarget(sample(), []), { dir: BENCH_DIR, committed: true, why: 'a full default run' });
  const partial = sample(recorded(['--only=latency']));
  assert.equal(publishTarget(partial, []).dir, RESULTS_DIR);
  assert.equal(publishTarget(partial, []).committed, false);
  assert.equal(publishTarget(partial, ['--only=latency', '--publish']).dir, BENCH_DIR);
  assert.equal(publishTarget(partial, [], { BENCH_PUBLISH: '1' }).dir, BENCH_DIR);
  assert.equal(publishTarget(sample({ unknown: true }), []).dir, RESULTS_DIR);
  assert.ok(resultsMarkdown(partial).includes('- Command: `npm run bench -- --only=latency` (a partial run)'));
});

test('publishResults writes RESULTS.md (without the PNG when asked)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-publish-'));
  try {
    const written = await publishResults(sample(), dir, { png: false });
    assert.deepEqual(written, { markdown: join(dir, 'RESULTS.md') });
    const expected = resultsMarkdown(sample(), relative(dir, join(BENCH_DIR, 'README.md')));
    assert.equal(readFileSync(written.markdown, 'utf8'), expected);
    assert.ok(expected.includes('README.md).'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
