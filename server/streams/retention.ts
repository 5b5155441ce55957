/**
 * Event-log retention (limits.eventLogMaxAgeDays, limits.eventLogMaxChars). A finished stream past
 * the age, or the oldest finished streams while all logs together hold more than the size, lose
 * their events; the stream's row stays (marked with the limit that pruned it, so a replay answers
 * STREAM_PRUNED) and so do its fragments. Live streams are never touched. It runs at start-up and
 * then every PRUNE_INTERVAL_MS, in small batches with a turn of the event loop between them, so a
 * large prune never holds the loop (and every other stream) for long.
 */
import type { Limits } from '../config/schema';
import type { Db } from '../store/db';

const DAY_MS = 24 * 60 * 60 * 1000;
/** How often retention runs after start-up. */
export const PRUNE_INTERVAL_MS = 10 * 60 * 1000;
/** Streams pruned per transaction, and about how much text (events of a 20 MB output are ~320 rows). */
const BATCH_STREAMS = 16;
const BATCH_CHARS = 8 * 1024 * 1024;

type RetentionLimits = Pick<Limits, 'eventLogMaxAgeDays' | 'eventLogMaxChars'>;

interface Candidate {
  id: string;
  chars: number;
}

/** Prunes one batch; returns how many streams it pruned (0: nothing left to do). */
export function pruneBatch(db: Db, limits: RetentionLimits, now = Date.now()): number {
  const cutoff = now - limits.eventLogMaxAgeDays * DAY_MS;
  const oldest = db.prepare(
    'SELECT id, chars, created_at < ? AS old FROM streams WHERE finished = 1 AND pruned IS NULL ORDER BY created_at LIMIT ?',
  );
  const total = (db.prepare('SELECT COALESCE(SUM(chars), 0) AS total FROM streams WHERE pruned IS NULL').get() as { total: number }).total;
  const deleteEvents = db.prepare('DELETE FROM stream_events WHERE stream_id = ?');
  const markPruned = db.prepare('UPDATE streams SET pruned = ?, chars = 0 WHERE id = ?');
  const byAge = `limits.eventLogMaxAgeDays = ${limits.eventLogMaxAgeDays}`;
  const bySize = `limits.eventLogMaxChars = ${limits.eventLogMaxChars}`;

  let left = total;
  let chars = 0;
  const chosen: [Candidate, string][] = [];
  for (const row of oldest.all(cutoff, BATCH_STREAMS) as (Candidate & { old: number })[]) {
    const reason = row.old ? byAge : left > limits.eventLogMaxChars ? bySize : null;
    // Oldest first: once a stream is young enough and the total fits, every later one is kept too.
    if (reason === null) break;
    chosen.push([row, reason]);
    left -= row.chars;
    chars += row.chars;
    if (chars >= BATCH_CHARS) break;
  }
  db.transaction(() => {
    for (const [{ id }, reason] of chosen) {
      deleteEvents.run(id);
      markPruned.run(reason, id);
    }
  })();
  return chosen.length;
}

/** Prunes until nothing is past a limit, yielding to the event loop between batches. */
export async function pruneEventLog(db: Db, limits: RetentionLimits, now = Date.now()): Promise<number> {
  let pruned = 0;
  for (;;) {
    const count = pruneBatch(db, limits, now);
    pruned += count;
    if (count === 0) return pruned;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Runs retention now and then every interval; stop() ends it (and waits for a run in progress). */
export function startRetention(db: Db, limits: RetentionLimits, onPruned: (count: number) => void, intervalMs = PRUNE_INTERVAL_MS) {
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const run = () => {
    running = running
      .then(() => (stopped ? 0 : pruneEventLog(db, limits)))
      .then((count) => count > 0 && onPruned(count))
      .catch((error: unknown) => console.error(`event-log retention failed: ${(error as Error).message}`));
  };
  run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return {
    /** The prune started at start-up (or the last one), for tests. */
    settled: () => running,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
