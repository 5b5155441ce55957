/** Knobs of `npm run bench`: CLI flags (`-- --streams=1,100`) win over environment variables, which win over defaults. */
import { TRANSPORTS, type Transport } from './protocol';
import type { Schedule } from './schedule';

export const PARTS = ['latency', 'large', 'cancel', 'burst', 'reply'] as const;
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
}

export const USAGE = `npm run bench [-- options]     (BENCH_QUICK=1 for a ~1 minute run)
  --quick                       shorter phases, 5 MB large output, 5 cancels
  --streams=1,100,1000          concurrent streams per level        (BENCH_STREAMS)
  --transports=trpc-sse,trpc-ws,raw-sse,poll                          (BENCH_TRANSPORTS)
  --ws-clients=10               WebSocket connections sharing the streams (BENCH_WS_CLIENTS)
  --seconds=6                   measured seconds per phase          (BENCH_SECONDS)
  --interval-ms=100             pause between chunks of one stream  (BENCH_INTERVAL_MS)
  --large-mb=20                 size of the large output            (BENCH_LARGE_MB)
  --cancel-runs=20                                                  (BENCH_CANCEL_RUNS)
  --burst=10000                 progress notifications per burst    (BENCH_BURST)
  --only=latency,large,cancel,burst,reply   run some parts only     (BENCH_ONLY)
  (reply: AI reply deltas at 1 and 100 replies at once, through a local OpenAI-protocol server)
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
  const parts = (get('only', 'BENCH_ONLY') ?? PARTS.join(',')).split(',').map((p) => p.trim());
  for (const p of parts) if (!(PARTS as readonly string[]).includes(p)) throw new Error(`unknown part "${p}" in --only (known: ${PARTS.join(', ')})`);

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
  };
}
