import { dirname } from 'node:path';
import { damagedError, isDamagedDatabase, type Db } from '../store/db';
import type { StreamError, StreamEvent } from '../../shared/events';
import type { AppError } from '../errors/appError';
import { isStorageError, StorageHealth } from '../storage/health';
import { DB_PAGE_ROWS, FLUSH_BUDGET_CHARS, DB_PAGE_CHARS, capPage, sizeOf, wakeInSlices } from './batching';

export type StreamKind = 'tool' | 'reply';
export interface LoggedEvent {
  seq: number;
  event: StreamEvent;
  /** The event's JSON as stored in SQLite: set when it is committed or read back (jsonOf). */
  json?: string;
}

/** Largest `tool_output` chunk we store or deliver; bigger output is split, smaller is merged. */
export const MAX_CHUNK_CHARS = 64 * 1024;
/** Flushed events kept in memory per live stream so that subscribers who keep up never touch SQLite. */
const RING_EVENTS = 512;
/**
 * ...and at most about this much of their text and kept JSON (heldChars): 512 events of 64 KiB would
 * be 32 MB per stream, so ten large outputs at once held hundreds of MB for readers who keep up with
 * one commit anyway. A reader further behind reads from SQLite, a page at a time.
 */
const RING_MAX_CHARS = 4 * 1024 * 1024;
/**
 * A live stream's stored size (`streams.chars`, what retention weighs) is written when it finishes
 * or has grown by this much, not in every commit: that one-row update per stream per commit dirtied
 * as many pages as the events themselves at 1000 streams. Retention only prunes finished streams,
 * whose size is always written.
 */
const CHARS_WRITE_EVERY = 1024 * 1024;
/** A log that has not committed for this long commits an append at once instead of at the end of the loop turn. */
const QUIET_AFTER_MS = 5;

/**
 * The JSON an event is sent as: the text it was stored as when the item carries it, so the SSE and
 * WebSocket writers send those bytes instead of serialising the event again (JSON.stringify of 64 KiB
 * of output is ~90 µs, a sixth of what one large chunk cost the server). Merged events (coalesce)
 * and large ones no longer fresh carry none and are serialised anew.
 */
export function jsonOf(item: LoggedEvent): string {
  return item.json ?? JSON.stringify(item.event);
}

/**
 * Small events keep their JSON as long as they are in the ring or a page. Larger JSON is kept only
 * until the stream's next commit (the readers woken by a commit send it at once) and not for rows
 * read back from SQLite: a large string that outlives a young-generation collection is promoted,
 * and V8's old space then fills with dead 64 KiB strings until a full collection. Holding it longer
 * raised the server's RSS peak with ten slow 40 MB readers from ~190 MB to ~395 MB.
 */
const HELD_JSON_MAX_CHARS = 16 * 1024;

/**
 * The waits parked under each subscriber's abort signal. One 'abort' listener per signal, added on
 * its first wait, instead of an add and a remove on every wait: a subscriber waits once per event it
 * gets, and those two EventTarget calls were a visible share of the server's time at 1000 streams.
 */
const parkedBySignal = new WeakMap<AbortSignal, Set<() => void>>();
function parkedOn(signal: AbortSignal): Set<() => void> {
  let parked = parkedBySignal.get(signal);
  if (!parked) {
    const waits = new Set<() => void>();
    signal.addEventListener('abort', () => [...waits].forEach((wake) => wake()), { once: true });
    parkedBySignal.set(signal, waits);
    parked = waits;
  }
  return parked;
}

/** What a ring entry holds in memory: the event's text and the JSON it keeps (large JSON is transient, see HELD_JSON_MAX_CHARS). */
function heldChars(item: LoggedEvent): number {
  const json = item.json?.length ?? 0;
  return sizeOf(item.event) + (json < HELD_JSON_MAX_CHARS ? json : 0);
}

/** Drops the large JSON of the stream's previous commit and notes this commit's. */
function freshenJson(live: LiveStream, batch: LoggedEvent[]): void {
  for (const item of live.freshLarge) item.json = undefined;
  live.freshLarge.length = 0;
  for (const item of batch) if ((item.json?.length ?? 0) >= HELD_JSON_MAX_CHARS) live.freshLarge.push(item);
}

/**
 * Appends a committed batch to the stream's ring, then drops its oldest events past RING_EVENTS or
 * RING_MAX_CHARS (never the newest). Dropping moves `ringStart` instead of copying the ring: a copy
 * of up to 512 entries for every stream in every commit was most of the log's garbage at 1000 streams.
 */
function keepInRing(live: LiveStream, batch: LoggedEvent[]): void {
  freshenJson(live, batch);
  // Only the newest RING_EVENTS matter.
  const kept = batch.length > RING_EVENTS ? batch.slice(-RING_EVENTS) : batch;
  const ring = live.ring;
  let chars = live.ringChars;
  for (const item of kept) {
    ring.push(item);
    chars += heldChars(item);
  }
  let start = live.ringStart;
  while (start < ring.length - 1 && (ring.length - start > RING_EVENTS || chars > RING_MAX_CHARS)) {
    chars -= heldChars(ring[start] as LoggedEvent);
    start++;
  }
  // Compact once the dropped part is as long as what is kept (amortised: each event is copied about once).
  if (start > 0 && start >= ring.length - start) {
    live.ring = ring.slice(start);
    start = 0;
  }
  live.ringStart = start;
  live.ringChars = chars;
}

interface LiveStream {
  kind: StreamKind;
  nextSeq: number;
  flushedSeq: number;
  /** Appended but not yet committed; nobody has seen them, so they may still be merged. */
  pending: LoggedEvent[];
  /** The last committed events, oldest first, from `ringStart` on (entries before it are dropped). */
  ring: LoggedEvent[];
  ringStart: number;
  /** Text and JSON in `ring` (heldChars), kept against RING_MAX_CHARS. */
  ringChars: number;
  /** The last commit's events whose large JSON is still held (freshenJson). */
  freshLarge: LoggedEvent[];
  finished: boolean;
  /** Stored characters not yet added to `streams.chars`. */
  unwrittenChars: number;
  waiters: Set<() => void>;
  /** Ended in memory because its events could not be stored (cut): later appends are dropped. */
  cut: boolean;
}

/** A stream open for writing whose last committed event is `lastSeq`, with `unwrittenChars` not yet in `streams.chars`. */
function liveStream(kind: StreamKind, lastSeq: number, unwrittenChars: number): LiveStream {
  return { kind, cut: false, nextSeq: lastSeq + 1, flushedSeq: lastSeq, pending: [], ring: [], ringStart: 0, ringChars: 0, freshLarge: [], finished: false, unwrittenChars, waiters: new Set() };
}

/** What one commit wrote of a stream: its first `json.length` pending events, as this JSON. */
interface CommitPlan {
  id: string;
  live: LiveStream;
  json: string[];
  chars: number;
  writesChars: boolean;
}

export interface StreamLogStats {
  transactions: number;
  rowsWritten: number;
  /** Stored JSON characters, for the checkpointer's estimate of WAL pages written. */
  charsWritten: number;
}

/**
 * The append-only event log behind every stream. Appends are buffered and committed in one
 * transaction per event-loop turn (thousands of chunks a second are a handful of commits);
 * subscribers only ever see committed events, so whatever a client saw survives a crash.
 */
export class StreamLog {
  private readonly live = new Map<string, LiveStream>();
  private readonly dirty = new Set<string>();
  private flushScheduled = false;
  private lastFlushAt = 0;
  readonly stats: StreamLogStats = { transactions: 0, rowsWritten: 0, charsWritten: 0 };

  private readonly insertStream;
  private readonly insertEvent;
  private readonly markFinished;
  private readonly selectAfter;
  private readonly selectStream;
  private readonly selectLastSeq;
  private readonly addChars;
  /** One transaction writing what is pending of `streams`; built once (better-sqlite3 wraps a function anew on every db.transaction call). */
  private readonly commit: (streams: string[]) => CommitPlan[];
  /** Streams cut off by a failed write (see cut): what they append from then on is dropped. */
  private readonly cutIds = new Set<string>();
  private readonly cutListeners: ((streamId: string, error: AppError) => void)[] = [];

  constructor(
    private readonly db: Db,
    readonly storage: StorageHealth = new StorageHealth(dirname(db.name)),
  ) {
    this.insertStream = db.prepare('INSERT INTO streams (id, kind, created_at) VALUES (?, ?, ?)');
    this.insertEvent = db.prepare('INSERT INTO stream_events (stream_id, seq, data) VALUES (?, ?, ?)');
    this.markFinished = db.prepare('UPDATE streams SET finished = 1 WHERE id = ?');
    this.selectAfter = db.prepare(
      'SELECT seq, data FROM stream_events WHERE stream_id = ? AND seq > ? ORDER BY seq LIMIT ?',
    );
    this.selectStream = db.prepare('SELECT kind, finished, pruned, chars FROM streams WHERE id = ?');
    this.addChars = db.prepare('UPDATE streams SET chars = chars + ? WHERE id = ?');
    this.selectLastSeq = db.prepare('SELECT MAX(seq) AS seq, COALESCE(SUM(LENGTH(data)), 0) AS chars FROM stream_events WHERE stream_id = ?');
    // Only SQLite is written inside: the in-memory state changes after the commit (applyCommit), so
    // a commit that fails (a full disk) leaves every pending event where it was.
    this.commit = db.transaction((streams: string[]) => {
      let budget = FLUSH_BUDGET_CHARS;
      const plans: CommitPlan[] = [];
      for (const id of streams) {
        const live = this.live.get(id);
        if (!live) continue;
        const json: string[] = [];
        let chars = 0;
        for (let i = 0; i < live.pending.length && budget > 0; i++) {
          const item = live.pending[i] as LoggedEvent;
          const data = JSON.stringify(item.event);
          json.push(data);
          budget -= data.length;
          chars += data.length;
          this.insertEvent.run(id, item.seq, data);
        }
        const finishing = json.length === live.pending.length && live.finished;
        const unwritten = live.unwrittenChars + chars;
        // What retention weighs (limits.eventLogMaxChars), written in the same commit as the events.
        const writesChars = unwritten > 0 && (finishing || unwritten >= CHARS_WRITE_EVERY);
        if (writesChars) this.addChars.run(unwritten, id);
        if (finishing) this.markFinished.run(id);
        plans.push({ id, live, json, chars, writesChars });
      }
      return plans;
    });
  }

  /** After a commit: the committed events leave `pending` for the ring, carrying their stored JSON (jsonOf). */
  private applyCommit(plans: CommitPlan[]): [string, LiveStream, LoggedEvent[]][] {
    const committed: [string, LiveStream, LoggedEvent[]][] = [];
    for (const { id, live, json, chars, writesChars } of plans) {
      const batch = live.pending.splice(0, json.length);
      batch.forEach((item, i) => (item.json = json[i]));
      live.unwrittenChars = writesChars ? 0 : live.unwrittenChars + chars;
      this.stats.charsWritten += chars;
      if (live.pending.length > 0) this.dirty.add(id);
      if (batch.length > 0) committed.push([id, live, batch]);
    }
    return committed;
  }

  /** Called with each stream a failed write cut off (the run or reply behind it should stop). */
  onCut(listener: (streamId: string, error: AppError) => void): void {
    this.cutListeners.push(listener);
  }

  /**
   * Ends a stream whose events cannot be stored, in memory: what no reader has seen yet is dropped
   * (nothing stored is touched), and its readers get `tool_error` / `reply_error` with the storage
   * error, then `done`. Those two are written once the disk has room (StorageHealth.later); until
   * then the stream stays in memory so that every reader, early or late, reads them.
   */
  cut(streamId: string, error: AppError): void {
    const live = this.live.get(streamId);
    if (!live || live.cut || this.cutIds.has(streamId)) return;
    this.cutIds.add(streamId);
    live.cut = true;
    live.pending = [];
    live.finished = true;
    this.dirty.delete(streamId);
    const failure: StreamError = { code: 'STORAGE_FULL', message: error.message, recoverable: true };
    const events: StreamEvent[] = [live.kind === 'reply' ? { type: 'reply_error', error: failure } : { type: 'tool_error', error: failure }, { type: 'done' }];
    const ends: LoggedEvent[] = events.map((event, i) => ({ seq: live.flushedSeq + 1 + i, event, json: JSON.stringify(event) }));
    live.nextSeq = live.flushedSeq + 1 + ends.length;
    keepInRing(live, ends);
    live.flushedSeq = live.nextSeq - 1;
    const waiters = [...live.waiters];
    live.waiters.clear();
    wakeInSlices(waiters);
    this.storage.later(() => {
      this.db.transaction(() => {
        for (const item of ends) this.insertEvent.run(streamId, item.seq, item.json);
        const chars = live.unwrittenChars + ends.reduce((sum, item) => sum + (item.json?.length ?? 0), 0);
        this.addChars.run(chars, streamId);
        this.markFinished.run(streamId);
      })();
      live.unwrittenChars = 0;
      this.live.delete(streamId);
    });
    for (const listener of this.cutListeners) listener(streamId, error);
  }

  /** Creates a stream; call inside the caller's transaction so the stream exists with its owner row. */
  create(streamId: string, kind: StreamKind): void {
    this.insertStream.run(streamId, kind, Date.now());
    this.live.set(streamId, liveStream(kind, 0, 0));
  }

  /** About how many WAL pages the log has written (each commit, each row, each 4 KiB): what the checkpointer paces itself by. */
  walPagesWritten(): number {
    return this.stats.transactions + this.stats.rowsWritten + Math.floor(this.stats.charsWritten / 4096);
  }

  /** Re-opens an unfinished stream left by an earlier process, so events can be appended to it. */
  reopen(streamId: string): void {
    if (this.live.has(streamId)) return;
    const row = this.selectLastSeq.get(streamId) as { seq: number | null; chars: number };
    const last = row.seq ?? 0;
    // The previous process may have died before writing its last sizes: count what is stored.
    const stream = this.selectStream.get(streamId) as { kind: StreamKind; chars: number } | undefined;
    const unwrittenChars = row.chars - (stream?.chars ?? 0);
    this.live.set(streamId, liveStream(stream?.kind ?? 'tool', last, unwrittenChars));
  }

  /** The seq of the last committed event of a stream (what a reader can have been sent), 0 before any. */
  lastSeq(streamId: string): number {
    const live = this.live.get(streamId);
    if (live) return live.flushedSeq;
    return (this.selectLastSeq.get(streamId) as { seq: number | null }).seq ?? 0;
  }

  /** The kind of a stream, or undefined when there is no such stream. */
  kindOf(streamId: string): StreamKind | undefined {
    const row = this.selectStream.get(streamId) as { kind: StreamKind } | undefined;
    return row?.kind;
  }

  /** Which retention limit removed a finished stream's events, or null while they are kept. */
  prunedBy(streamId: string): string | null {
    const row = this.selectStream.get(streamId) as { pruned: string | null } | undefined;
    return row?.pruned ?? null;
  }

  isFinished(streamId: string): boolean {
    const live = this.live.get(streamId);
    if (live) return live.finished && live.pending.length === 0;
    const row = this.selectStream.get(streamId) as { finished: number } | undefined;
    return row === undefined || row.finished === 1;
  }

  /** Appends an event; `done` finishes the stream. Large `tool_output` is split into bounded chunks. */
  append(streamId: string, event: StreamEvent): void {
    // Cut off by a full disk: its end is already told; the rest of what the run says is dropped.
    if (this.cutIds.has(streamId)) return;
    const live = this.live.get(streamId);
    if (!live) throw new Error(`stream ${streamId} is not open for writing`);
    if (live.finished) throw new Error(`stream ${streamId} is already finished`);
    // Only output is ever merged. Every other event — each progress notification above all — is kept
    // as its own event in the order it came: it may be the only thing a tool says while it works.
    if (event.type === 'tool_output') this.appendOutput(live, event);
    else live.pending.push({ seq: live.nextSeq++, event });
    if (event.type === 'done') live.finished = true;
    this.dirty.add(streamId);
    this.scheduleFlush();
  }

  /**
   * Merges into the last pending event when nobody has seen it yet and it is output of the same
   * kind: concatenation keeps every byte in order. Never across another event — output that came
   * after a progress notification must stay after it, live and replayed alike.
   */
  private appendOutput(live: LiveStream, event: Extract<StreamEvent, { type: 'tool_output' }>): void {
    let text = event.content;
    const target = live.pending.at(-1);
    if (target && target.event.type === 'tool_output' && target.event.stream === event.stream) {
      const room = MAX_CHUNK_CHARS - target.event.content.length;
      if (room > 0) {
        target.event = { ...target.event, content: target.event.content + text.slice(0, room) };
        text = text.slice(room);
      }
    }
    for (let i = 0; i < text.length; i += MAX_CHUNK_CHARS) {
      const content = text.slice(i, i + MAX_CHUNK_CHARS);
      const chunk: StreamEvent = event.stream ? { type: 'tool_output', content, stream: event.stream } : { type: 'tool_output', content };
      live.pending.push({ seq: live.nextSeq++, event: chunk });
    }
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // A quiet log commits at the end of the current callback: waiting for the loop's check phase
    // cost a single stream ~0.1 ms a chunk, with nothing else to share the commit with.
    if (performance.now() - this.lastFlushAt > QUIET_AFTER_MS) queueMicrotask(() => this.flush());
    // A busy one commits once per event-loop turn: every append made in the turn rides in it.
    else setImmediate(() => this.flush());
  }

  /**
   * Commits what is pending, then wakes the subscribers of the streams that grew. At most
   * FLUSH_BUDGET_CHARS go in one commit (a 20 MB output must not stall the loop for one transaction);
   * the rest follows in the next turn, in order.
   */
  flush(): void {
    this.flushScheduled = false;
    this.lastFlushAt = performance.now();
    if (this.dirty.size === 0) return;
    const streams = [...this.dirty];
    this.dirty.clear();
    let committed: [string, LiveStream, LoggedEvent[]][];
    try {
      committed = this.applyCommit(this.commit(streams));
    } catch (error) {
      // A full disk (or an I/O error) must not end the process: the streams that could not be
      // stored end with STORAGE_FULL; the server goes on, and everything committed before is kept.
      // A damaged page under the write (SQLITE_CORRUPT) is no reason to end the process either.
      if (!isStorageError(error) && !isDamagedDatabase(error)) throw error;
      const failure = this.storage.failed(error);
      for (const id of streams) this.cut(id, failure);
      return;
    }
    this.stats.transactions++;
    const waiters: (() => void)[] = [];
    for (const [id, live, batch] of committed) {
      this.stats.rowsWritten += batch.length;
      keepInRing(live, batch);
      live.flushedSeq = batch.at(-1)?.seq ?? live.flushedSeq;
      for (const wake of live.waiters) waiters.push(wake);
      live.waiters.clear();
      // A finished stream is served from SQLite from now on; keep nothing in memory for it.
      if (live.finished && live.pending.length === 0) this.live.delete(id);
    }
    wakeInSlices(waiters);
    if (this.dirty.size > 0) this.scheduleFlush();
  }

  /**
   * Committed events after `afterSeq`, oldest first: at most `limit`, and about MAX_PAGE_CHARS of
   * text from memory or DB_PAGE_CHARS from SQLite, or `maxChars` when smaller (always one event).
   */
  read(streamId: string, afterSeq: number, limit: number, maxChars?: number): LoggedEvent[] {
    const live = this.live.get(streamId);
    const first = live?.ring[live.ringStart];
    if (live && first && afterSeq >= first.seq - 1) {
      // The ring's seqs are consecutive: the event after afterSeq is this many places in.
      const start = live.ringStart + afterSeq - first.seq + 1;
      return capPage(live.ring.slice(start, start + limit), maxChars);
    }
    const pageChars = Math.min(maxChars ?? DB_PAGE_CHARS, DB_PAGE_CHARS);
    // Row by row, stopping at DB_PAGE_CHARS: reading DB_PAGE_ROWS rows of 64 KiB and then dropping
    // what passed the page's bound made a slow reader of large output read and parse rows twice.
    const page: LoggedEvent[] = [];
    let chars = 0;
    try {
      for (const row of this.selectAfter.iterate(streamId, afterSeq, Math.min(limit, DB_PAGE_ROWS)) as Iterable<{ seq: number; data: string }>) {
        if (page.length > 0 && chars + row.data.length > pageChars) break;
        const event = JSON.parse(row.data) as StreamEvent;
        // A replaying reader sends the stored text as it is (jsonOf) instead of serialising the event again.
        page.push(row.data.length < HELD_JSON_MAX_CHARS ? { seq: row.seq, event, json: row.data } : { seq: row.seq, event });
        chars += row.data.length;
      }
    } catch (error) {
      // Its reader ends with the file, what is wrong and what to do; other streams go on.
      if (isDamagedDatabase(error)) throw damagedError(this.db.name, error);
      throw error;
    }
    return page;
  }

  /** Resolves when events after `afterSeq` are committed, or the signal aborts. */
  waitForMore(streamId: string, afterSeq: number, signal: AbortSignal): Promise<void> {
    const live = this.live.get(streamId);
    if (!live || live.flushedSeq > afterSeq || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const parked = parkedOn(signal);
      const wake = () => {
        live.waiters.delete(wake);
        parked.delete(wake);
        resolve();
      };
      live.waiters.add(wake);
      parked.add(wake);
    });
  }

  /** Events and text a live stream keeps in memory for its readers (for the memory-bound tests). */
  ringOf(streamId: string): { events: number; chars: number } | undefined {
    const live = this.live.get(streamId);
    return live && { events: live.ring.length - live.ringStart, chars: live.ringChars };
  }

  /** How many subscribers are parked on live streams (for leak tests). */
  waiterCount(): number {
    let count = 0;
    for (const live of this.live.values()) count += live.waiters.size;
    return count;
  }

  /** Ids of streams the store says are unfinished (left by a previous process). */
  unfinishedStreamIds(kind: StreamKind): string[] {
    const rows = this.db.prepare('SELECT id FROM streams WHERE finished = 0 AND kind = ?').all(kind) as { id: string }[];
    return rows.map((row) => row.id);
  }
}
