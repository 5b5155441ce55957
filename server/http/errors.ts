import type { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { DamagedDatabaseError, firstDamageReport } from '../store/db';

/** What both tRPC adapters (HTTP + SSE, WebSocket) pass to `onError` that is safe to keep. */
interface FailedCall {
  error: TRPCError;
  type: string;
  path: string | undefined;
}

/**
 * The `ws` library's errors for what a peer sent (a frame over maxPayload, a bad opcode, bad
 * UTF-8, an unmasked frame): the socket is closed with the matching code (1009, 1002, 1007) and
 * the fault is the client's. tRPC's adapter hands them to `onError` as INTERNAL_SERVER_ERROR.
 */
function webSocketClientFault(error: TRPCError): string | null {
  const cause = error.cause as (Error & { code?: unknown }) | undefined;
  if (typeof cause?.code !== 'string' || !cause.code.startsWith('WS_ERR_')) return null;
  if (cause.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') return 'a message over the 1 MB limit; closed with 1009 (message too big)';
  return `${cause.message} (${cause.code}); closed`;
}

/**
 * The one place a failed procedure is logged, so a server error leaves exactly one trace whichever
 * transport carried it. Only the procedure, the code and the message: never the input or the
 * request, which hold users' text and the token. A client's own mistake (4xx: bad arguments, no
 * token) is answered to that client and not logged; a WebSocket client breaking the protocol is
 * logged once as the client's error, since its socket is closed and there is no one to answer.
 */
export function logServerErrors(log: (line: string) => void) {
  return function onError({ error, type, path }: FailedCall): void {
    const clientFault = webSocketClientFault(error);
    if (clientFault) return log(`client error on a WebSocket: ${clientFault}`);
    if (getHTTPStatusCodeFromError(error) < 500) return;
    // A damaged database fails every request that touches the damaged pages: say it once, with what to do.
    if (error.cause instanceof DamagedDatabaseError) {
      if (firstDamageReport(error.cause.file)) log(error.cause.message);
      return;
    }
    log(`${type} ${path ?? '(no procedure)'} failed with ${error.code}: ${error.message}`);
  };
}
