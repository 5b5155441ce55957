import type { IncomingMessage, ServerResponse } from 'node:http';
import { DamagedDatabaseError, firstDamageReport } from '../store/db';
import { jsonOf, type StreamLog } from '../streams/log';
import { openEvents } from '../streams/tail';
import { socketRoom } from './backpressure';
import { streamProcedureAt } from './streamProcedures';
import type { SubscriptionLimit } from './subscriptionLimit';
import { SSE_PING_MS, SSE_RECONNECT_AFTER_INACTIVITY_MS } from '../trpc';

type Reader = ReturnType<typeof openEvents>;

/** The responses this writer is streaming: what their sockets hold unsent is counted (sseQueuedBytes). */
const streaming = new Set<ServerResponse>();

/** Bytes Node holds unsent for the SSE streams served here: part of app.readerMemory, for the slow-reader tests. */
export function sseQueuedBytes(): number {
  let bytes = 0;
  for (const res of streaming) bytes += res.socket?.writableLength ?? 0;
  return bytes;
}

const HEADERS = {
  'content-type': 'text/event-stream',
  'cache-control': 'no-cache, no-transform',
  'x-accel-buffering': 'no',
  connection: 'keep-alive',
};

/** The subscription's input, with the id a reconnecting EventSource sends, as tRPC reads it. */
function inputOf(req: IncomingMessage, url: URL): unknown {
  let input: unknown;
  try {
    input = JSON.parse(url.searchParams.get('input') ?? 'null');
  } catch {
    return undefined;
  }
  const header = req.headers['last-event-id'];
  const lastEventId = (typeof header === 'string' ? header : null) ?? url.searchParams.get('lastEventId') ?? url.searchParams.get('Last-Event-Id');
  if (lastEventId && input && typeof input === 'object') return { ...input, lastEventId };
  return input;
}

/**
 * chat.streamTool and chat.streamReply over SSE, written straight to the socket: the same reader
 * (tailEvents) and the same wire format as tRPC's SSE (what httpSubscriptionLink and a plain
 * EventSource read), without tRPC's per-event web-stream pipeline, which at 1000 streams cost
 * ~130 µs a chunk and saturated the server (ARCHITECTURE.md, "Where the time goes"). It takes only requests it fully
 * understands; anything else (bad input, an unknown stream, a batch) goes on to tRPC, which answers
 * it as usual. The token and origin are checked before this runs.
 */
export function serveStreamSse(req: IncomingMessage, res: ServerResponse, log: StreamLog, limit?: SubscriptionLimit, client = req.socket.remoteAddress ?? 'unknown'): boolean {
  if (req.method !== 'GET') return false;
  const url = new URL(req.url ?? '/', 'http://localhost');
  const procedure = streamProcedureAt(url.pathname.slice('/trpc/'.length));
  if (!procedure) return false;
  const parsed = procedure.schema.safeParse(inputOf(req, url));
  if (!parsed.success) return false;
  const streamId = procedure.streamIdOf(parsed.data);
  // Over the limit (limits.subscriptionsPerClient): tRPC answers, and the router refuses it with its code.
  const release = limit ? limit.tryClaim(client) : () => undefined;
  if (!release) return false;
  const gone = new AbortController();
  const frames = new Frames(res);
  let reader: Reader;
  try {
    // A client that does not read makes its reader wait (socketRoom), holding neither events nor more than ROOM_BYTES of writes.
    reader = openEvents(log, streamId, procedure.kind, parsed.data.lastEventId, gone.signal, socketRoom(req.socket), frames.flush);
  } catch {
    release();
    return false;
  }
  streaming.add(res);
  res.on('close', () => {
    streaming.delete(res);
    release();
    gone.abort();
  });
  void pump(res, frames, streamId, reader, gone.signal);
  return true;
}

// tRPC's writer ends each field line with \n and then each event with \n\n: one blank line more
// than SSE needs, harmless to every parser. We write the same, so the two writers stay byte-identical
// (server/integration/sse-contract.test.ts holds us to it).
export const FRAMES = {
  connected: `event: connected\ndata: ${JSON.stringify({ reconnectAfterInactivityMs: SSE_RECONNECT_AFTER_INACTIVITY_MS })}\n\n\n`,
  ping: 'event: ping\ndata: \n\n\n',
  return: 'event: return\ndata: \n\n\n',
} as const;

/** Above this, an event's JSON is written as its own piece instead of being copied into one string with its frame. */
const LARGE_EVENT_CHARS = 16 * 1024;

/**
 * The socket writes of one subscription, batched while the reader has events at hand and sent the
 * moment it has none (`flush`, the reader's idle hook) or the socket is full. Node's own chunked
 * writes cork the socket until the next process.nextTick, which runs only after every promise
 * continuation queued meanwhile: when one commit woke 100 readers, the first one's bytes waited for
 * all 100 to be written (p99 at 100 streams 1.4-3.4 ms; 0.8-1.3 once sent at once, `npm run bench`).
 * A reader replaying thousands of events still goes out in a few large writes.
 */
class Frames {
  private corked = false;
  constructor(private readonly res: ServerResponse) {}

  /** One event frame: small ones as one string, large ones (64 KiB of output) without another copy of the text. */
  write(json: string, id: string): void {
    if (!this.corked) {
      this.res.cork();
      this.corked = true;
    }
    const tail = `\nid: ${id}\n\n\n`;
    if (json.length < LARGE_EVENT_CHARS) {
      this.res.write(`data: ${json}${tail}`);
      return;
    }
    this.res.write('data: ');
    this.res.write(json);
    this.res.write(tail);
  }

  readonly flush = (): void => {
    if (!this.corked) return;
    this.corked = false;
    this.res.uncork();
  };
}

async function pump(res: ServerResponse, frames: Frames, streamId: string, reader: Reader, signal: AbortSignal): Promise<void> {
  res.writeHead(200, HEADERS);
  res.write(FRAMES.connected);
  // One timer per connection (tRPC's SSE arms one per event).
  const ping = setInterval(() => res.write(FRAMES.ping), SSE_PING_MS);
  try {
    // The reader waits while the socket is full (socketRoom): a client that does not read holds it there.
    for await (const item of reader) frames.write(jsonOf(item), String(item.seq));
    if (!signal.aborted) res.write(FRAMES.return);
  } catch (error) {
    // The client left (abort) or the store failed: either way the client resumes from its last id.
    if (signal.aborted) return;
    // A damaged database is said once (with what to do), not once per reader that trips over it.
    if (error instanceof DamagedDatabaseError) {
      if (firstDamageReport(error.file)) console.error(error.message);
    } else console.error(`stream ${streamId}: ${(error as Error).message}`);
  } finally {
    clearInterval(ping);
    frames.flush();
    res.end();
  }
}
