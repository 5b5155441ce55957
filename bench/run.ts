/**
 * `npm run bench`: stream latency and throughput of the real app, side by side with a raw SSE floor
 * and the seed's 10 ms polling, plus large outputs, cancel latency and event-log batching — one run.
 *
 * This process is the server: the real app (startApp on port 0, its own temp data dir), the raw
 * comparison servers, and the probe tools all live here, and this is the process whose CPU, loop
 * delay and memory are sampled. Every client runs in one forked process (client.ts).
 * Nothing here asserts on time: the numbers are reported, never judged.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startApp, type App } from '../server/app';
import { ConfigSchema } from '../server/config/schema';
import type { ClientProcess } from './child';
import { parseOptions, type Options } from './options';
import { ClientPool } from './pool';
import { createProbeTools } from './probe';
import { startRawServers, type RawServers } from './raw-servers';
import { browserPart } from './browser';
import { stalledPhase } from './stalled-phase';
import { burstPhase, cancelPhase, chattyPhase, largePhases, latencyPhase, replyPhase, type PhaseContext } from './phases';
import { isTrpc, MCP_TRANSPORTS } from './protocol';
import { publishAfterRun } from './publish';
import { formatResults, machine, writeResults, type Results } from './report';
import { machineBusyPct, ServerSampler } from './sampler';
import { Gate, now } from './schedule';

const opts = parseOptions(process.argv.slice(2), process.env);
const RESULTS_DIR = fileURLToPath(new URL('../bench-results', import.meta.url));
const EDGE_SERVER = fileURLToPath(new URL('../server/integration/fixtures/edge-server.ts', import.meta.url));
const STAMP_SERVER = fileURLToPath(new URL('./stamp-server.ts', import.meta.url));
const REPLY_PROVIDER = fileURLToPath(new URL('./reply-provider.ts', import.meta.url));
const gate = new Gate();
const counters = { outputs: 0 };
const sampler = new ServerSampler();
const dataDir = mkdtempSync(join(tmpdir(), 'fragments-bench-'));
let app: App | undefined;
let raw: RawServers | undefined;
let client: ClientProcess | undefined;
let pool: ClientPool | undefined;
let provider: ChildProcess | undefined;

let cleaned = false;
async function cleanup(): Promise<void> {
  if (cleaned) return;
  cleaned = true;
  pool?.kill();
  provider?.kill();
  gate.open(); // release any probe still parked at the gate so shutdown is prompt
  await Promise.allSettled([app?.close(), raw?.close()]);
  rmSync(dataDir, { recursive: true, force: true });
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void cleanup().finally(() => process.exit(130)));
}

/** Starts bench/reply-provider.ts and resolves with the URL it prints. */
async function startProvider(orchestratorUrl: string): Promise<string> {
  provider = spawn(process.execPath, ['--import', 'tsx', REPLY_PROVIDER], { env: { ...process.env, BENCH_ORCHESTRATOR_URL: orchestratorUrl }, stdio: ['pipe', 'pipe', 'inherit'] });
  const child = provider;
  let printed = '';
  child.stdout?.setEncoding('utf8').on('data', (part: string) => (printed += part));
  const url = await Promise.race([
    (async () => {
      while (!printed.includes('\n')) await once(child.stdout as NodeJS.ReadableStream, 'data');
      return printed.trim();
    })(),
    once(child, 'exit').then(([code]) => Promise.reject(new Error(`the reply provider exited (${String(code)}) before it listened`))),
  ]);
  return url;
}

async function main(o: Options): Promise<void> {
  const started = now();
  const maxStreams = Math.max(...o.streams);
  if (maxStreams > 1000) console.warn(`queue.concurrency is capped at 1000 by the config schema: ${maxStreams} streams will not all run at once`);
  // Every probe must run at once (they hold their executions open for the whole phase).
  // The burst part also runs an MCP server over stdio (the integration tests' edge server).
  const mcpServers: Record<string, unknown> = o.parts.has('burst') || o.parts.has('browser') ? { edge: { command: process.execPath, args: ['--import', 'tsx', EDGE_SERVER, 'stdio'] } } : {};
  // The raw servers come first: the MCP stamp server (transports mcp-sse, mcp-ws) reads its clock and gate from them.
  raw = await startRawServers(gate, counters);
  if (o.parts.has('latency') && o.transports.some((t) => MCP_TRANSPORTS.includes(t))) {
    mcpServers.stamp = { command: process.execPath, args: ['--import', 'tsx', STAMP_SERVER, 'stdio'], env: { BENCH_ORCHESTRATOR_URL: raw.url } };
  }
  // reply-sse: the AI provider is a process of its own (reply-provider.ts); the app's `ai` points at it.
  const ai = o.parts.has('latency') && o.transports.includes('reply-sse') ? { baseUrl: `${await startProvider(raw.url)}/v1`, apiKey: 'bench', model: 'bench' } : undefined;
  // Every bench client shares one address: the per-client subscription limit would refuse the 1000-stream phase.
  // Large outputs must be kept whole and stream live: the reader checks every byte arrived, and an
  // output past the first half of limits.outputKeptChars is held and written when the run ends.
  const outputKeptChars = 2 * Math.max(25_000_000, o.largeBytes, o.hugeBytes, ...o.tenBytes) + 1_000_000;
  const config = ConfigSchema.parse({ queue: { concurrency: 1000, maxQueued: 2000 }, limits: { subscriptionsPerClient: 100_000, outputKeptChars }, mcpServers, ...(ai ? { ai } : {}) });
  app = await startApp({ config, dataDir, port: 0, log: () => undefined, extraTools: createProbeTools(gate, counters) });
  // The tRPC-client sample needs a process of its own only when a trpc latency phase runs in lean mode.
  const sample = o.reader === 'lean' && o.trpcSample > 0 && o.parts.has('latency') && o.transports.some(isTrpc);
  pool = new ClientPool(o.clientProcs, sample);
  client = pool.procs[0] as ClientProcess;
  const clocks = await pool.clocks();
  const clock = clocks[0] ?? { offsetMs: 0, rttMs: NaN };
  const results: Results = { startedAt: new Date().toISOString(), seconds: 0, machine: machine(), loadAverage: loadavg(), options: { ...o, parts: [...o.parts] }, clock, clocks, latency: [], large: [], burst: [], reply: [] };
  // Other work on this machine (a test run, a browser) shows up in every number: say so up front.
  const busy = await machineBusyPct(1000);
  if (busy > 30) console.warn(`bench: other work is using ${busy.toFixed(0)}% of a core on this ${results.machine.cpus}-CPU machine; numbers will be noisy`);
  console.log(`bench: app ${app.url}, raw ${raw.url}, ${o.quick ? 'quick' : 'full'} run, ${o.schedule.chunks} chunks/stream every ${o.schedule.intervalMs} ms after ${o.schedule.warmup} warm-up`);

  const ctx: PhaseContext = { app, raw, client, pool, gate, counters, sampler, opts: o, nextId: 1 };
  if (o.parts.has('latency')) {
    for (const streams of o.streams) for (const transport of o.transports) results.latency.push(...(await latencyPhase(ctx, transport, streams)));
  }
  if (o.parts.has('large')) await largePhases(ctx, results);
  if (o.parts.has('stalled')) await stalledPhase(ctx, results);
  if (o.parts.has('cancel')) await cancelPhase(ctx, results);
  if (o.parts.has('burst')) await burstPhase(ctx, results);
  if (o.parts.has('chatty')) await chattyPhase(ctx, results);
  if (o.parts.has('reply')) await replyPhase(results);
  if (o.parts.has('browser')) results.browser = await browserPart(app, o.browserRuns);
  if (raw.stamp.clock) results.stampClock = raw.stamp.clock;

  results.seconds = (now() - started) / 1000;
  console.log(`\n${formatResults(results)}`);
  console.log(`\nwrote ${writeResults(results, RESULTS_DIR)}`);
  await publishAfterRun(results, process.argv.slice(2));
}

// A last resort bound on the whole run: every wait above has its own timeout, this catches the rest.
const overall = setTimeout(() => {
  console.error('bench: the overall time limit was hit; stopping');
  void cleanup().finally(() => process.exit(2));
}, opts.quick ? 5 * 60_000 : 15 * 60_000);
overall.unref();

try {
  await main(opts);
} catch (error) {
  console.error('bench failed:', error);
  process.exitCode = 1;
} finally {
  await cleanup();
  clearTimeout(overall);
}
// Lingering keep-alive sockets or timers of the stopped app must not keep the benchmark alive.
process.exit(process.exitCode ?? 0);
