import { endsSubscription } from '../../../shared/errors';
import { describeRequestError } from '../lib/errors';
import type { StreamProgress, StreamStore } from './createStreamStore';

const MAX_RETRIES = 5;

interface Unsubscribable {
  unsubscribe(): void;
}

export interface ResumeOptions {
  /** Opens the subscription after `lastEventId()`; returns its handle. */
  open(handlers: { onData: () => void; onError: (error: unknown) => void; onComplete: () => void }): Unsubscribable;
  /** Whether the stream has delivered `done` (then an ending is the normal one). */
  isDone(): boolean;
  /** Called once retrying has given up, with what to tell the user. */
  onGiveUp(message: string): void;
}

/**
 * Keeps a stream subscription alive until the stream says `done`. tRPC already reconnects a
 * dropped SSE or WebSocket connection by itself; this covers what it does not: a subscription
 * that errors out (server restarting, a proxy cutting it) or ends without `done`. Each retry
 * resumes after the last event the caller applied, with backoff; a hopeless error stops at once.
 * Returns the cleanup for the effect that started it.
 */
export function subscribeWithResume(options: ResumeOptions): () => void {
  let subscription: Unsubscribable | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;
  let stopped = false;

  const retry = (message: string, final: boolean) => {
    subscription = null;
    if (stopped || options.isDone()) return;
    if (final || failures >= MAX_RETRIES) {
      options.onGiveUp(message);
      return;
    }
    failures++;
    timer = setTimeout(start, Math.min(8_000, 250 * 2 ** failures));
  };

  function start(): void {
    if (stopped) return;
    subscription = options.open({
      onData: () => {
        failures = 0;
      },
      onError: (error) => {
        // Errors that retrying cannot fix (the stream does not exist, or we may not read it) stop at once.
        const described = describeRequestError(error);
        retry(described.message, endsSubscription(described));
      },
      onComplete: () => retry('the stream ended before it was done', false),
    });
  }

  start();
  return () => {
    stopped = true;
    clearTimeout(timer);
    subscription?.unsubscribe();
  };
}

interface TrackedHandlers<E> {
  onData(event: { id: string; data: E }): void;
  onError(error: unknown): void;
  onComplete(): void;
}

/**
 * Streams one subscription into its store: every event is applied there, each (re)connection asks
 * for what comes after the last applied id, and giving up is recorded as the stream's
 * `connectionError`. Both live views (tool runs and replies) use it.
 */
export function resumeIntoStore<S extends StreamProgress & { connectionError: string | null }, E>(
  store: StreamStore<S, E>,
  id: string,
  subscribe: (lastEventId: string | null, handlers: TrackedHandlers<E>) => Unsubscribable,
): () => void {
  return subscribeWithResume({
    open: (handlers) =>
      subscribe(store.get(id)?.lastEventId ?? null, {
        onData: (event) => {
          handlers.onData();
          store.apply(id, event.id, event.data);
        },
        onError: handlers.onError,
        onComplete: handlers.onComplete,
      }),
    isDone: () => store.get(id)?.done ?? false,
    onGiveUp: (message) => store.update(id, (current) => ({ ...current, connectionError: message })),
  });
}
