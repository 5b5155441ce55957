/**
 * Two answers tRPC's HTTP adapter gets wrong for bad input, fixed before and after it runs
 * (each pinned by server/integration/bad-input.test.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** tRPC decodes the path with decodeURIComponent and answers a bad `%FF` with a 500 "URI malformed". */
export function refuseUndecodablePath(path: string, res: ServerResponse): boolean {
  try {
    decodeURIComponent(path);
    return false;
  } catch {
    res.writeHead(400, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: 'the URL path is not valid percent-encoded UTF-8' }));
    return true;
  }
}

/**
 * After an answer that left the body unread (413 at maxBodySize), Node would read and discard the
 * rest to keep the connection alive: a 100 MB upload kept the socket busy to its last byte. Close
 * it once the answer is written instead; the client has its 413 and nothing more is read.
 */
export function closeAfterUnreadBody(req: IncomingMessage, res: ServerResponse): void {
  res.once('finish', () => {
    if (!req.complete) req.socket.destroySoon();
  });
}
