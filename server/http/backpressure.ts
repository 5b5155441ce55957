import { WebSocket } from 'ws';
import type { RoomWaiter } from '../streams/tail';

/** What a WebSocket may hold unsent before a subscription on it pauses. */
const WS_BUFFER_LIMIT = 1024 * 1024;

/**
 * Over SSE the writer waits for the socket to drain, so a slow reader pauses its subscription; a WebSocket is
 * not: tRPC sends as fast as we yield and `ws` buffers it all in memory. Pausing while the socket's
 * buffer is full keeps server memory flat however slowly a WebSocket client reads.
 */
export function wsBackpressure(socket: WebSocket): RoomWaiter {
  return (signal) => {
    if (socket.bufferedAmount <= WS_BUFFER_LIMIT) return null;
    return new Promise((resolve) => {
      const check = () => {
        if (socket.bufferedAmount <= WS_BUFFER_LIMIT || signal.aborted || socket.readyState !== WebSocket.OPEN) {
          clearInterval(timer);
          resolve();
        }
      };
      // ws emits no event when its buffer drains; polling only happens while the client is behind.
      const timer = setInterval(check, 10);
    });
  };
}
