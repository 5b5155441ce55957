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
    this.idleTimer = setTimeout(
      () => this.fire(`the tool showed no output or progress for ${this.timeouts.idleMs} ms (timeouts.idleMs)`),
      this.timeouts.idleMs,
    );
  }

  private fire(message: string): void {
    this.controller.abort(new AppError('TIMEOUT', message, { recoverable: true }));
  }

  stop(): void {
    clearTimeout(this.idleTimer);
    clearTimeout(this.maxTimer);
  }
}
