/**
 * An answer sent before the request's body was read (413 at maxBodySize, an unknown procedure, a
 * refused origin or type) must both reach the client and leave the connection in a known state:
 *
 * - A small body still on its way (declared Content-Length up to DRAIN_BYTES) is read and dropped,
 *   and the connection stays usable: keep-alive clients (fetch, node:http Agents) send the next
 *   request on it. Closing it without saying so made that next request fail ("other side closed").
 * - A large or unknown-length body is not read to its end (a 100 MB upload would keep the socket
 *   busy to its last byte): the answer says `Connection: close`, the server half-closes (FIN after
 *   the answer), discards what still arrives up to LINGER_BYTES / LINGER_MS, and closes once the
 *   client closes its side. Destroying the socket at once with bytes unread sends a TCP reset, and
 *   a reset can discard the answer in the client's receive buffer before it reads it.
 *
 * Pinned by server/integration/early-answer.test.ts and bad-input.test.ts.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** A body up to this size is drained so that the connection survives an early answer. */
export const DRAIN_BYTES = 64 * 1024;
/** After an answer that ends the connection: what is read and dropped before giving up on the client. */
export const LINGER_BYTES = 16 * 1024 * 1024;
export const LINGER_MS = 5_000;

function declaredLength(req: IncomingMessage): number | null {
  if (req.headers['transfer-encoding'] !== undefined) return null;
  const length = Number(req.headers['content-length'] ?? 0);
  return Number.isSafeInteger(length) && length >= 0 ? length : null;
}

/** True when what is left of the body is small enough to read and drop. */
function drainable(req: IncomingMessage): boolean {
  const length = declaredLength(req);
  return length !== null && length <= DRAIN_BYTES;
}

/**
 * The socket's end once the answer is out: half-close, drop what still arrives (through the
 * request, which the HTTP parser feeds), close when the client closes or a bound is reached.
 */
function linger(req: IncomingMessage, socket: Socket | null): void {
  if (!socket || socket.destroyed) return;
  let dropped = 0;
  const stop = (): void => {
    clearTimeout(timer);
    socket.destroy();
  };
  const timer = setTimeout(stop, LINGER_MS);
  timer.unref();
  req.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > LINGER_BYTES) stop();
  });
  req.resume();
  socket.once('close', () => clearTimeout(timer));
  // Node calls destroySoon() after a `Connection: close` answer: that closes with bytes unread.
  socket.destroySoon = () => socket.end();
}

/**
 * Call first for every request: whichever handler answers early, the answer decides at its
 * headers whether the connection ends (and says so) or stays usable.
 */
export function answerBeforeBody(req: IncomingMessage, res: ServerResponse): void {
  const writeHead = res.writeHead;
  res.writeHead = function (this: ServerResponse, ...args: Parameters<ServerResponse['writeHead']>) {
    if (!req.complete && !drainable(req) && !res.headersSent) {
      this.setHeader('connection', 'close');
      linger(req, req.socket);
    }
    return writeHead.apply(this, args);
  } as ServerResponse['writeHead'];
}
