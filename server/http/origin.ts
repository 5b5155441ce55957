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
