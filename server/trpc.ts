import { initTRPC, TRPCError } from '@trpc/server';
import type { IncomingMessage } from 'node:http';
import type { Services } from './services';

export interface Context {
  services: Services;
  /** Origin the client reached us at, for building absolute stream URLs. */
  baseUrl: string;
  /** Whether the request carried the token (always true when no token is configured). */
  authorized: boolean;
}

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
  return function createContext(opts: { req: IncomingMessage; info: { connectionParams: Record<string, string | undefined> | null } }): Context {
    const host = opts.req.headers.host ?? 'localhost';
    return {
      services: deps.services,
      baseUrl: `http://${host}`,
      authorized: deps.token === undefined || requestToken(opts.req, opts.info.connectionParams) === deps.token,
    };
  };
}

// Plain JSON on the wire (no transformer) so curl and any EventSource can read every response.
const t = initTRPC.context<Context>().create({
  // Stack traces stay on the server unless explicitly developing.
  isDev: process.env.NODE_ENV === 'development',
  sse: {
    // Keep-alive comments; must stay below the client's reconnectAfterInactivityMs.
    ping: { enabled: true, intervalMs: 10_000 },
    client: { reconnectAfterInactivityMs: 20_000 },
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

const requireToken = t.middleware(function requireToken({ ctx, next }) {
  if (!ctx.authorized) {
    throw new TRPCError({ code: 'UNAUTHORIZED', message: 'missing or wrong token: send Authorization: Bearer <FRAGMENTS_TOKEN>' });
  }
  return next();
});

/** Every procedure needs the token when one is configured. */
export const procedure = t.procedure.use(requireToken);
