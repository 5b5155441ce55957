/**
 * The emit schedule every transport in the benchmark shares, and the chunk format that carries the
 * emit time to the client. Used on both sides: the server process emits, the client process parses.
 */

/**
 * Epoch milliseconds with sub-millisecond precision. `Date.now()` has 1 ms resolution, which is the
 * size of what we measure at low load; `performance.now()` is monotonic and fine-grained, and
 * `timeOrigin` anchors it to the wall clock so two processes on this machine can compare stamps
 * (the client also corrects the small residual offset, see clock.ts).
 */
export const now = (): number => performance.timeOrigin + performance.now();

export interface Schedule {
  /** Chunks emitted first and left out of the statistics (connection set-up, JIT warm-up). */
  warmup: number;
  /** Chunks whose latency is measured. */
  chunks: number;
  /**
   * Unmeasured chunks after the measured ones, so that streams ending (the tool finishing, its
   * fragment being written, sockets closing) happen outside the measured window: the table is the
   * steady state. (1000 tools ending in the same 100 ms is a burst of its own, worth a phase of its own.)
   */
  cooldown: number;
  intervalMs: number;
}

/**
 * One chunk is `c<index>@<emit epoch ms>+<lag ms>;` (`w…` for warm-up), where lag is how late the
 * emit ran against its schedule. Latency "from emit" is what the tool saw (ctx.output called →
 * client); adding the lag gives latency "from schedule", which also counts the time the output
 * would have waited for a saturated server loop before the tool could even hand it over (a real
 * tool's output waits in a pipe or socket meanwhile). The server merges unseen consecutive chunks
 * and coalesces them for slow readers, so one received event may hold many: the client parses every
 * stamp, and the index lets it count losses and duplicates exactly.
 */
export function chunkText(kind: 'w' | 'c', index: number, emittedAt: number, lagMs: number): string {
  return `${kind}${index}@${emittedAt.toFixed(3)}+${Math.max(0, lagMs).toFixed(3)};`;
}

/** The first thing every stream sends, before the gate opens: proof that the subscription is live. */
export const HELLO = 'h;';

const CHUNK = /([wc])(\d+)@(\d+\.\d+)\+(\d+\.\d+);/g;

export function parseChunks(text: string, onChunk: (kind: 'w' | 'c', index: number, emittedAt: number, lagMs: number) => void): void {
  for (const match of text.matchAll(CHUNK)) {
    onChunk(match[1] === 'w' ? 'w' : 'c', Number(match[2]), Number(match[3]), Number(match[4]));
  }
}

/** Streams are spread evenly over one interval so that 1000 streams are 1000 steady emitters, not one burst every 100 ms. */
export function offsetFor(slot: number, streams: number, intervalMs: number): number {
  return streams <= 1 ? 0 : (slot / streams) * intervalMs;
}

/** Total time from the gate opening to the last chunk of the latest stream. */
export function scheduleSpanMs(schedule: Schedule): number {
  return (schedule.warmup + schedule.chunks + schedule.cooldown) * schedule.intervalMs + schedule.intervalMs;
}

/** A promise the orchestrator opens once every client is subscribed, so all streams start together. */
export class Gate {
  private release: () => void = () => undefined;
  private promise: Promise<void> = Promise.resolve();

  /** Closes the gate for the next phase. */
  reset(): void {
    this.promise = new Promise((resolve) => {
      this.release = resolve;
    });
  }

  open(): void {
    this.release();
  }

  wait(): Promise<void> {
    return this.promise;
  }
}

function sleepUntil(at: number, signal?: AbortSignal, clock: () => number = now): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, Math.max(0, at - clock()));
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Runs one stream's schedule: wait for the gate, then the stream's offset, then one chunk per
 * interval. Deadlines are computed from the start (not chained sleeps), so timer jitter does not
 * accumulate and every transport gets exactly the same load. The stamp is taken right before
 * `emit`, so jitter never counts as latency. Returns how many chunks were emitted.
 */
export async function runSchedule(
  schedule: Schedule,
  offsetMs: number,
  gate: Gate,
  emit: (text: string) => void,
  signal?: AbortSignal,
  /** The clock stamps are taken with: another process's (bench/stamp-server.ts) is corrected onto the orchestrator's. */
  clock: () => number = now,
): Promise<number> {
  await gate.wait();
  const start = clock() + offsetMs;
  const measuredEnd = schedule.warmup + schedule.chunks;
  const total = measuredEnd + schedule.cooldown;
  for (let i = 0; i < total; i++) {
    const due = start + i * schedule.intervalMs;
    if (!(await sleepUntil(due, signal, clock))) return i;
    const measured = i >= schedule.warmup && i < measuredEnd;
    const emittedAt = clock();
    emit(chunkText(measured ? 'c' : 'w', measured ? i - schedule.warmup : i, emittedAt, emittedAt - due));
  }
  return total;
}
