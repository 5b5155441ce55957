/**
 * An answer tRPC's HTTP adapter gets wrong for bad input, fixed before it runs (pinned by
 * server/integration/bad-input.test.ts). Answers sent before the body is read: earlyAnswer.ts.
 */
import type { ServerResponse } from 'node:http';
import { refuse } from './refuse';

/** tRPC decodes the path with decodeURIComponent and answers a bad `%FF` with a 500 "URI malformed". */
export function refuseUndecodablePath(path: string, res: ServerResponse): boolean {
  try {
    decodeURIComponent(path);
    return false;
  } catch {
    refuse(res, 'BAD_PATH', 'the URL path is not valid percent-encoded UTF-8');
    return true;
  }
}
