import { initTRPC } from '@trpc/server';
import type { RequestErrorShape } from '../shared/errors';
import { AppError } from './errors/appError';
import { mapAppErrors } from './errors/trpcEdge';
import type { Context } from './http/context';
import { RATE_LIMITED_MESSAGE, UNAUTHORIZED_MESSAGE } from './http/token';

/** SSE keep-alive: a ping every 10 s; a client that hears nothing for 20 s reconnects (and resumes). */
export const SSE_PING_MS = 10_000;
export const SSE_RECONNECT_AFTER_INACTIVITY_MS = 20_000;

// Plain JSON on the wire (no transformer) so curl and any EventSource can read every response.
const t = initTRPC.context<Context>().create({
  // Stack traces stay on the server unless explicitly developing.
  isDev: process.env.NODE_ENV === 'development',
  // server/http/streamSse.ts writes the stream subscriptions itself and mirrors these options.
  sse: {
    ping: { enabled: true, intervalMs: SSE_PING_MS },
    client: { reconnectAfterInactivityMs: SSE_RECONNECT_AFTER_INACTIVITY_MS },
  },
  // The server's own code beside tRPC's: two refusals that share a tRPC code (QUEUE_FULL and
  // TOO_MANY_SUBSCRIPTIONS are both TOO_MANY_REQUESTS) stay apart for a client. Null when no AppError.
  // The shape is shared/errors.ts's RequestErrorShape, which the HTTP guards answer too.
  errorFormatter({ shape, error }): RequestErrorShape {
    const own = error.cause instanceof AppError ? error.cause : null;
    return { ...shape, data: { ...shape.data, appCode: own?.code ?? null, recoverable: own?.recoverable ?? null } };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

const requireToken = t.middleware(function requireToken({ ctx, next }) {
  // Over HTTP a limited address already got 429 + Retry-After (http/server.ts); this is the WebSocket's answer.
  if (ctx.rateLimited) throw new AppError('UNAUTHORIZED', RATE_LIMITED_MESSAGE);
  if (!ctx.authorized) {
    throw new AppError('UNAUTHORIZED', UNAUTHORIZED_MESSAGE);
  }
  return next();
});

/**
 * Every procedure needs the token when one is configured. mapAppErrors comes first so that it wraps
 * everything after it, the token check included: every AppError reaches the client mapped
 * (errors/trpcEdge.ts), and no TRPCError is made anywhere else.
 */
export const procedure = t.procedure.use(mapAppErrors).use(requireToken);
