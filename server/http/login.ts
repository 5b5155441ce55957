import type { IncomingMessage, ServerResponse } from 'node:http';
import { refuse } from './refuse';
import { RATE_LIMITED_MESSAGE, UNAUTHORIZED_MESSAGE, type Auth } from './token';

const MAX_BODY_BYTES = 4096;


/**
 * The body, or null past MAX_BODY_BYTES. Reading stops there without destroying the request (what
 * leaving a `for await` early does): the 400 must still reach the client, and earlyAnswer.ts
 * decides whether the connection survives the rest of the body.
 */
function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    let body = '';
    const stop = (): void => {
      req.off('data', onData).off('end', onEnd).off('error', reject);
    };
    const onData = (chunk: Buffer): void => {
      body += String(chunk);
      if (body.length <= MAX_BODY_BYTES) return;
      stop();
      resolve(null);
    };
    const onEnd = (): void => {
      stop();
      resolve(body);
    };
    req.on('data', onData).on('end', onEnd).on('error', reject);
  });
}

function tokenOf(body: string): string | null {
  try {
    const parsed: unknown = JSON.parse(body);
    const token = (parsed as { token?: unknown } | null)?.token;
    return typeof token === 'string' && token !== '' ? token : null;
  } catch {
    return null;
  }
}

/**
 * POST /login {"token": …} trades the token for the session cookie (the page at /login#token=…
 * and the token prompt both send it); POST /logout clears it. GET /login is the app's page (static).
 * Foreign origins were refused before this runs, so no other site can log a browser in or out.
 * Returns false for anything else.
 */
export function handleLogin(req: IncomingMessage, res: ServerResponse, path: string, auth: Auth): boolean {
  if (req.method !== 'POST' || (path !== '/login' && path !== '/logout')) return false;
  if (path === '/logout') {
    res.writeHead(204, { 'set-cookie': auth.clearCookie(req), 'cache-control': 'no-store' }).end();
    return true;
  }
  void readBody(req).then(
    (body) => {
      const token = body === null ? null : tokenOf(body);
      const noStore = { 'cache-control': 'no-store' };
      if (token === null) return refuse(res, 'BAD_ARGUMENTS', 'expected a JSON body {"token": "<FRAGMENTS_TOKEN>"} under 4 KB', noStore);
      const verdict = auth.checkToken(req, token);
      if (verdict === 'limited') return refuse(res, 'TOKEN_RATE_LIMITED', RATE_LIMITED_MESSAGE, { ...noStore, 'retry-after': String(auth.retryAfterSeconds(req)) });
      if (verdict !== 'ok') return refuse(res, 'UNAUTHORIZED', UNAUTHORIZED_MESSAGE, noStore);
      res.writeHead(204, auth.required ? { 'set-cookie': auth.sessionCookie(req), 'cache-control': 'no-store' } : { 'cache-control': 'no-store' }).end();
    },
    () => res.destroy(),
  );
  return true;
}
