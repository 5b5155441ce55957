import type { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';

/** What both tRPC adapters (HTTP + SSE, WebSocket) pass to `onError` that is safe to keep. */
interface FailedCall {
  error: TRPCError;
  type: string;
  path: string | undefined;
}

/**
 * The one place a failed procedure is logged, so a server error leaves exactly one trace whichever
 * transport carried it. Only the procedure, the code and the message: never the input or the
 * request, which hold users' text and the token. A client's own mistake (4xx: bad arguments, no
 * token) is answered to that client and not logged.
 */
export function logServerErrors(log: (line: string) => void) {
  return function onError({ error, type, path }: FailedCall): void {
    if (getHTTPStatusCodeFromError(error) < 500) return;
    log(`${type} ${path ?? '(no procedure)'} failed with ${error.code}: ${error.message}`);
  };
}
