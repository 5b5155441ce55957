/** Knobs of `npm run bench`: CLI flags (`-- --streams=1,100`) win over environment variables, which win over defaults. */
import { TRANSPORTS, type Transport } from './protocol';
import type { Schedule } from './schedule';

export const PARTS = ['latency', 'large', 'stalled', 'cancel', 'burst', 'reply', 'chatty', 'browser'] as const;
/**
 * What a run without --only runs: every part but `reply`, the older in-process measure of AI replies
 * (provider, app and tRPC clients in one process, every reply's delta at the same instant), which
 * the `reply-sse` transport of the latency part replaced; `--only=reply` still runs it.
 */
export const DEFAULT_PARTS = PARTS.filter((part) => part !== 'reply');
export type Part = (typeof PARTS)[number];

export interface Options {
  quick: boolean;
  streams: number[];
  transports: Transport[];
  wsClients: number;
  schedule: Schedule;
  /** How long after the last scheduled chunk a lagging configuration may still deliver before it counts as lost. */
  drainMs: number;
  setupTimeoutMs: number;
  pollMs: number;
  largeBytes: number;
  /** The slow reader pauses so that the whole read takes at least this long. */
  slowReadMs: number;
  cancelRuns: number;
  /** Progress notifications (and as many output lines or log messages) per burst. */
  burst: number;
  parts: Set<Part>;
  /** Client processes sharing each latency phase's streams (round-robin), each with its own clock calibration. */
  clientProcs: number;
  /** lean: the lean readers of the same wire format carry the load (a sample uses the real tRPC client); trpc: the real clients read every stream (the old mode). */
  reader: 'lean' | 'trpc';
  /** Streams of each trpc phase read by the real tRPC client in lean mode, in a process of their own (at most a tenth of the phase). */
  trpcSample: number;
  /** The chatty tool's lines in all and per second, and the bench-probe streams measured next to it. */
  chattyLines: number;
  chattyRate: number;
  chattyStreams: number;
  /** Times the browser part runs each of its cases (the spread is over these). */
  browserRuns: number;
  /** The single large output read by one fast client (throughput). */
  hugeBytes: number;
  /** Sizes of the "ten separate executions read slowly at once" runs: one run per size, to see whether the RSS peak grows with it. */
  tenBytes: number[];
  /** Readers of one large output that stop reading at once (the stalled part: what each costs the server). */
  stalledReaders: number;
}

export const USAGE = `npm run bench [-- options]     (BENCH_QUICK=1 for a ~1 minute run)
  --quick                       shorter phases, 5 MB large output, 5 cancels
  --streams=1,100,1000          concurrent streams per level        (BENCH_STREAMS)
  --transports=trpc-sse,trpc-ws,raw-sse,poll,mcp-sse,mcp-ws,reply-sse   (BENCH_TRANSPORTS)
  --ws-clients=10               WebSocket connections sharing the streams (BENCH_WS_CLIENTS)
  --seconds=6                   measured seconds per phase          (BENCH_SECONDS)
  --interval-ms=100             pause between chunks of one stream  (BENCH_INTERVAL_MS)
  --large-mb=20                 size of the large output            (BENCH_LARGE_MB)
  --cancel-runs=20                                                  (BENCH_CANCEL_RUNS)
  --burst=10000                 progress notifications per burst    (BENCH_BURST)
  --client-procs=2              client processes sharing the streams (BENCH_CLIENT_PROCS)
  --reader=lean                 lean: bare SSE/WS parsers carry the load; trpc: the real tRPC client reads every stream (BENCH_READER)
  --trpc-sample=10              lean mode: streams per trpc phase read by the real tRPC client, reported apart (BENCH_TRPC_SAMPLE; 0 = none)
  --huge-mb=100                 one output this size, one fast reader (MB/s)  (BENCH_HUGE_MB)
  --ten-mb=5,20,40              ten executions of each size read slowly at once, at one pace (BENCH_TEN_MB)
  --stalled-readers=200         readers of one large output that stop reading, at once (BENCH_STALLED_READERS)
  --chatty-lines=500000         lines the chatty tool prints        (BENCH_CHATTY_LINES)
  --chatty-rate=50000           its lines per second                (BENCH_CHATTY_RATE)
  --chatty-streams=100          bench-probe streams measured next to it (BENCH_CHATTY_STREAMS)
  --browser-runs=3              runs of each browser case, in Chromium (BENCH_BROWSER_RUNS)
  --only=latency,large,stalled,cancel,burst,chatty,browser   run some parts only (BENCH_ONLY; default: these seven)
  (transports mcp-sse, mcp-ws: chunks from an MCP server over stdio, bench/stamp-server.ts)
  (transport reply-sse: AI replies whose deltas come from an OpenAI-protocol provider process, bench/reply-provider.ts)
  (--only=reply: the older in-process measure of AI replies, every delta of 1 or 100 replies at once; not in the default run)
  --publish                     write bench/RESULTS.md and bench/latency.png even for a partial run (BENCH_PUBLISH)
                                (a full default run always does; any other run writes them into bench-results/)`;

function flag(argv: string[], name: string): string | undefined {
  const prefix = `--${name}=`;
  const hit = argv.find((arg) => arg === `--${name}` || arg.startsWith(prefix));
  if (hit === undefined) return undefined;
  return hit.startsWith(prefix) ? hit.slice(prefix.length) : 'true';
}

function numbers(text: string, what: string): number[] {
  const values = text.split(',').map((part) => Number(part.trim()));
  if (values.length === 0 || values.some((v) => !Number.isFinite(v) || v <= 0)) throw new Error(`${what}: expected positive numbers, got "${text}"`);
  return values;
}

export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): Options {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    process.exit(0);
  }
  const get = (name: string, envName: string) => flag(argv, name) ?? env[envName];
  const quickText = get('quick', 'BENCH_QUICK');
  const quick = quickText !== undefined && quickText !== '0' && quickText !== 'false' && quickText !== '';
  const one = (name: string, envName: string, fallback: number) => {
    const text = get(name, envName);
    return text === undefined ? fallback : (numbers(text, `--${name}`)[0] ?? fallback);
  };

  const transports = (get('transports', 'BENCH_TRANSPORTS') ?? TRANSPORTS.join(',')).split(',').map((t) => t.trim());
  for (const t of transports) if (!TRANSPORTS.includes(t as Transport)) throw new Error(`unknown transport "${t}" (known: ${TRANSPORTS.join(', ')})`);
  const parts = (get('only', 'BENCH_ONLY') ?? DEFAULT_PARTS.join(',')).split(',').map((p) => p.trim());
  for (const p of parts) if (!(PARTS as readonly string[]).includes(p)) throw new Error(`unknown part "${p}" in --only (known: ${PARTS.join(', ')})`);

  const reader = get('reader', 'BENCH_READER') ?? 'lean';
  if (reader !== 'lean' && reader !== 'trpc') throw new Error(`--reader: expected lean or trpc, got "${reader}"`);
  const sampleText = get('trpc-sample', 'BENCH_TRPC_SAMPLE');
  const trpcSample = sampleText === undefined ? 10 : Number(sampleText);
  if (!Number.isInteger(trpcSample) || trpcSample < 0) throw new Error(`--trpc-sample: expected a whole number >= 0, got "${sampleText}"`);
  const intervalMs = one('interval-ms', 'BENCH_INTERVAL_MS', 100);
  const seconds = one('seconds', 'BENCH_SECONDS', quick ? 2 : 6);
  const streamsText = get('streams', 'BENCH_STREAMS');
  return {
    quick,
    streams: streamsText === undefined ? [1, 100, 1000] : numbers(streamsText, '--streams').map(Math.round),
    transports: transports as Transport[],
    wsClients: Math.round(one('ws-clients', 'BENCH_WS_CLIENTS', 10)),
    schedule: {
      // About one second of warm-up, discarded: connection set-up, JIT, the first commits.
      warmup: Math.max(1, Math.round((quick ? 500 : 1000) / intervalMs)),
      chunks: Math.max(1, Math.round((seconds * 1000) / intervalMs)),
      cooldown: Math.max(1, Math.round(300 / intervalMs)),
      intervalMs,
    },
    drainMs: quick ? 5_000 : 10_000,
    setupTimeoutMs: 60_000,
    pollMs: 10,
    largeBytes: Math.round(one('large-mb', 'BENCH_LARGE_MB', quick ? 5 : 20) * 1024 * 1024),
    slowReadMs: quick ? 3_000 : 10_000,
    cancelRuns: Math.round(one('cancel-runs', 'BENCH_CANCEL_RUNS', quick ? 5 : 20)),
    burst: Math.round(one('burst', 'BENCH_BURST', quick ? 2_000 : 10_000)),
    parts: new Set(parts as Part[]),
    clientProcs: Math.round(one('client-procs', 'BENCH_CLIENT_PROCS', 2)),
    reader,
    trpcSample,
    chattyLines: Math.round(one('chatty-lines', 'BENCH_CHATTY_LINES', quick ? 150_000 : 500_000)),
    chattyRate: Math.round(one('chatty-rate', 'BENCH_CHATTY_RATE', 50_000)),
    chattyStreams: Math.round(one('chatty-streams', 'BENCH_CHATTY_STREAMS', 100)),
    browserRuns: Math.round(one('browser-runs', 'BENCH_BROWSER_RUNS', 3)),
    stalledReaders: Math.round(one('stalled-readers', 'BENCH_STALLED_READERS', quick ? 50 : 200)),
    hugeBytes: Math.round(one('huge-mb', 'BENCH_HUGE_MB', quick ? 20 : 100) * 1024 * 1024),
    tenBytes: (() => {
      const text = get('ten-mb', 'BENCH_TEN_MB');
      return (text === undefined ? (quick ? [1, 5] : [5, 20, 40]) : numbers(text, '--ten-mb')).map((mb) => Math.round(mb * 1024 * 1024));
    })(),
  };
}
