import { ownEntry } from '../config/ownKeys';
import type { Config } from '../config/schema';
import { AppError } from '../errors/appError';

export interface Timeouts {
  idleMs: number;
  maxMs: number;
}

/** The default limits, overridden by the tool's own `timeouts.tools` entry (own properties only: ownKeys.ts). */
export function timeoutsFor(config: Config['timeouts'], tool: string): Timeouts {
  return { ...config.default, ...ownEntry(config.tools, tool) };
}

/**
 * Aborts a run that shows no sign of life for `idleMs` or runs past `maxMs`. Every output or
 * progress event calls `alive()`, so a long tool that keeps reporting is never killed early.
 */
export class Watchdog {
  private idleTimer: NodeJS.Timeout | undefined;
  private readonly maxTimer: NodeJS.Timeout;
  /** Open requests for the user's input (runs/inputRequests.ts): while any is open the idle timer does not run. */
  private paused = 0;

  constructor(
    private readonly timeouts: Timeouts,
    private readonly controller: AbortController,
  ) {
    this.maxTimer = setTimeout(
      () => this.fire(`the tool ran longer than its limit of ${timeouts.maxMs} ms (timeouts.maxMs)`),
      timeouts.maxMs,
    );
    this.alive();
  }

  alive(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    if (this.paused > 0) return;
    this.idleTimer = setTimeout(
      () => this.fire(`the tool showed no output or progress for ${this.timeouts.idleMs} ms (timeouts.idleMs)`),
      this.timeouts.idleMs,
    );
  }

  /**
   * The tool waits for the user: no idle timeout until every pause is resumed (the idle time starts
   * again from then). The total limit (maxMs) still runs: the run holds its queue slot.
   */
  pause(): void {
    this.paused++;
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  resume(): void {
    this.paused = Math.max(0, this.paused - 1);
    if (this.paused === 0 && !this.stopped) this.alive();
  }

  private fire(message: string): void {
    this.controller.abort(new AppError('TIMEOUT', message, { recoverable: true }));
  }

  private stopped = false;

  stop(): void {
    this.stopped = true;
    clearTimeout(this.idleTimer);
    clearTimeout(this.maxTimer);
  }
}
