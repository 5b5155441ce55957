import { createWSClient, httpBatchLink, httpSubscriptionLink, splitLink, wsLink } from '@trpc/client';
import type { AppRouter } from '../../../server/routers/_app';
import { adaptiveSubscriptionLink } from './adaptiveSubscriptionLink';

/** Four SSE streams plus two spare connections for queries, mutations and assets = Chrome's 6. */
const MAX_SSE_STREAMS = 4;

/**
 * Queries and mutations batch over HTTP; subscriptions use SSE, falling back to the WebSocket on
 * the same port (see adaptiveSubscriptionLink). When the server needs a token, the browser's
 * session cookie (auth/token.ts) authorizes all three by itself: nothing here carries a secret.
 */
export function createLinks() {
  const url = `${location.origin}/trpc`;
  return [
    splitLink<AppRouter>({
      condition: (op) => op.type === 'subscription',
      true: adaptiveSubscriptionLink<AppRouter>({
        sse: httpSubscriptionLink({ url }),
        ws: () =>
          wsLink({
            client: createWSClient({
              url: url.replace(/^http/, 'ws'),
              // Open only while a subscription needs it; close a while after the last one ends.
              lazy: { enabled: true, closeMs: 10_000 },
            }),
          }),
        maxSseStreams: MAX_SSE_STREAMS,
      }),
      false: httpBatchLink({ url }),
    }),
  ];
}
