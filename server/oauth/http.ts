import type { IncomingMessage, ServerResponse } from 'node:http';
import { SignInError } from './callback';
import { CALLBACK_PATH } from './provider';
import type { OAuthService } from './service';

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char);

/** The small page the browser lands on: what happened, in words, and nothing else (no script, no token). */
function page(res: ServerResponse, status: number, title: string, message: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
  res.end(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>` +
      `<body><main><h1>${escapeHtml(title)}</h1><p role="status">${escapeHtml(message)}</p>` +
      `<p><a href="/">Back to Fragments Chat</a></p></main></body></html>`,
  );
}

/**
 * GET /oauth/callback (the authorization server's redirect) and the Client ID Metadata Document.
 * Neither needs the app's token: the browser arrives from another site, without the login cookie,
 * and the callback's `state` (single use, bound to one server) is its authorisation. Host and
 * Origin were checked before this runs (http/server.ts). Returns false for any other request.
 */
export function handleOAuth(req: IncomingMessage, res: ServerResponse, path: string, oauth: OAuthService, log: (line: string) => void): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const document = oauth.metadataDocument(path);
  if (document) {
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(document));
    return true;
  }
  // GET only: a HEAD (a link preview) must not use up the single-use state.
  if (path !== CALLBACK_PATH || req.method !== 'GET') return false;
  const params = new URL(req.url ?? '/', 'http://localhost').searchParams;
  oauth.callback(params).then(
    (server) => {
      log(`MCP server "${server}": signed in`);
      page(res, 200, 'Signed in', `Signed in to MCP server "${server}". You can close this tab and go back to the chat.`);
    },
    (error: unknown) => {
      const message = error instanceof SignInError ? error.message : 'sign-in failed on the server; see its log';
      if (!(error instanceof SignInError)) log(`OAuth callback failed: ${(error as Error).message}`);
      else log(message);
      page(res, 400, 'Sign-in failed', message);
    },
  );
  return true;
}
