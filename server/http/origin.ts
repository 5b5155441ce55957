import type { IncomingMessage } from 'node:http';

/**
 * A browser request from a foreign page carries an Origin that is not us. Requests with no Origin
 * (curl, Node clients) and same-origin ones pass; `allowed` lists extra origins (the Vite dev server).
 */
export function isForeignOrigin(req: IncomingMessage, allowed: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (!origin) return false;
  if (allowed.includes(origin)) return false;
  try {
    return new URL(origin).host !== req.headers.host;
  } catch {
    return true;
  }
}

export function foreignOriginMessage(req: IncomingMessage): string {
  return `requests from origin ${req.headers.origin} are refused`;
}

/**
 * A cross-site `<form>` can POST urlencoded, multipart or text/plain without a CORS preflight, and
 * browsers have sent such posts without an Origin. tRPC refuses the first and the last (415), but
 * reads multipart as FormData input, which `conversations.create` took as `{}`. Every client of
 * ours sends JSON, so a POST that does not say so is refused before tRPC sees it.
 */
export function isNonJsonPost(req: IncomingMessage): boolean {
  if (req.method !== 'POST') return false;
  const type = req.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  return type !== 'application/json';
}
