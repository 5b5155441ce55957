import { tracked } from '@trpc/server';
import type { StreamEvent } from '../../shared/events';
import { AppError } from '../errors/appError';
import { sizeOf } from './batching';
import { MAX_CHUNK_CHARS, type LoggedEvent, type StreamKind, type StreamLog } from './log';

const PAGE = 256;
/**
 * Text the first page after a wait for room may carry: about what the client's socket takes
 * before it is full again (ROOM_BYTES). A slow client drains a little at a time, and reading a
 * whole page again after every drain read each event from SQLite several times over.
 */
const AFTER_WAIT_CHARS = 64 * 1024;

/**
 * A client's socket, as its reader sees it: whether it holds as much unsent as it may (`full`), and
 * a wait until it has taken some (`drained`, which also settles when the signal aborts or the socket
 * closes, never rejects).
 */
export interface Room {
  full(): boolean;
  drained(signal: AbortSignal): Promise<void>;
}

/**
 * Readers waiting for room right now, and the event text they keep in memory meanwhile: the
 * internal counter the slow-reader tests and `npm run bench` read (app.readerMemory). It stays 0
 * chars: a waiting reader drops its page and reads it again from the log once its client reads.
 * `waits` counts every wait since start-up.
 */
export const waitingReaders = { count: 0, heldChars: 0, waits: 0 };
/** Called when the reader has nothing more to hand out for now, before it waits: a writer batching its socket writes sends them here. */
export type IdleHook = () => void;

/**
 * Parses a tracked() id back into a sequence number. The ids a stream sends are its seqs in plain
 * decimal (1, 2, …, up to `lastSeq`, the last event readers can have seen): anything else (` 1`,
 * `0x1`, `01`, `1e3`, an id past the stream's end) is no id of that stream and is refused rather
 * than read as some other position.
 */
export function parseEventId(lastEventId: string | null | undefined, lastSeq: number): number {
  if (lastEventId === null || lastEventId === undefined || lastEventId === '') return 0;
  const seq = /^[1-9][0-9]{0,15}$/.test(lastEventId) ? Number(lastEventId) : NaN;
  if (!Number.isSafeInteger(seq)) {
    throw new AppError('BAD_EVENT_ID', `lastEventId ${JSON.stringify(lastEventId)} is not an event id of this stream: expected one of the ids it sent, a decimal number from 1 with no sign, spaces or leading zeros`);
  }
  if (seq > lastSeq) {
    throw new AppError('BAD_EVENT_ID', `lastEventId "${lastEventId}" is not an event id of this stream: its last event is ${lastSeq === 0 ? 'not sent yet' : `"${lastSeq}"`}`);
  }
  return seq;
}

/**
 * Merges runs of `tool_output` of the same kind into one event carrying the last id, up to the
 * chunk bound. A subscriber that fell behind gets fewer, larger events; nothing is lost or repeated,
 * because resuming after the merged id resumes after every event it holds.
 */
export function coalesce(batch: LoggedEvent[]): LoggedEvent[] {
  const out: LoggedEvent[] = [];
  for (const item of batch) {
    const prev = out.at(-1);
    const ev = item.event;
    if (
      prev &&
      prev.event.type === 'tool_output' &&
      ev.type === 'tool_output' &&
      prev.event.stream === ev.stream &&
      prev.event.content.length + ev.content.length <= MAX_CHUNK_CHARS
    ) {
      out[out.length - 1] = { seq: item.seq, event: { ...prev.event, content: prev.event.content + ev.content } };
    } else {
      out.push(item);
    }
  }
  return out;
}

/**
 * Reads a stream from just after `afterSeq` to its `done`: the stored log first, then the live
 * tail, in pages. Ends when the stream is done or the signal aborts (the client went away). Yields
 * the log's items, which carry the JSON each event was stored as: the direct SSE and WebSocket
 * writers send it as it is (jsonOf).
 *
 * A client that stops reading costs a small fixed amount, whatever the output's size and however
 * many such clients there are: once its socket holds what `room` allows, the reader sends what it
 * batched (onIdle), drops the rest of its page and waits; when the client has read, it reads on
 * from the log after the last event it sent. The stored log is the buffer: nothing is lost or sent
 * twice, and the order is the log's. Keeping the page instead (up to 1 MiB of text from memory,
 * 256 KiB from SQLite) is what made 200 slow readers of one 20 MB output cost the server ~1.3 MB each.
 */
export async function* tailEvents(
  log: StreamLog,
  streamId: string,
  afterSeq: number,
  signal: AbortSignal,
  room?: Room,
  onIdle?: IdleHook,
): AsyncGenerator<LoggedEvent, void> {
  let cursor = afterSeq;
  // The page being sent; dropped before any wait for room, so a waiting reader holds none of it.
  let items: LoggedEvent[] | undefined;
  let waitForRoom = false;
  let afterWait = false;
  while (!signal.aborted) {
    if (waitForRoom && room) {
      waitForRoom = false;
      const held = charsOf(items);
      waitingReaders.count++;
      waitingReaders.waits++;
      waitingReaders.heldChars += held;
      try {
        await room.drained(signal);
      } finally {
        waitingReaders.count--;
        waitingReaders.heldChars -= held;
      }
      afterWait = true;
      continue;
    }
    items = log.read(streamId, cursor, PAGE, afterWait ? AFTER_WAIT_CHARS : undefined);
    afterWait = false;
    if (items.length > 0) {
      items = coalesce(items);
      for (let i = 0; i < items.length; i++) {
        if (room?.full()) {
          onIdle?.();
          // Still full once the batched writes went out: the client is not reading. Read on from
          // `cursor` when it has room again.
          if (room.full()) {
            waitForRoom = true;
            break;
          }
        }
        if (signal.aborted) return;
        const item = items[i] as LoggedEvent;
        yield item;
        cursor = item.seq;
        if (item.event.type === 'done') return;
        if (signal.aborted) return;
      }
      items = undefined;
      continue;
    }
    if (log.isFinished(streamId)) {
      // Retention removed the events under a reader that was replaying them: say so, do not just stop.
      const pruned = log.prunedBy(streamId);
      if (pruned !== null) throw prunedError(log, streamId, pruned);
      return;
    }
    onIdle?.();
    await log.waitForMore(streamId, cursor, signal);
  }
}

/** The event text a page holds (what waitingReaders counts). */
function charsOf(items: LoggedEvent[] | undefined): number {
  let chars = 0;
  for (const item of items ?? []) chars += sizeOf(item.event) + (item.json?.length ?? 0);
  return chars;
}

/** The log's items as tRPC subscriptions yield them: each event tracked() with its id. */
async function* tracking<T extends StreamEvent>(items: AsyncGenerator<LoggedEvent, void>) {
  // The stream's kind was checked by the caller, so its events are all of type T.
  for await (const item of items) yield tracked(String(item.seq), item.event as T);
}

/** tailEvents for a tRPC subscription or a server-side reader: tracked() events. */
export function tailStream<T extends StreamEvent>(...args: Parameters<typeof tailEvents>) {
  return tracking<T>(tailEvents(...args));
}

/** STREAM_PRUNED, naming the stream and the retention limit that removed its events. */
function prunedError(log: StreamLog, streamId: string, pruned: string): AppError {
  const what = log.kindOf(streamId) === 'reply' ? 'message' : 'execution';
  return new AppError(
    'STREAM_PRUNED',
    `the events of ${what} ${streamId} were removed by the event-log retention (${pruned} in fragments.config.json); its fragments are kept (fragments.list)`,
  );
}

/**
 * Checks that a reader may start on one stream of the given kind after `lastEventId`, and returns
 * the seq to read after. The checks run when the reader is opened, not on its first read, so a
 * caller learns of a wrong id or kind (AppError NOT_FOUND, BAD_EVENT_ID) before it sends anything.
 */
function startOf(log: StreamLog, streamId: string, kind: StreamKind, lastEventId: string | null | undefined): number {
  if (log.kindOf(streamId) !== kind) {
    throw new AppError('NOT_FOUND', `${kind === 'tool' ? 'execution' : 'message'} ${streamId} does not exist`);
  }
  const pruned = log.prunedBy(streamId);
  if (pruned !== null) throw prunedError(log, streamId, pruned);
  return parseEventId(lastEventId, log.lastSeq(streamId));
}

/**
 * A reader of one stream of the given kind after `lastEventId` (checked now, see startOf), for the
 * direct SSE and WebSocket writers: the log's items, with their stored JSON.
 */
export function openEvents(
  log: StreamLog,
  streamId: string,
  kind: StreamKind,
  lastEventId: string | null | undefined,
  signal: AbortSignal,
  room?: Room,
  onIdle?: IdleHook,
) {
  return tailEvents(log, streamId, startOf(log, streamId, kind, lastEventId), signal, room, onIdle);
}

/** openEvents for a tRPC subscription: tracked() events. */
export function openStream<T extends StreamEvent>(...args: Parameters<typeof openEvents>) {
  return tracking<T>(openEvents(...args));
}
