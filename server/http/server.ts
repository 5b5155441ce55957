import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { getWSConnectionHandler } from '@trpc/server/adapters/ws';
import { createServer, type Server } from 'node:http';
import { WebSocket, WebSocketServer } from 'ws';
import { appRouter } from '../routers/_app';
import type { Services } from '../services';
import { makeCreateContext } from './context';
import { refuseUndecodablePath } from './badInput';
import { answerBeforeBody } from './earlyAnswer';
import { logServerErrors } from './errors';
import { setSecurityHeaders } from './headers';
import { foreignHostProblem, type HostPolicy } from './host';
import { foreignOriginMessage, isForeignOrigin, isNonJsonPost } from './origin';
import { refuse, refuseUpgrade } from './refuse';
import { clientAddressOf } from './clientAddress';
import { createStaticHandler } from './static';
import { serveStreamSse } from './streamSse';
import { directStreams } from './streamWs';
import { handleLogin } from './login';
import { handleOAuth } from '../oauth/http';
import { RATE_LIMITED_MESSAGE, UNAUTHORIZED_MESSAGE, createAuth } from './token';
import { listServers } from '../servers/status';

/** tRPC's httpSubscriptionLink sends connectionParams as JSON in the query string. */
function connectionParamsOf(url: string | undefined): Record<string, string | undefined> | null {
  const raw = new URL(url ?? '/', 'http://localhost').searchParams.get('connectionParams');
  if (!raw) return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, string | undefined>) : null;
  } catch {
    return null;
  }
}

export interface HttpOptions {
  services: Services;
  token: string | undefined;
  clientDir: string;
  allowedOrigins: readonly string[];
  /** Which Host headers are ours; any other is refused with 421 (DNS rebinding). */
  hosts: HostPolicy;
  /** Refuse SSE subscriptions (FRAGMENTS_DISABLE_SSE=1): how the client's WebSocket fallback is tested. */
  disableSse?: boolean;
  /** Peers whose X-Forwarded-For names the client (config `trustedProxies`): see clientAddress.ts. */
  trustedProxies?: readonly string[];
  /** The app's log (AppOptions.log); server errors go there. */
  log: (line: string) => void;
}

/** One port for everything: the page, /healthz, tRPC over HTTP + SSE, and tRPC over WebSocket. */
export function createHttpServer(options: HttpOptions): { server: Server; wss: WebSocketServer; closeSockets(): void } {
  const auth = createAuth(options.token, {}, clientAddressOf(options.trustedProxies ?? []));
  const createContext = makeCreateContext({ services: options.services, auth });
  const onError = logServerErrors(options.log);
  // A message is at most limits.messageChars (checked in chat.send); nothing legitimate sends megabytes.
  const trpc = createHTTPHandler({ router: appRouter, createContext, onError, basePath: '/trpc/', maxBodySize: 2 * 1024 * 1024 });
  const serveStatic = createStaticHandler(options.clientDir);

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    setSecurityHeaders(res);
    answerBeforeBody(req, res);
    // Host first, before /healthz, tRPC, SSE and files: a rebinding page must read nothing.
    const hostProblem = foreignHostProblem(req, options.hosts);
    if (hostProblem) return refuse(res, 'FOREIGN_HOST', hostProblem);
    if (isForeignOrigin(req, options.allowedOrigins)) return refuse(res, 'FOREIGN_ORIGIN', foreignOriginMessage(req));
    if (path.startsWith('/trpc/') && isNonJsonPost(req)) return refuse(res, 'NOT_JSON', 'a POST to the API must be Content-Type: application/json');
    if (path === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      // No token needed here, so no detail either: why a server failed (its command, its stderr) is for servers.list.
      // `state` holds servers.list's status values (shared/servers.ts).
      const mcpServers = listServers(options.services.mcp).map(({ name, status, toolCount }) => ({ name, state: status, toolCount }));
      const ai = options.services.replies.providerState();
      const storage = options.services.storage.state();
      res.end(JSON.stringify({ ok: true, tools: options.services.registry.names().length, mcpServers, ai, storage }));
      return;
    }
    if (handleLogin(req, res, path, auth)) return;
    // Like /login, before the token check: the authorization server's redirect carries no cookie; its state authorises it.
    if (handleOAuth(req, res, path, options.services.oauth, options.log)) return;
    if (path.startsWith('/trpc/')) {
      // An SSE request is refused before tRPC so that a plain EventSource gets a real 401, not a 200
      // carrying an error event; other calls get tRPC's own UNAUTHORIZED from the token middleware.
      // A limited address gets 429 + Retry-After on every transport that can carry it.
      const isSse = req.headers.accept?.includes('text/event-stream') === true;
      const verdict = auth.check(req, connectionParamsOf(req.url));
      if (verdict === 'limited') return refuse(res, 'TOKEN_RATE_LIMITED', RATE_LIMITED_MESSAGE, { 'retry-after': String(auth.retryAfterSeconds(req)) });
      if (isSse && verdict !== 'ok') return refuse(res, 'UNAUTHORIZED', UNAUTHORIZED_MESSAGE);
      if (isSse && options.disableSse) return refuse(res, 'SSE_DISABLED', 'SSE is disabled on this server (FRAGMENTS_DISABLE_SSE)');
      if (refuseUndecodablePath(path, res)) return;
      if (isSse && serveStreamSse(req, res, options.services.log, options.services.subscriptions, auth.clientAddress(req))) return;
      return trpc(req, res);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 'METHOD_NOT_ALLOWED', `${req.method} is not served here: pages and files are GET (or HEAD), the API is under /trpc/`);
    serveStatic(req, res);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  const trpcConnection = getWSConnectionHandler({ wss, router: appRouter, createContext, onError, keepAlive: { enabled: true, pingMs: 15_000, pongWaitMs: 10_000 } });
  wss.on('connection', (socket, req) => {
    // tRPC's handler registers its message listener inside this call; the direct writer
    // (streamWs.ts) wraps it so that the stream subscriptions it can serve never reach tRPC.
    const wrap = directStreams(socket, options.services.log);
    type Listener = Parameters<typeof wrap>[0];
    const on = socket.on;
    socket.on = function (this: WebSocket, event: string, listener: Listener) {
      return on.call(this, event, event === 'message' ? wrap(listener) : listener);
    } as typeof socket.on;
    try {
      trpcConnection(socket, req);
    } finally {
      socket.on = on;
    }
  });
  server.on('upgrade', (req, socket, head) => {
    const path = (req.url ?? '/').split('?')[0];
    const hostProblem = foreignHostProblem(req, options.hosts);
    if (hostProblem) return refuseUpgrade(socket, 'FOREIGN_HOST', hostProblem);
    if (isForeignOrigin(req, options.allowedOrigins)) return refuseUpgrade(socket, 'FOREIGN_ORIGIN', foreignOriginMessage(req));
    if (path !== '/trpc' && path !== '/trpc/') return refuseUpgrade(socket, 'NOT_FOUND', `no WebSocket at ${path ?? '/'}: the API's is at /trpc`);
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  return {
    server,
    wss,
    closeSockets() {
      // What tRPC's applyWSSHandler sends on shutdown: clients reconnect (and resume) at once.
      const reconnect = JSON.stringify({ id: null, method: 'reconnect' });
      for (const client of wss.clients) if (client.readyState === WebSocket.OPEN) client.send(reconnect);
      for (const client of wss.clients) client.terminate();
      server.closeAllConnections();
    },
  };
}
