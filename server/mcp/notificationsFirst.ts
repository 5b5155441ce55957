import type { JSONRPCMessage, Transport } from '@modelcontextprotocol/client';

type OnMessage = NonNullable<Transport['onmessage']>;

/**
 * Lets `route` take a server's messages before the SDK's Protocol does; what it declines (returns
 * false for) goes on to the SDK unchanged.
 *
 * Why: the Protocol tests every incoming message against the response, error, request and
 * notification schemas in turn (for a notification the first three fail, and a failing zod parse
 * builds its issues), then parses it once more with the handler's schema. At 1000 MCP streams of
 * progress that was a fifth of the server's time (bench, `mcp-sse`/`mcp-ws`), for a message whose
 * handler only forwards it. Routing progress and log notifications here, synchronously and both
 * through the same path, also keeps them in the order the server sent them.
 *
 * The Protocol installs its handler by assigning `transport.onmessage` in `connect()`, and the
 * SDK's transports call `this.onmessage?.(...)`; an accessor on the instance sits between the two.
 */
export function routeMessagesFirst<T extends Transport>(transport: T, route: (message: JSONRPCMessage) => boolean): T {
  let sdkHandler: OnMessage | undefined;
  const first: OnMessage = (message, extra) => {
    if (!route(message)) sdkHandler?.(message, extra);
  };
  Object.defineProperty(transport, 'onmessage', {
    configurable: true,
    enumerable: true,
    get: () => (sdkHandler ? first : undefined),
    set: (handler: OnMessage | undefined) => {
      sdkHandler = handler;
    },
  });
  return transport;
}
