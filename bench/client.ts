/**
 * The load-generating client process. It runs apart from the server so that 1000 EventSource
 * parsers do not share the server's event loop (which would inflate every server-side number),
 * and takes its orders from run.ts over the fork IPC channel.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { readChatty } from './chatty';
import { runCancel, runLarge } from './large';
import type { FromChild, LatencyResult, RawSamples, ToChild } from './protocol';
import { summarize } from './protocol';
import { leanOpeners, openers } from './readers';
import { PhaseRecorder } from './recorder';
import { openStalled } from './stalled';
import { now } from './schedule';

function send(message: FromChild): void {
  process.send?.(message);
}

const waiting = new Map<string, (message: ToChild) => void>();
function next(key: string): Promise<ToChild> {
  return new Promise((resolve) => waiting.set(key, resolve));
}

/**
 * Both processes stamp with `performance.timeOrigin + performance.now()`, but each process fixes its
 * time origin once at start, so the two clocks can disagree by a fraction of a millisecond — the
 * size of what we measure. NTP-style: the sample with the shortest round trip bounds the error by
 * half of it.
 */
async function calibrate(): Promise<{ offsetMs: number; rttMs: number }> {
  let best = { offsetMs: 0, rttMs: Infinity };
  for (let i = 0; i < 40; i++) {
    const t0 = now();
    send({ type: 'ping', t0 });
    const pong = await next('pong');
    const t1 = now();
    if (pong.cmd !== 'pong') continue;
    if (t1 - t0 < best.rttMs) best = { offsetMs: pong.parentNow - (t0 + t1) / 2, rttMs: t1 - t0 };
  }
  return best;
}

let clockOffset = 0;

async function latencyPhase(msg: Extract<ToChild, { cmd: 'latency' }>): Promise<{ result: LatencyResult; raw: RawSamples }> {
  const slots = msg.slots ?? Array.from({ length: msg.streams }, (_, i) => i);
  const reader = msg.reader ?? 'trpc-client';
  const rec = new PhaseRecorder(slots.length, msg.schedule.chunks, msg.schedule.intervalMs, clockOffset);
  const setupStart = now();
  const opened = await (reader === 'lean' ? leanOpeners : openers)[msg.transport]({ ...msg, slots, phase: msg.id, rec });
  await rec.until(() => rec.live === slots.length, now() + msg.setupTimeoutMs);
  const go = next(`go:${msg.id}`);
  send({ type: 'ready', id: msg.id, live: rec.live, setupMs: now() - setupStart });
  const started = await go;
  if (started.cmd !== 'go') throw new Error('expected go');
  const cpu = process.cpuUsage();
  const wall = now();
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  // The deadline is on the server's clock; this process's clock is `clockOffset` behind it.
  await rec.until(() => rec.finished === slots.length, started.endAt - clockOffset);
  loop.disable();
  const used = process.cpuUsage(cpu);
  const elapsed = now() - wall;
  const requests = opened.requests?.();
  await opened.close();
  const expected = slots.length * msg.schedule.chunks;
  const cpuPct = ((used.user + used.system) / 1000 / elapsed) * 100;
  const loopP99 = Math.max(0, loop.percentile(99) / 1e6 - 5);
  const result: LatencyResult = {
    transport: msg.transport,
    streams: slots.length,
    live: rec.live,
    expected,
    received: rec.received,
    lost: expected - rec.received,
    duplicates: rec.duplicates,
    outOfOrder: rec.outOfOrder,
    events: rec.events,
    finished: rec.finished,
    errors: rec.errorSummary(),
    latency: summarize(rec.samples),
    fromSchedule: summarize(rec.fromSchedule),
    bySecond: Array.from(rec.bySecond, (samples = [], second) => {
      const { count, p50, p99 } = summarize(samples);
      return { second, count, p50, p99 };
    }),
    clientCpuPct: cpuPct,
    clientLoopP99: loopP99,
    ...(requests === undefined ? {} : { requests }),
    reader,
    clientProcs: 1,
    clientCpuPcts: [cpuPct],
    clientLoopP99s: [loopP99],
    // Only the orchestrator sees every process of the phase; it fills this in.
    bottleneck: '',
  };
  return { result, raw: { samples: rec.samples, fromSchedule: rec.fromSchedule, bySecond: Array.from(rec.bySecond, (s) => s ?? []) } };
}

async function handle(msg: ToChild): Promise<void> {
  switch (msg.cmd) {
    case 'pong':
      return waiting.get('pong')?.(msg);
    case 'go':
      return waiting.get(`go:${msg.id}`)?.(msg);
    case 'latency':
      return send({ type: 'latency', id: msg.id, ...(await latencyPhase(msg)) });
    case 'large':
      return send({ type: 'large', id: msg.id, result: await runLarge(msg) });
    case 'cancel':
      return send({ type: 'cancel', id: msg.id, ...(await runCancel(msg.url, msg.runs)) });
    case 'chatty': {
      const started = now();
      const onReady = () => send({ type: 'ready', id: msg.id, live: 1, setupMs: now() - started });
      return send({ type: 'chatty', id: msg.id, result: await readChatty(msg, onReady) });
    }
    case 'stalled': {
      const stalled = await openStalled(msg);
      const go = next(`go:${msg.id}`);
      send({ type: 'ready', id: msg.id, live: msg.readers, setupMs: 0 });
      await go;
      return send({ type: 'stalled', id: msg.id, result: await stalled.readOn(msg.timeoutMs) });
    }
  }
}

process.on('message', (msg: ToChild) => {
  handle(msg).catch((error: unknown) => {
    const id = 'id' in msg ? msg.id : -1;
    send({ type: 'failed', id, error: error instanceof Error ? error.message : String(error) });
  });
});
// The orchestrator going away (crash, Ctrl-C) must not leave this process behind.
process.on('disconnect', () => process.exit(0));

const clock = await calibrate();
clockOffset = clock.offsetMs;
send({ type: 'clock', ...clock });
