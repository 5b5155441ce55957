import { initTRPC, TRPCError } from '@trpc/server';
import type { IncomingMessage } from 'node:http';
import { WebSocket } from 'ws';
import { mapAppErrors } from './errors/trpcEdge';
import type { RoomWaiter } from './streams/tail';
import type { Services } from './services';

export interface Context {
  services: Services;
  /** Origin the client reached us at, for building absolute stream URLs. */
  baseUrl: string;
  /** Whether the request carried the token (always true when no token is configured). */
  authorized: boolean;
  /** Holds a subscription back while its client is not reading (see wsBackpressure). */
  waitForRoom: RoomWaiter | undefined;
}

/** What a WebSocket may hold unsent before a subscription on it pauses. */
const WS_BUFFER_LIMIT = 1024 * 1024;

/**
 * Over SSE the writer waits for the socket to drain, so a slow reader pauses its subscription; a WebSocket is
 * not: tRPC sends as fast as we yield and `ws` buffers it all in memory. Pausing while the socket's
 * buffer is full keeps server memory flat however slowly a WebSocket client reads.
 */
function wsBackpressure(socket: WebSocket): RoomWaiter {
  return (signal) => {
    if (socket.bufferedAmount <= WS_BUFFER_LIMIT) return null;
    return new Promise((resolve) => {
      const check = () => {
        if (socket.bufferedAmount <= WS_BUFFER_LIMIT || signal.aborted || socket.readyState !== WebSocket.OPEN) {
          clearInterval(timer);
          resolve();
        }
      };
      // ws emits no event when its buffer drains; polling only happens while the client is behind.
      const timer = setInterval(check, 10);
    });
  };
}

export const UNAUTHORIZED_MESSAGE = 'missing or wrong token: send Authorization: Bearer <FRAGMENTS_TOKEN>';

export interface ContextDeps {
  services: Services;
  token: string | undefined;
}

/** Where a request may carry the token: a Bearer header, tRPC connectionParams, or `?token=` for plain EventSource. */
export function requestToken(req: IncomingMessage, connectionParams: Record<string, string | undefined> | null): string | undefined {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length);
  if (connectionParams?.token) return connectionParams.token;
  const url = new URL(req.url ?? '/', 'http://localhost');
  return url.searchParams.get('token') ?? undefined;
}

export function makeCreateContext(deps: ContextDeps) {
  return function createContext(opts: {
    req: IncomingMessage;
    res: unknown;
    info: { connectionParams: Record<string, string | undefined> | null };
  }): Context {
    const host = opts.req.headers.host ?? 'localhost';
    return {
      services: deps.services,
      baseUrl: `http://${host}`,
      authorized: deps.token === undefined || requestToken(opts.req, opts.info.connectionParams) === deps.token,
      waitForRoom: opts.res instanceof WebSocket ? wsBackpressure(opts.res) : undefined,
    };
  };
}

/** SSE keep-alive: a ping every 10 s; a client that hears nothing for 20 s reconnects (and resumes). */
export const SSE_PING_MS = 10_000;
export const SSE_RECONNECT_AFTER_INACTIVITY_MS = 20_000;

// Plain JSON on the wire (no transformer) so curl and any EventSource can read every response.
const t = initTRPC.context<Context>().create({
  // Stack traces stay on the server unless explicitly developing.
  isDev: process.env.NODE_ENV === 'development',
  sse: {
    ping: { enabled: true, intervalMs: SSE_PING_MS },
    client: { reconnectAfterInactivityMs: SSE_RECONNECT_AFTER_INACTIVITY_MS },
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

const requireToken = t.middleware(function requireToken({ ctx, next }) {
  if (!ctx.authorized) {
    throw new TRPCError({ code: 'UNAUTHORIZED', message: UNAUTHORIZED_MESSAGE });
  }
  return next();
});

/** Every procedure needs the token when one is configured; the AppErrors it throws reach the client mapped (errors/trpcEdge.ts). */
export const procedure = t.procedure.use(requireToken).use(mapAppErrors);
