/** Client-side bookkeeping for one latency phase: per-chunk latency, losses, duplicates, liveness. */
import { HELLO, now, parseChunks } from './schedule';

interface StreamState {
  live: boolean;
  finished: boolean;
  /** One flag per measured chunk index: exact loss and duplicate counts, whatever the merging. */
  seen: Uint8Array;
  maxIndex: number;
}

export class PhaseRecorder {
  /** Latency from ctx.output (the emit stamp) to receipt. */
  readonly samples: number[] = [];
  /** Latency from the scheduled emit time to receipt: adds the server-loop lag before the emit ran. */
  readonly fromSchedule: number[] = [];
  /** Samples by measured second (chunk index → second of the schedule), to see whether a configuration falls further behind over time. */
  readonly bySecond: number[][] = [];
  readonly errors: string[] = [];
  received = 0;
  duplicates = 0;
  outOfOrder = 0;
  events = 0;
  live = 0;
  finished = 0;
  private errorCount = 0;
  private readonly streams: StreamState[];
  private wake: (() => void) | undefined;

  /** `offsetMs` maps this process's clock onto the server's (see clock.ts). */
  constructor(
    readonly count: number,
    readonly chunksPerStream: number,
    private readonly intervalMs: number,
    private readonly offsetMs: number,
  ) {
    this.streams = Array.from({ length: count }, () => ({ live: false, finished: false, seen: new Uint8Array(chunksPerStream), maxIndex: -1 }));
  }

  /** Output text received on stream `slot`; the receive time is taken before parsing. */
  text(slot: number, text: string): void {
    const receivedAt = now() + this.offsetMs;
    const stream = this.streams[slot];
    if (!stream) return;
    if (!stream.live && text.includes(HELLO)) {
      stream.live = true;
      this.live++;
      this.poke();
    }
    let measured = false;
    parseChunks(text, (kind, index, emittedAt, lagMs) => {
      if (kind === 'w' || index >= this.chunksPerStream) return;
      measured = true;
      if (stream.seen[index] === 1) {
        this.duplicates++;
        return;
      }
      stream.seen[index] = 1;
      this.received++;
      if (index < stream.maxIndex) this.outOfOrder++;
      stream.maxIndex = Math.max(stream.maxIndex, index);
      const latency = receivedAt - emittedAt;
      this.samples.push(latency);
      this.fromSchedule.push(latency + lagMs);
      const second = Math.floor((index * this.intervalMs) / 1000);
      (this.bySecond[second] ??= []).push(latency + lagMs);
    });
    if (measured) this.events++;
  }

  finish(slot: number): void {
    const stream = this.streams[slot];
    if (!stream || stream.finished) return;
    stream.finished = true;
    this.finished++;
    this.poke();
  }

  /** Keeps the first few distinct messages and a total, so a storm of reconnect errors stays readable. */
  error(message: string): void {
    this.errorCount++;
    if (this.errors.length < 5 && !this.errors.includes(message)) this.errors.push(message);
  }

  errorSummary(): string[] {
    return this.errorCount === 0 ? [] : [`${this.errorCount} error(s)`, ...this.errors];
  }

  /** Resolves once `done()` holds or at `deadline` (this process's clock), whichever is first. */
  until(done: () => boolean, deadline: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(finish, Math.max(0, deadline - now()));
      function finish() {
        clearTimeout(timer);
        resolve();
      }
      const check = () => {
        if (done()) finish();
        else this.wake = check;
      };
      check();
    }).finally(() => {
      this.wake = undefined;
    });
  }

  private poke(): void {
    this.wake?.();
  }
}
