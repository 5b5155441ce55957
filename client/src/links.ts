import { createWSClient, httpBatchLink, httpSubscriptionLink, splitLink, wsLink } from '@trpc/client';

/** SSE for subscriptions by default; the WebSocket link carries them when SSE is unavailable. */
export function createLinks(transport: 'sse' | 'ws') {
  const url = `${location.origin}/trpc`;
  const subscriptionLink =
    transport === 'sse'
      ? httpSubscriptionLink({ url })
      : wsLink({ client: createWSClient({ url: url.replace(/^http/, 'ws') }) });
  return [
    splitLink({
      condition: (op) => op.type === 'subscription',
      true: subscriptionLink,
      false: httpBatchLink({ url }),
    }),
  ];
}
