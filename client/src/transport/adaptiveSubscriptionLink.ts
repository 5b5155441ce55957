import type { Operation, OperationLink, TRPCClientRuntime, TRPCLink } from '@trpc/client';
import type { AnyRouter } from '@trpc/server';
import { observable, type Unsubscribable } from '@trpc/server/observable';
import { transportStatus } from './transportStatus';

export interface AdaptiveSubscriptionOptions<TRouter extends AnyRouter> {
  sse: TRPCLink<TRouter>;
  /** Built on first use, so a page that never needs the WebSocket never opens one. */
  ws: () => TRPCLink<TRouter>;
  /**
   * Browsers allow 6 HTTP/1.1 connections per origin and each SSE stream holds one for its whole
   * life. Past this many live SSE streams, new ones go over the (multiplexed) WebSocket so that
   * queries, mutations and the page itself always find a free connection.
   */
  maxSseStreams: number;
}

/** A failure of the connection itself, not an error the procedure sent (those carry a tRPC code). */
function isConnectionFailure(error: unknown): boolean {
  const data = (error as { data?: { code?: unknown } } | null)?.data;
  return typeof data?.code !== 'string';
}

/**
 * Subscriptions over SSE by default, over the WebSocket when SSE cannot connect (a proxy that
 * buffers or refuses event streams, or a server with SSE disabled) or when too many SSE streams
 * are live. splitLink has no such fallback; this is it. A fallback happens only before the SSE
 * stream delivered anything, so re-running the operation on the WebSocket loses and repeats nothing.
 */
export function adaptiveSubscriptionLink<TRouter extends AnyRouter>(opts: AdaptiveSubscriptionOptions<TRouter>): TRPCLink<TRouter> {
  return (runtime: TRPCClientRuntime) => {
    const sse = opts.sse(runtime);
    let ws: OperationLink<TRouter> | null = null;
    let liveSse = 0;

    return ({ op, next }) =>
      observable((observer) => {
        let inner: Unsubscribable | null = null;
        let onWs = false;
        let countedSse = false;

        const releaseSse = () => {
          if (countedSse) liveSse--;
          countedSse = false;
        };
        const runOnWs = (operation: Operation) => {
          ws ??= opts.ws()(runtime);
          onWs = true;
          transportStatus.wsStreamOpened();
          inner = ws({ op: operation, next }).subscribe(observer);
        };

        if (transportStatus.get().sseUnavailable || liveSse >= opts.maxSseStreams) {
          runOnWs(op);
        } else {
          liveSse++;
          countedSse = true;
          let connected = false;
          inner = sse({ op, next }).subscribe({
            next(envelope) {
              if (envelope.result.type === 'started') connected = true;
              observer.next(envelope);
            },
            error(error) {
              releaseSse();
              if (!connected && isConnectionFailure(error)) {
                transportStatus.markSseUnavailable();
                runOnWs(op);
                return;
              }
              observer.error(error);
            },
            complete() {
              releaseSse();
              observer.complete();
            },
          });
        }

        return () => {
          releaseSse();
          if (onWs) transportStatus.wsStreamClosed();
          inner?.unsubscribe();
        };
      });
  };
}
