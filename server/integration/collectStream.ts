/** Reading a tracked stream in tests (chat.streamTool, chat.streamReply): every event, checked against shared/, until `done`. */

export interface TrackedEvent<E> {
  id: string;
  data: E;
}

export interface CollectOptions<E> {
  lastEventId?: string;
  onEvent?: (event: TrackedEvent<E>) => void;
  /** Stop listening after this many events (a client that drops mid-stream). */
  stopAfter?: number;
  /** Stop listening after the first event this holds for (a stream that waits for the test). */
  stopWhen?: (event: E) => boolean;
  /** A hang detector, not a race: far above what a stream takes even on a busy box. */
  timeoutMs?: number;
}

/** How to subscribe to one stream from `lastEventId` (the tRPC client's subscribe, with the stream's id filled in). */
export type Subscribe = (
  lastEventId: string | undefined,
  handlers: { onData(event: { id: string; data: unknown }): void; onError(error: unknown): void; onComplete(): void },
) => { unsubscribe(): void };

/**
 * Resolves with every event once the stream ends (after `done`), or after `stopAfter` events. Each
 * event is parsed with `parse` (the shared schema), so a malformed one fails the test where it arrived.
 */
export function collectStream<E extends { type: string }>(
  what: string,
  subscribe: Subscribe,
  parse: (data: unknown, where: string) => E,
  options: CollectOptions<E> = {},
): Promise<TrackedEvent<E>[]> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  return new Promise((resolve, reject) => {
    const events: TrackedEvent<E>[] = [];
    const end = (error?: unknown) => {
      clearTimeout(timer);
      sub.unsubscribe();
      if (error === undefined) resolve(events);
      else reject(error);
    };
    const timer = setTimeout(() => end(new Error(`${what} did not end within ${timeoutMs / 1000} s; got ${events.length} events`)), timeoutMs);
    const sub = subscribe(options.lastEventId, {
      onData(event) {
        let tracked: TrackedEvent<E>;
        try {
          tracked = { id: event.id, data: parse(event.data, `${what}, event ${event.id}`) };
        } catch (error) {
          return end(error);
        }
        events.push(tracked);
        options.onEvent?.(tracked);
        if (tracked.data.type === 'done' || events.length === options.stopAfter || options.stopWhen?.(tracked.data)) end();
      },
      onError: (error) => end(error ?? new Error(`${what} failed`)),
      onComplete: () => end(),
    });
  });
}
