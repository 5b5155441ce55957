/**
 * limits.subscriptionsPerClient: live stream subscriptions one client may hold at once — per
 * WebSocket connection, and per client address over SSE (each EventSource is its own request, so
 * the address is what ties them together; behind a reverse proxy every user shares it). One more is
 * refused with TOO_MANY_SUBSCRIPTIONS; the ones already open go on untouched. A slot is freed when
 * the subscription ends, however it ends (done, the client left, an error).
 */
import { AppError } from '../errors/appError';

/** Who holds the subscriptions: a WebSocket connection, or an SSE client's address. */
export type Subscriber = object | string;

export class SubscriptionLimit {
  private readonly counts = new Map<Subscriber, number>();

  constructor(readonly max: number) {}

  /** Takes a slot, or returns null when the subscriber holds `max` already. The release is idempotent. */
  tryClaim(subscriber: Subscriber): (() => void) | null {
    const held = this.counts.get(subscriber) ?? 0;
    if (held >= this.max) return null;
    this.counts.set(subscriber, held + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const now = (this.counts.get(subscriber) ?? 1) - 1;
      if (now > 0) this.counts.set(subscriber, now);
      else this.counts.delete(subscriber);
    };
  }

  /** Like tryClaim, but refuses with TOO_MANY_SUBSCRIPTIONS. */
  claim(subscriber: Subscriber): () => void {
    const release = this.tryClaim(subscriber);
    if (release) return release;
    throw new AppError(
      'TOO_MANY_SUBSCRIPTIONS',
      `this client already has ${this.max} live subscriptions; the limit is ${this.max} (limits.subscriptionsPerClient in fragments.config.json) — close one first`,
    );
  }

  held(subscriber: Subscriber): number {
    return this.counts.get(subscriber) ?? 0;
  }
}

/**
 * Opens a subscription within the limit: claims a slot (or throws), opens the reader, and frees the
 * slot when the reader ends or the signal aborts. No subscriber (a server-side caller): no limit.
 */
export function withinLimit<T>(
  limit: SubscriptionLimit,
  subscriber: Subscriber | undefined,
  signal: AbortSignal,
  open: () => AsyncGenerator<T>,
): AsyncGenerator<T> {
  if (subscriber === undefined) return open();
  const release = limit.claim(subscriber);
  let reader: AsyncGenerator<T>;
  try {
    reader = open();
  } catch (error) {
    release();
    throw error;
  }
  signal.addEventListener('abort', release, { once: true });
  return (async function* () {
    try {
      yield* reader;
    } finally {
      signal.removeEventListener('abort', release);
      release();
    }
  })();
}
