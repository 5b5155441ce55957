/**
 * The client processes of a latency phase (issue 11): `--client-procs` forked client.ts processes
 * share the phase's streams round-robin, each with its own clock calibration, and in lean mode one
 * more process reads a small sample of the tRPC streams with the real tRPC client. The parent
 * merges their raw samples (exact percentiles over every sample) into one row per reader, and says
 * which process was saturated.
 */
import { availableParallelism } from 'node:os';
import { ClientProcess } from './child';
import type { Options } from './options';
import { isTrpc, summarize, type LatencyResult, type RawSamples, type Reader, type ToChild, type Transport } from './protocol';
import type { ServerSample } from './sampler';

type LatencyCommand = Extract<ToChild, { cmd: 'latency' }>;

/** At or above this share of one core a process counts as saturated. */
export const SATURATED_PCT = 90;

export interface ProcessLoad {
  name: string;
  cpuPct: number;
  loopP99: number;
}

interface Part {
  proc: ClientProcess;
  name: string;
  reader: Reader;
  slots: number[];
}

export interface PoolRun {
  /** One row per reader: the lean (or, with --reader=trpc, the all-tRPC) row first, then the tRPC-client sample if any. */
  rows: LatencyResult[];
  /** Every client process of the phase, for the bottleneck. */
  processes: ProcessLoad[];
}


/** Streams of a trpc phase read by the real tRPC client in lean mode: at most a tenth of the phase (none at 1 stream). */
export function sampleSize(transport: Transport, streams: number, opts: Pick<Options, 'reader' | 'trpcSample'>): number {
  if (opts.reader !== 'lean' || !isTrpc(transport)) return 0;
  return Math.max(0, Math.min(opts.trpcSample, Math.floor(streams / 10)));
}

/** Sample slots spread evenly over the phase (so over the interval's offsets); the rest round-robin over `procs`. */
export function planSlots(streams: number, procs: number, sample: number): { sample: number[]; lean: number[][] } {
  const sampled = new Set(Array.from({ length: sample }, (_, i) => Math.floor(((i + 0.5) * streams) / sample)));
  const lean: number[][] = Array.from({ length: procs }, () => []);
  let next = 0;
  for (let slot = 0; slot < streams; slot++) if (!sampled.has(slot)) lean[next++ % procs]?.push(slot);
  return { sample: [...sampled].sort((a, b) => a - b), lean };
}

/** Merges the per-process results of one reader: counts add up, percentiles come from all raw samples. */
export function mergeResults(parts: Array<{ result: LatencyResult; raw?: RawSamples }>): LatencyResult {
  const first = parts[0]?.result;
  if (!first) throw new Error('no client process answered');
  if (parts.length === 1 && !parts[0]?.raw) return first;
  const samples = parts.flatMap((p) => p.raw?.samples ?? []);
  const fromSchedule = parts.flatMap((p) => p.raw?.fromSchedule ?? []);
  const seconds = Math.max(0, ...parts.map((p) => p.raw?.bySecond.length ?? 0));
  const sum = (pick: (r: LatencyResult) => number) => parts.reduce((total, p) => total + pick(p.result), 0);
  const cpus = parts.flatMap((p) => p.result.clientCpuPcts);
  const loops = parts.flatMap((p) => p.result.clientLoopP99s ?? [p.result.clientLoopP99]);
  const requests = parts.some((p) => p.result.requests !== undefined) ? sum((r) => r.requests ?? 0) : undefined;
  return {
    transport: first.transport,
    streams: sum((r) => r.streams),
    live: sum((r) => r.live),
    expected: sum((r) => r.expected),
    received: sum((r) => r.received),
    lost: sum((r) => r.lost),
    duplicates: sum((r) => r.duplicates),
    outOfOrder: sum((r) => r.outOfOrder),
    events: sum((r) => r.events),
    finished: sum((r) => r.finished),
    errors: parts.flatMap((p, i) => p.result.errors.map((e) => (parts.length > 1 ? `client ${i + 1}: ${e}` : e))),
    latency: summarize(samples),
    fromSchedule: summarize(fromSchedule),
    bySecond: Array.from({ length: seconds }, (_, second) => {
      const { count, p50, p99 } = summarize(parts.flatMap((p) => p.raw?.bySecond[second] ?? []));
      return { second, count, p50, p99 };
    }),
    clientCpuPct: Math.max(...cpus),
    clientLoopP99: Math.max(...loops),
    ...(requests === undefined ? {} : { requests }),
    reader: first.reader,
    clientProcs: parts.length,
    clientCpuPcts: cpus,
    clientLoopP99s: loops,
    bottleneck: '',
  };
}

/**
 * "server (97% of a core)", "client 2 (95%)", both joined with " + ", or "none saturated (max 62%)".
 * On a shared machine the CPUs themselves can be the limit with no process of ours saturated: when
 * the whole machine was >= 90% busy, that is said too ("machine (196% of 2 cores)").
 */
export function bottleneckOf(server: Pick<ServerSample, 'cpuPct' | 'loopP99' | 'machineCpuPct'>, clients: ProcessLoad[], cores = availableParallelism()): string {
  const all: ProcessLoad[] = [{ name: 'server', cpuPct: server.cpuPct, loopP99: server.loopP99 }, ...clients];
  const saturated = all.filter((p) => p.cpuPct >= SATURATED_PCT).sort((a, b) => b.cpuPct - a.cpuPct);
  const machine = server.machineCpuPct >= SATURATED_PCT * cores ? `machine (${server.machineCpuPct.toFixed(0)}% of ${cores} cores)` : undefined;
  const max = `max ${Math.max(...all.map((p) => p.cpuPct)).toFixed(0)}%`;
  if (saturated.length === 0) return machine ? `${machine}; no process saturated (${max})` : `none saturated (${max})`;
  return [...saturated.map((p) => `${p.name} (${p.cpuPct.toFixed(0)}%${p.name === 'server' ? ' of a core' : ''})`), ...(machine ? [machine] : [])].join(' + ');
}

export class ClientPool {
  /** The --client-procs processes; the first also runs the large-output and cancel parts. */
  readonly procs: ClientProcess[];
  /** Reads the tRPC-client sample of each trpc phase in lean mode. */
  readonly sampler: ClientProcess | undefined;
  private running: { id: number; parts: Part[] } | undefined;

  constructor(count: number, withSample: boolean) {
    this.procs = Array.from({ length: Math.max(1, count) }, () => new ClientProcess());
    this.sampler = withSample ? new ClientProcess() : undefined;
  }

  get all(): ClientProcess[] {
    return this.sampler ? [...this.procs, this.sampler] : this.procs;
  }

  /** Every process's clock calibration (the first process's is the one reported as `clock`). */
  clocks(): Promise<Array<{ offsetMs: number; rttMs: number }>> {
    return Promise.all(this.all.map((proc) => proc.clock.then(({ offsetMs, rttMs }) => ({ offsetMs, rttMs }))));
  }

  /** Sends the phase to every process with streams, each with its slice; resolves once all of them are live (or gave up). */
  async ready(command: LatencyCommand, opts: Pick<Options, 'reader' | 'trpcSample'>, timeoutMs: number): Promise<{ live: number; setupMs: number }> {
    const sample = this.sampler ? sampleSize(command.transport, command.streams, opts) : 0;
    const plan = planSlots(command.streams, this.procs.length, sample);
    const reader: Reader = opts.reader === 'lean' ? 'lean' : 'trpc-client';
    const parts: Part[] = plan.lean.map((slots, i) => ({ proc: this.procs[i] as ClientProcess, name: `client ${i + 1}`, reader, slots }));
    if (this.sampler && plan.sample.length > 0) parts.push({ proc: this.sampler, name: 'trpc client', reader: 'trpc-client', slots: plan.sample });
    const active = parts.filter((part) => part.slots.length > 0);
    this.running = { id: command.id, parts: active };
    const answers = await Promise.all(
      active.map((part) => {
        // WebSockets shared in proportion to the streams each process reads.
        const wsClients = Math.max(1, Math.round((command.wsClients * part.slots.length) / command.streams));
        return part.proc.ask({ ...command, slots: part.slots, reader: part.reader, wsClients }, 'ready', timeoutMs);
      }),
    );
    return { live: answers.reduce((n, a) => n + a.live, 0), setupMs: Math.max(...answers.map((a) => a.setupMs)) };
  }

  /** Starts the measured window everywhere and merges the answers: one row per reader. */
  async go(id: number, endAt: number, timeoutMs: number): Promise<PoolRun> {
    const running = this.running;
    if (!running || running.id !== id) throw new Error(`phase ${id} was not prepared`);
    this.running = undefined;
    const answers = await Promise.all(running.parts.map((part) => part.proc.ask({ cmd: 'go', id, endAt }, 'latency', timeoutMs)));
    const byReader = new Map<Reader, Array<{ result: LatencyResult; raw?: RawSamples }>>();
    for (const [i, answer] of answers.entries()) {
      const reader = running.parts[i]?.reader ?? answer.result.reader;
      byReader.set(reader, [...(byReader.get(reader) ?? []), answer]);
    }
    // The main reader's row first (lean, or trpc-client with --reader=trpc), the sample after it.
    const mainReader = running.parts[0]?.reader;
    const readers = [...byReader.keys()].sort((a, b) => (a === mainReader ? -1 : b === mainReader ? 1 : 0));
    return {
      rows: readers.map((reader) => mergeResults(byReader.get(reader) ?? [])),
      processes: running.parts.map((part, i) => ({
        name: part.name,
        cpuPct: answers[i]?.result.clientCpuPct ?? NaN,
        loopP99: answers[i]?.result.clientLoopP99 ?? NaN,
      })),
    };
  }

  kill(): void {
    for (const proc of this.all) proc.kill();
  }
}
