/**
 * The three kinds of measurement, run by run.ts against the app and raw servers it started:
 * chunk latency per transport and stream count, large outputs, cancel latency.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { App } from '../server/app';
import { burstCase } from './burst';
import { sseClient } from './readers';
import { replyLatency } from './reply';
import type { ClientProcess } from './child';
import type { Options } from './options';
import { bottleneckOf, type ClientPool } from './pool';
import type { ProbeCounters } from './probe';
import { MCP_TRANSPORTS, isTrpc, summarize, type ChattyRead, type Transport } from './protocol';
import { processCpuMs, type RawServers } from './raw-servers';
import type { ChattyReport, PhaseFailure, PhaseReport, Results } from './report';
import { collectGarbage, startProfile, startTrace, type ServerSampler } from './sampler';
import { now, scheduleSpanMs, type Gate } from './schedule';

export interface PhaseContext {
  app: App;
  raw: RawServers;
  client: ClientProcess;
  /** The latency phases' client processes (pool.ts); `client` is its first, for the other parts. */
  pool: ClientPool;
  gate: Gate;
  counters: ProbeCounters;
  sampler: ServerSampler;
  opts: Options;
  /** Ids pair each command with its answer from the client process. */
  nextId: number;
}

/** Waits for the app's queue to drain between phases (bounded: a stuck run must not stall the benchmark). */
export async function settle(app: App): Promise<void> {
  await Promise.race([app.services.executor.idle(), sleep(30_000)]);
}

/**
 * One phase; one row per reader (lean, then the tRPC-client sample of a trpc phase), or one failure.
 * `beforeGate` runs once every stream is live, before the gate opens: another load that starts with
 * the gate (the chatty tool) is set up there.
 */
export async function latencyPhase(
  ctx: PhaseContext,
  transport: Transport,
  streams: number,
  hooks: { beforeGate?: () => Promise<void> } = {},
): Promise<Array<PhaseReport | PhaseFailure>> {
  const { app, raw, pool, gate, sampler, opts } = ctx;
  const id = ctx.nextId++;
  gate.reset();
  raw.reset();
  // The previous phase's garbage (1000 closed streams) must not be collected on this phase's time.
  collectGarbage();
  const isMcp = MCP_TRANSPORTS.includes(transport);
  const servedByApp = isTrpc(transport);
  process.stdout.write(`  ${transport.padEnd(8)} x ${String(streams).padStart(4)} streams ... ${process.env.BENCH_TRACE ? '\n' : ''}`);
  const { log } = app.services;
  const stopTrace = startTrace(() => ({ commits: log.stats.transactions, rows: log.stats.rowsWritten, waiters: log.waiterCount() }));
  try {
    const ready = await pool.ready(
      { cmd: 'latency', id, transport, url: servedByApp ? app.url : raw.url, streams, schedule: opts.schedule, wsClients: opts.wsClients, pollMs: opts.pollMs, setupTimeoutMs: opts.setupTimeoutMs },
      opts,
      opts.setupTimeoutMs + 60_000,
    );
    await hooks.beforeGate?.();
    const log0 = { ...log.stats };
    // The MCP stamp server counts its own chunks (another process) and reports them as its calls end.
    const emitted = () => ctx.counters.outputs + raw.stamp.emitted;
    const outputs0 = emitted();
    const stampCpu = () => (isMcp && raw.stamp.pid !== undefined ? processCpuMs(raw.stamp.pid) : undefined);
    const stampCpu0 = stampCpu();
    const stopProfile = await startProfile(`${transport}-${streams}`);
    sampler.start();
    gate.open();
    const openedAt = now();
    // Streams are offset by up to one interval; after the last chunk, lagging ones get drainMs to catch up.
    const endAt = openedAt + opts.schedule.intervalMs + scheduleSpanMs(opts.schedule) + opts.drainMs;
    const run = await pool.go(id, endAt, endAt - now() + 60_000);
    const server = sampler.stop();
    await stopProfile();
    const stampCpu1 = stampCpu();
    const windowMs = now() - openedAt;
    if (servedByApp) await settle(app);
    // Counted, not computed from the schedule: a saturated server emits fewer chunks than planned.
    const serverUsPerChunk = ((server.cpuPct / 100) * windowMs * 1000) / Math.max(1, emitted() - outputs0);
    const batching = servedByApp
      ? { commits: log.stats.transactions - log0.transactions, rows: log.stats.rowsWritten - log0.rowsWritten, chunks: emitted() - outputs0 }
      : undefined;
    const bottleneck = bottleneckOf(server, run.processes);
    const phaseClientCpuPct = run.processes.reduce((sum, p) => sum + p.cpuPct, 0);
    const source = isMcp ? ('mcp-stdio' as const) : ('in-process' as const);
    const stampCpuPct = stampCpu0 !== undefined && stampCpu1 !== undefined ? ((stampCpu1 - stampCpu0) / windowMs) * 100 : undefined;
    const reports: PhaseReport[] = run.rows.map((result, i) => ({
      ...result,
      source,
      ...(stampCpuPct === undefined ? {} : { stampCpuPct }),
      bottleneck,
      phaseClientCpuPct,
      phaseStreams: streams,
      setupMs: ready.setupMs,
      windowMs,
      serverUsPerChunk,
      server,
      ...(batching && i === 0 ? { log: batching } : {}),
    }));
    console.log(reports.map((r) => `${r.reader}: p50 ${r.latency.p50.toFixed(2)} ms, p99 ${r.latency.p99.toFixed(2)} ms, lost ${r.lost}`).join('; ') + `; bottleneck: ${bottleneck}`);
    return reports;
  } catch (error) {
    gate.open();
    sampler.stop();
    await settle(app);
    const failed = error instanceof Error ? error.message : String(error);
    console.log(`failed: ${failed}`);
    return [{ transport, streams, failed }];
  } finally {
    stopTrace();
  }
}

export async function largePhases(ctx: PhaseContext, results: Results): Promise<void> {
  const { app, client, sampler, opts } = ctx;
  const size = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
  const mb = size(opts.largeBytes);
  const variants = [
    { output: `${mb} as 64 KiB outputs`, chunkBytes: 64 * 1024 },
    { output: `${mb} as one output`, chunkBytes: opts.largeBytes },
  ];
  // The server stores and sends at most 64 KiB per event, so the event count is known up front;
  // slow readers pause so that every slow read takes about slowReadMs, whatever the size.
  const delayFor = (bytes: number) => Math.ceil(opts.slowReadMs / Math.ceil(bytes / (64 * 1024)));
  type Run = { output: string; bytes: number; chunkBytes: number; reader: 'fast' | 'lean' | 'slow'; readers: number; executions: number };
  // Fast and slow readers of each shape, then ten slow readers at once: a slow reader's memory cost times ten.
  const runs: Run[] = variants.flatMap((variant) => [
    { ...variant, bytes: opts.largeBytes, reader: 'fast' as const, readers: 1, executions: 1 },
    { ...variant, bytes: opts.largeBytes, reader: 'slow' as const, readers: 1, executions: 1 },
  ]);
  const first = variants[0];
  if (first) runs.push({ ...first, bytes: opts.largeBytes, reader: 'slow', readers: 10, executions: 1 });
  // Throughput: one big output, one fast reader: the tRPC client, then the lean parser (the server's side of it).
  for (const reader of ['fast', 'lean'] as const) {
    runs.push({ output: `${size(opts.hugeBytes)} as 64 KiB outputs`, bytes: opts.hugeBytes, chunkBytes: 64 * 1024, reader, readers: 1, executions: 1 });
  }
  // Ten separate executions read slowly at once, at each size: does the server's peak grow with the output size?
  // Smallest first, so a later (bigger) run cannot owe a flat peak to memory an earlier one took.
  for (const bytes of opts.tenBytes) {
    runs.push({ output: `10 runs x ${size(bytes)} as 64 KiB outputs`, bytes, chunkBytes: 64 * 1024, reader: 'slow', readers: 1, executions: 10 });
  }
  for (const { output, bytes, chunkBytes, reader, readers, executions } of runs) {
    process.stdout.write(`  large: ${output}, ${readers > 1 ? `${readers} ` : ''}${reader} reader(s) ... `);
    collectGarbage();
    await sleep(200);
    sampler.start();
    try {
      const id = ctx.nextId++;
      // The ten-run sizes share one pace (the largest's), so their peaks differ by size alone, not by rate.
      const delayMs = reader === 'slow' ? delayFor(executions > 1 ? Math.max(...opts.tenBytes) : bytes) : 0;
      const request = { url: app.url, bytes, chunkBytes, reader, readers, delayMs, executions };
      const { result } = await client.ask({ cmd: 'large', id, ...request }, 'large', 240_000);
      const server = sampler.stop();
      const total = result.totalChars ?? result.chars * readers * executions;
      const mbPerSecond = total / 1024 / 1024 / (result.ms / 1000);
      results.large.push({ ...result, output, reader, readers, bytes, delayMs, server, executions, mbPerSecond });
      console.log(`${(result.ms / 1000).toFixed(2)} s, ${mbPerSecond.toFixed(1)} MB/s, server RSS peak ${server.rssPeakMB.toFixed(0)} MB`);
    } catch (error) {
      sampler.stop();
      console.log(`failed: ${(error as Error).message}`);
    }
    await settle(app);
  }
}

/**
 * The chatty tool: `bench-chatty` prints `chattyLines` short lines at `chattyRate` a second (one
 * ctx.output each, in 1 ms batches) while `chattyStreams` bench-probe streams run the usual schedule
 * over tRPC SSE. Reported: the other streams' latency, and whether the chatty stream's own reader
 * (in the client process) got every line.
 */
export async function chattyPhase(ctx: PhaseContext, results: Results): Promise<void> {
  const { app, client, opts } = ctx;
  const { chattyLines: lines, chattyRate: perSecond, chattyStreams: streams } = opts;
  const chatty: ChattyReport[] = (results.chatty ??= []);
  const timeoutMs = (lines / perSecond) * 1000 + opts.drainMs + 120_000;
  let read: Promise<ChattyRead> | undefined;
  ctx.counters.chatty = undefined;
  const beforeGate = async () => {
    const sent = await sseClient(app.url).chat.send.mutate({ content: `/bench-chatty lines=${lines} perSecond=${perSecond}` });
    if (sent.type !== 'tool_execution') throw new Error('bench-chatty was not run as a tool');
    const id = ctx.nextId++;
    read = client.wait((m) => m.type === 'chatty' && m.id === id, timeoutMs).then((m) => (m as Extract<typeof m, { type: 'chatty' }>).result);
    read.catch(() => undefined);
    await client.ask({ cmd: 'chatty', id, url: app.url, executionId: sent.executionId, lines, timeoutMs }, 'ready', 60_000);
  };
  process.stdout.write(`  chatty: ${lines} lines at ${perSecond}/s next to ... `);
  // The lean-reader row: the chatty phase is about the server, not the tRPC client sample.
  const others = (await latencyPhase(ctx, 'trpc-sse', streams, { beforeGate }))[0] ?? { transport: 'trpc-sse', streams, failed: 'the phase returned no row' };
  let received: ChattyRead | { failed: string };
  try {
    if (!read) throw new Error('the chatty tool was not started');
    received = await read;
  } catch (error) {
    received = { failed: (error as Error).message };
  }
  await settle(app);
  const report: ChattyReport = { lines, perSecond, streams, sent: ctx.counters.chatty ?? { lines: 0, bytes: 0, ms: 0, maxBatch: 0 }, received, others };
  chatty.push(report);
  if ('failed' in received) console.log(`  chatty stream: failed: ${received.failed}`);
  else {
    const s = report.sent;
    console.log(
      `  chatty stream: ${received.lines}/${s.lines} lines, ${received.bytes}/${s.bytes} bytes, ${received.missing} missing, sent in ${(s.ms / 1000).toFixed(2)} s (max batch ${s.maxBatch})`,
    );
  }
}

export async function cancelPhase(ctx: PhaseContext, results: Results): Promise<void> {
  const { app, client, opts } = ctx;
  process.stdout.write(`  cancel x ${opts.cancelRuns} ... `);
  try {
    const answer = await client.ask({ cmd: 'cancel', id: ctx.nextId++, url: app.url, runs: opts.cancelRuns }, 'cancel', opts.cancelRuns * 15_000 + 30_000);
    results.cancel = { runs: opts.cancelRuns, latency: summarize(answer.latencies), errors: answer.errors };
    console.log(`p50 ${results.cancel.latency.p50.toFixed(2)} ms`);
  } catch (error) {
    results.cancel = { failed: (error as Error).message };
    console.log(`failed: ${results.cancel.failed}`);
  }
  await settle(app);
}

/** Bursts of progress and log notifications: every one kept, and what that costs the event log. */
export async function burstPhase(ctx: PhaseContext, results: Results): Promise<void> {
  const n = ctx.opts.burst;
  for (const command of [`/count to=${n} intervalMs=0`, `/edge.burst count=${n}`]) {
    process.stdout.write(`  burst ${command} ... `);
    try {
      const report = await burstCase(ctx.app, command, n);
      results.burst.push(report);
      console.log(`${report.progressReceived}/${n} progress kept, ${report.rows} rows, ${(report.ms / 1000).toFixed(2)} s`);
    } catch (error) {
      results.burst.push({ command, failed: (error as Error).message });
      console.log(`failed: ${(error as Error).message}`);
    }
    await settle(ctx.app);
  }
}

/** AI replies at 1 and 100 at once, each with its own app and provider (bench/reply.ts). */
export async function replyPhase(results: Results): Promise<void> {
  for (const streams of [1, 100]) {
    process.stdout.write(`  reply x ${streams} ... `);
    try {
      const report = await replyLatency(streams);
      results.reply.push(report);
      console.log(`p50 ${report.p50.toFixed(2)} ms, p99 ${report.p99.toFixed(2)} ms, lost ${report.lost}`);
    } catch (error) {
      results.reply.push({ streams, failed: (error as Error).message });
      console.log(`failed: ${(error as Error).message}`);
    }
  }
}
