/**
 * An answer tRPC's HTTP adapter gets wrong for bad input, fixed before it runs (pinned by
 * server/integration/bad-input.test.ts). Answers sent before the body is read: earlyAnswer.ts.
 */
import type { ServerResponse } from 'node:http';

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
