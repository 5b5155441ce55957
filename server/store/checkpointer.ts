/**
 * WAL checkpoints on a worker thread, off the event loop.
 *
 * Every commit in WAL mode appends pages to the -wal file; a checkpoint copies them back into the
 * database and fsyncs both files. SQLite's default runs that checkpoint inside whichever commit
 * crosses 1000 WAL pages — on our single event loop, so every few hundred commits one of them took
 * milliseconds longer and every live stream waited for it (at 1000 streams, commits were 22% of the
 * server's CPU, about half of it checkpointing: `npm run bench` with BENCH_PROFILE). Here a worker
 * thread with its own connection runs PASSIVE checkpoints, which never take the write lock, so the
 * event loop's commits only append. The main connection keeps a far larger autocheckpoint as a
 * safety net (a worker that died must not let the WAL grow without bound).
 *
 * Paced by volume, not by the clock. Once a checkpoint has moved the whole WAL, the next commit
 * starts the WAL over and SQLite fsyncs its header inside that commit, on the event loop. With a
 * checkpoint every 100 ms that was nearly every commit of a quiet stream (about 0.55 ms each,
 * timed in StreamLog.flush); `npm run bench -- --streams=1 --only=latency` p50 went from 1.0-1.3 ms
 * to 0.85-0.9. Now the main thread asks for a checkpoint once about CHECKPOINT_AFTER_PAGES have been
 * written (`written`, the event log's estimate), so a quiet server checkpoints every few minutes and
 * a busy one a few times a second; the worker also checkpoints on its own every
 * FALLBACK_INTERVAL_MS for writes the estimate does not see.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Db } from './db';

/** WAL pages (4 KiB; ~16 MB) written since the last checkpoint that make the next one due. */
export const CHECKPOINT_AFTER_PAGES = 4000;
/** How often the main thread looks at `written`. */
const CHECK_EVERY_MS = 100;
/** The worker's own checkpoint, for writes `written` does not count (executions, fragments). */
const FALLBACK_INTERVAL_MS = 30_000;
/** The main connection's own checkpoint threshold while the worker runs (pages of 4 KiB: ~80 MB). */
export const SAFETY_AUTOCHECKPOINT_PAGES = 20_000;

export interface CheckpointResult {
  /** `PRAGMA wal_checkpoint(PASSIVE)`: frames in the WAL, and how many of them are now in the database. */
  log: number;
  checkpointed: number;
}

// Plain CommonJS run with `eval`: the worker needs no TypeScript loader, whatever runs the app.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 0');
const checkpoint = () => {
  try {
    const [row] = db.pragma('wal_checkpoint(PASSIVE)');
    if (row && row.log > 0) parentPort.postMessage({ log: row.log, checkpointed: row.checkpointed });
  } catch (error) {
    parentPort.postMessage({ error: String(error && error.message || error) });
  }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message === 'now') return checkpoint();
  if (message === 'stop') {
    clearInterval(timer);
    checkpoint();
    db.close();
    parentPort.close();
  }
});
`;

export interface Checkpointer {
  /** The next checkpoint that found frames in the WAL (tests wait on it instead of on a timer). */
  next(): Promise<CheckpointResult>;
  /** Asks for a checkpoint now rather than at the next interval. */
  poke(): void;
  stop(): Promise<void>;
}

/**
 * Starts checkpointing `db`'s file on a worker thread and turns the main connection's own
 * checkpoints down to the safety net. `written` counts WAL pages written so far (about); a
 * checkpoint is asked for every CHECKPOINT_AFTER_PAGES of it.
 */
export function startCheckpointer(
  db: Db,
  onError: (message: string) => void = () => undefined,
  written: () => number = () => 0,
  fallbackIntervalMs = FALLBACK_INTERVAL_MS,
): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file: db.name, driver, intervalMs: fallbackIntervalMs } });
  // A checkpoint thread must never keep the process alive on its own.
  worker.unref();
  let checkpointedAt = written();
  const pacer = setInterval(() => {
    const now = written();
    if (now - checkpointedAt < CHECKPOINT_AFTER_PAGES) return;
    checkpointedAt = now;
    worker.postMessage('now');
  }, CHECK_EVERY_MS);
  pacer.unref();
  db.pragma(`wal_autocheckpoint = ${SAFETY_AUTOCHECKPOINT_PAGES}`);
  const waiting = new Set<(result: CheckpointResult) => void>();
  let failed: string | undefined;
  worker.on('message', (message: CheckpointResult | { error: string }) => {
    if ('error' in message) return onError(`WAL checkpoint: ${message.error}`);
    for (const resolve of waiting) resolve(message);
    waiting.clear();
  });
  worker.on('error', (error) => {
    // Back to SQLite's own checkpoints on the main connection: slower, never unbounded.
    failed = error.message;
    onError(`the WAL checkpoint thread failed (${error.message}); checkpointing on the main thread again`);
    if (db.open) db.pragma('wal_autocheckpoint = 1000');
  });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    next: () => (failed ? Promise.reject(new Error(failed)) : new Promise((resolve) => waiting.add(resolve))),
    poke: () => worker.postMessage('now'),
    async stop() {
      clearInterval(pacer);
      // Held open until the worker has closed its connection: an unref'd worker would let the loop end first.
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
}
