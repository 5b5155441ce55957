import { createWSClient, httpBatchLink, httpSubscriptionLink, splitLink, wsLink } from '@trpc/client';
import type { AppRouter } from '../../../server/routers/_app';
import { adaptiveSubscriptionLink } from './adaptiveSubscriptionLink';

/** Four SSE streams plus two spare connections for queries, mutations and assets = Chrome's 6. */
const MAX_SSE_STREAMS = 4;

/**
 * Queries and mutations batch over HTTP; subscriptions use SSE, falling back to the WebSocket on
 * the same port (see adaptiveSubscriptionLink). The token, when the server needs one, rides as a
 * Bearer header over HTTP and as tRPC connectionParams over SSE and WebSocket.
 */
export function createLinks(token: string | null) {
  const url = `${location.origin}/trpc`;
  const connectionParams = token ? () => ({ token }) : undefined;
  return [
    splitLink<AppRouter>({
      condition: (op) => op.type === 'subscription',
      true: adaptiveSubscriptionLink<AppRouter>({
        sse: httpSubscriptionLink({ url, connectionParams }),
        ws: () =>
          wsLink({
            client: createWSClient({
              url: url.replace(/^http/, 'ws'),
              connectionParams,
              // Open only while a subscription needs it; close a while after the last one ends.
              lazy: { enabled: true, closeMs: 10_000 },
            }),
          }),
        maxSseStreams: MAX_SSE_STREAMS,
      }),
      false: httpBatchLink({ url, headers: () => (token ? { authorization: `Bearer ${token}` } : {}) }),
    }),
  ];
}
