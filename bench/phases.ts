/**
 * The three kinds of measurement, run by run.ts against the app and raw servers it started:
 * chunk latency per transport and stream count, large outputs, cancel latency.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { App } from '../server/app';
import { burstCase } from './burst';
import { replyLatency } from './reply';
import type { ClientProcess } from './child';
import type { Options } from './options';
import { bottleneckOf, type ClientPool } from './pool';
import type { ProbeCounters } from './probe';
import { summarize, type Transport } from './protocol';
import type { RawServers } from './raw-servers';
import type { PhaseFailure, PhaseReport, Results } from './report';
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

/** One phase; one row per reader (lean, then the tRPC-client sample of a trpc phase), or one failure. */
export async function latencyPhase(ctx: PhaseContext, transport: Transport, streams: number): Promise<Array<PhaseReport | PhaseFailure>> {
  const { app, raw, pool, gate, sampler, opts } = ctx;
  const id = ctx.nextId++;
  gate.reset();
  raw.reset();
  // The previous phase's garbage (1000 closed streams) must not be collected on this phase's time.
  collectGarbage();
  const isTrpc = transport === 'trpc-sse' || transport === 'trpc-ws';
  process.stdout.write(`  ${transport.padEnd(8)} x ${String(streams).padStart(4)} streams ... ${process.env.BENCH_TRACE ? '\n' : ''}`);
  const { log } = app.services;
  const stopTrace = startTrace(() => ({ commits: log.stats.transactions, rows: log.stats.rowsWritten, waiters: log.waiterCount() }));
  try {
    const ready = await pool.ready(
      { cmd: 'latency', id, transport, url: isTrpc ? app.url : raw.url, streams, schedule: opts.schedule, wsClients: opts.wsClients, pollMs: opts.pollMs, setupTimeoutMs: opts.setupTimeoutMs },
      opts,
      opts.setupTimeoutMs + 60_000,
    );
    const log0 = { ...log.stats };
    const outputs0 = ctx.counters.outputs;
    const stopProfile = await startProfile(`${transport}-${streams}`);
    sampler.start();
    gate.open();
    const openedAt = now();
    // Streams are offset by up to one interval; after the last chunk, lagging ones get drainMs to catch up.
    const endAt = openedAt + opts.schedule.intervalMs + scheduleSpanMs(opts.schedule) + opts.drainMs;
    const run = await pool.go(id, endAt, endAt - now() + 60_000);
    const server = sampler.stop();
    await stopProfile();
    const windowMs = now() - openedAt;
    // Counted, not computed from the schedule: a saturated server emits fewer chunks than planned.
    const serverUsPerChunk = ((server.cpuPct / 100) * windowMs * 1000) / Math.max(1, ctx.counters.outputs - outputs0);
    if (isTrpc) await settle(app);
    const batching = isTrpc
      ? { commits: log.stats.transactions - log0.transactions, rows: log.stats.rowsWritten - log0.rowsWritten, chunks: ctx.counters.outputs - outputs0 }
      : undefined;
    const bottleneck = bottleneckOf(server, run.processes);
    const phaseClientCpuPct = run.processes.reduce((sum, p) => sum + p.cpuPct, 0);
    const reports: PhaseReport[] = run.rows.map((result, i) => ({
      ...result,
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
  const mb = `${(opts.largeBytes / 1024 / 1024).toFixed(0)} MB`;
  const variants = [
    { output: `${mb} as 64 KiB outputs`, chunkBytes: 64 * 1024 },
    { output: `${mb} as one output`, chunkBytes: opts.largeBytes },
  ];
  // The server stores and sends at most 64 KiB per event, so the event count is known up front.
  const events = Math.ceil(opts.largeBytes / (64 * 1024));
  const delayMs = Math.ceil(opts.slowReadMs / events);
  // Fast and slow readers of each shape, then ten slow readers at once: a slow reader's memory cost times ten.
  const runs = variants.flatMap((variant) => [
    { variant, reader: 'fast' as const, readers: 1 },
    { variant, reader: 'slow' as const, readers: 1 },
  ]);
  const first = variants[0];
  if (first) runs.push({ variant: first, reader: 'slow', readers: 10 });
  for (const { variant, reader, readers } of runs) {
    process.stdout.write(`  large: ${variant.output}, ${readers > 1 ? `${readers} ` : ''}${reader} reader(s) ... `);
    collectGarbage();
    await sleep(200);
    sampler.start();
    try {
      const id = ctx.nextId++;
      const request = { url: app.url, bytes: opts.largeBytes, chunkBytes: variant.chunkBytes, reader, readers, delayMs };
      const { result } = await client.ask({ cmd: 'large', id, ...request }, 'large', 240_000);
      const server = sampler.stop();
      results.large.push({ ...result, output: variant.output, reader, readers, bytes: opts.largeBytes, delayMs: reader === 'slow' ? delayMs : 0, server });
      console.log(`${(result.ms / 1000).toFixed(2)} s, server RSS peak ${server.rssPeakMB.toFixed(0)} MB`);
    } catch (error) {
      sampler.stop();
      console.log(`failed: ${(error as Error).message}`);
    }
    await settle(app);
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
