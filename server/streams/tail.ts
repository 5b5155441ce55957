import { tracked } from '@trpc/server';
import type { StreamEvent } from '../../shared/events';
import { AppError } from '../errors/appError';
import { MAX_CHUNK_CHARS, type LoggedEvent, type StreamKind, type StreamLog } from './log';

const PAGE = 256;

/** Returns a promise to wait on while the client cannot take more, or null when it can. */
export type RoomWaiter = (signal: AbortSignal) => Promise<void> | null;
/** Called when the reader has nothing more to hand out for now, before it waits: a writer batching its socket writes sends them here. */
export type IdleHook = () => void;

/** Parses a tracked() id back into a sequence number; ids are decimal seqs. */
export function parseEventId(lastEventId: string | null | undefined): number {
  if (lastEventId === null || lastEventId === undefined || lastEventId === '') return 0;
  const seq = Number(lastEventId);
  if (!Number.isSafeInteger(seq) || seq < 0) {
    throw new AppError('BAD_EVENT_ID', `lastEventId "${lastEventId}" is not an event id of this stream`);
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
 * tail, in pages, so a slow reader costs no memory beyond one page. Ends when the stream is done
 * or the signal aborts (the client went away). Yields the log's items, which carry the JSON each
 * event was stored as: the direct SSE and WebSocket writers send it as it is (jsonOf).
 */
export async function* tailEvents(
  log: StreamLog,
  streamId: string,
  afterSeq: number,
  signal: AbortSignal,
  waitForRoom?: RoomWaiter,
  onIdle?: IdleHook,
): AsyncGenerator<LoggedEvent, void> {
  let cursor = afterSeq;
  while (!signal.aborted) {
    const page = log.read(streamId, cursor, PAGE);
    if (page.length > 0) {
      for (const item of coalesce(page)) {
        const full = waitForRoom?.(signal);
        if (full) {
          onIdle?.();
          await full;
        }
        if (signal.aborted) return;
        yield item;
        cursor = item.seq;
        if (item.event.type === 'done') return;
        if (signal.aborted) return;
      }
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
  return parseEventId(lastEventId);
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
  waitForRoom?: RoomWaiter,
  onIdle?: IdleHook,
) {
  return tailEvents(log, streamId, startOf(log, streamId, kind, lastEventId), signal, waitForRoom, onIdle);
}

/** openEvents for a tRPC subscription: tracked() events. */
export function openStream<T extends StreamEvent>(...args: Parameters<typeof openEvents>) {
  return tracking<T>(openEvents(...args));
}
