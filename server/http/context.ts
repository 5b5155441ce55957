import type { IncomingMessage } from 'node:http';
import { WebSocket } from 'ws';
import type { Room } from '../streams/tail';
import type { Services } from '../services';
import { wsBackpressure } from './backpressure';
import type { Subscriber } from './subscriptionLimit';
import type { Auth } from './token';
import { wsContexts } from './streamWs';

/** What every procedure sees, over HTTP, SSE and WebSocket alike. */
export interface Context {
  services: Services;
  /** Origin the client reached us at, for building absolute stream URLs. */
  baseUrl: string;
  /** Whether the request carried the token or the session cookie (always true when no token is configured). */
  authorized: boolean;
  /** The token was refused unread: too many wrong tokens from this address. */
  rateLimited: boolean;
  /** Holds a subscription back while its client is not reading (see wsBackpressure). */
  waitForRoom: Room | undefined;
  /** Whose live subscriptions count against limits.subscriptionsPerClient (none for a server-side caller). */
  subscriber?: Subscriber;
}

export interface ContextDeps {
  services: Services;
  auth: Auth;
}

/** One createContext for the HTTP handler and the WebSocket handler: `res` is the socket for the latter. */
export function makeCreateContext(deps: ContextDeps) {
  return function createContext(opts: {
    req: IncomingMessage;
    res: unknown;
    info: { connectionParams: Record<string, string | undefined> | null };
  }): Context {
    const host = opts.req.headers.host ?? 'localhost';
    const verdict = deps.auth.check(opts.req, opts.info.connectionParams);
    const ctx: Context = {
      services: deps.services,
      baseUrl: `http://${host}`,
      authorized: verdict === 'ok',
      rateLimited: verdict === 'limited',
      waitForRoom: opts.res instanceof WebSocket ? wsBackpressure(opts.res) : undefined,
      subscriber: opts.res instanceof WebSocket ? opts.res : deps.auth.clientAddress(opts.req),
    };
    // The direct WebSocket writer serves a connection's stream subscriptions under this same context.
    if (opts.res instanceof WebSocket) wsContexts.set(opts.res, ctx);
    return ctx;
  };
}
