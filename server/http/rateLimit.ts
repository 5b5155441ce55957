/**
 * Wrong tokens per client address, in a fixed window: after `maxFailures` failures within
 * `windowMs`, that address is refused until its window ends. Only failures count, so a client that
 * keeps presenting the right token is never slowed. Memory is bounded: at most `maxAddresses`
 * entries; when full, expired entries go first, then the oldest. The clock is injected so that
 * tests never wait on a timer.
 */
export interface FailureLimiterOptions {
  maxFailures?: number;
  windowMs?: number;
  maxAddresses?: number;
  now?: () => number;
}

interface Window {
  start: number;
  failures: number;
}

export class FailureLimiter {
  private readonly windows = new Map<string, Window>();
  private readonly maxFailures: number;
  private readonly windowMs: number;
  private readonly maxAddresses: number;
  private readonly now: () => number;

  constructor(options: FailureLimiterOptions = {}) {
    this.maxFailures = options.maxFailures ?? 10;
    this.windowMs = options.windowMs ?? 60_000;
    this.maxAddresses = options.maxAddresses ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** Milliseconds until `address` may try again; 0 when it may now. */
  blockedFor(address: string): number {
    const window = this.live(address);
    if (!window || window.failures < this.maxFailures) return 0;
    return window.start + this.windowMs - this.now();
  }

  fail(address: string): void {
    const window = this.live(address);
    if (window) {
      window.failures++;
      return;
    }
    if (this.windows.size >= this.maxAddresses) this.evict();
    this.windows.set(address, { start: this.now(), failures: 1 });
  }

  get size(): number {
    return this.windows.size;
  }

  private live(address: string): Window | undefined {
    const window = this.windows.get(address);
    if (window && this.now() - window.start >= this.windowMs) {
      this.windows.delete(address);
      return undefined;
    }
    return window;
  }

  private evict(): void {
    const now = this.now();
    for (const [address, window] of this.windows) {
      if (now - window.start >= this.windowMs) this.windows.delete(address);
    }
    // Still full: the oldest entry goes (Map keeps insertion order).
    if (this.windows.size >= this.maxAddresses) {
      const oldest = this.windows.keys().next();
      if (!oldest.done) this.windows.delete(oldest.value);
    }
  }
}
