import type { Socket } from 'node:net';
import { WebSocket } from 'ws';
import type { Room } from '../streams/tail';

/**
 * What a client's socket may hold unsent before its subscriptions stop reading the log: past this,
 * each reader waits for the client to read (tailEvents), so a client that reads nothing costs the
 * server this, plus the one event being written, plus the kernel's socket buffers. It was 1 MiB
 * for a WebSocket and a whole page of events for SSE; 64 KiB still lets a reader that keeps up
 * write a few 64 KiB events per socket write.
 */
export const ROOM_BYTES = 64 * 1024;

/** Resolves on the first of the emitter's events or the signal's abort, whichever comes first; never rejects. */
function firstOf(on: (event: string, listener: () => void) => void, off: (event: string, listener: () => void) => void, events: string[], signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const settle = () => {
      for (const event of events) off(event, settle);
      signal.removeEventListener('abort', settle);
      resolve();
    };
    for (const event of events) on(event, settle);
    signal.addEventListener('abort', settle, { once: true });
  });
}

/** The room of an SSE response's socket: its unsent bytes (writableLength, what Node holds for it). */
export function socketRoom(socket: Socket): Room {
  return {
    full: () => socket.writableLength > ROOM_BYTES,
    drained: (signal) => {
      // Over ROOM_BYTES (above the socket's high-water mark) Node has noted that it must say 'drain'.
      if (socket.writableLength <= ROOM_BYTES || socket.destroyed) return Promise.resolve();
      return firstOf(socket.on.bind(socket), socket.off.bind(socket), ['drain', 'close'], signal);
    },
  };
}

/**
 * The room of a WebSocket: what `ws` and the socket under it hold unsent (bufferedAmount). tRPC's
 * own WebSocket handler sends as fast as a subscription yields, so its subscriptions wait here too.
 */
export function wsBackpressure(socket: WebSocket): Room {
  return {
    full: () => socket.readyState === WebSocket.OPEN && socket.bufferedAmount > ROOM_BYTES,
    drained: (signal) =>
      new Promise((resolve) => {
        const check = () => {
          if (socket.bufferedAmount <= ROOM_BYTES || signal.aborted || socket.readyState !== WebSocket.OPEN) {
            clearInterval(timer);
            resolve();
          }
        };
        // ws emits no event when its buffer drains; polling only happens while the client is behind.
        const timer = setInterval(check, 10);
      }),
  };
}
