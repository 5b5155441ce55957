import type { IncomingMessage, ServerResponse } from 'node:http';
import { RATE_LIMITED_MESSAGE, UNAUTHORIZED_MESSAGE, type Auth } from './token';

const MAX_BODY_BYTES = 4096;

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string | null> {
  let body = '';
  for await (const chunk of req) {
    body += String(chunk);
    if (body.length > MAX_BODY_BYTES) return null;
  }
  return body;
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
      if (token === null) return json(res, 400, { error: 'expected a JSON body {"token": "<FRAGMENTS_TOKEN>"} under 4 KB' });
      const verdict = auth.checkToken(req, token);
      if (verdict === 'limited') return json(res, 429, { error: RATE_LIMITED_MESSAGE }, { 'retry-after': String(auth.retryAfterSeconds(req)) });
      if (verdict !== 'ok') return json(res, 401, { error: UNAUTHORIZED_MESSAGE });
      res.writeHead(204, auth.required ? { 'set-cookie': auth.sessionCookie(req), 'cache-control': 'no-store' } : { 'cache-control': 'no-store' }).end();
    },
    () => res.destroy(),
  );
  return true;
}
