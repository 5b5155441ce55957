/**
 * What one committed event-log row costs SQLite, apart from the app: `npx tsx bench/sqlite-rows.ts`.
 * The table has the event log's layout (stream_events, clustered by stream), in WAL mode with
 * synchronous=NORMAL as the app opens it, in a temp dir; checkpoints run inline every 250 commits.
 * It prints the process's CPU per row (user + system) for:
 * - 1000 streams, 17 rows a commit (what the bench's 1000-stream phase commits, *Event-log write
 *   batching*): each row lands in its stream's own page, so each dirties a page of the WAL;
 * - one stream, one row a commit (a quiet stream);
 * - 64 KiB rows (large output), at the default 4 KiB page and at 16 KiB.
 * Why the server's CPU per chunk is about twice the raw-SSE floor's (README, Known limits).
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'fragments-sqlite-rows-'));

function open(name: string, pageSize: number): Database.Database {
  const db = new Database(join(dir, `${name}.sqlite`));
  db.pragma(`page_size = ${pageSize}`);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('wal_autocheckpoint = 0');
  db.exec('CREATE TABLE stream_events (stream_id TEXT NOT NULL, seq INTEGER NOT NULL, data TEXT NOT NULL, PRIMARY KEY (stream_id, seq)) WITHOUT ROWID');
  return db;
}

/** CPU µs per row of writing `rows` rows round-robin over `streams` streams, `perCommit` rows a commit. */
function measure(name: string, o: { streams: number; rows: number; perCommit: number; data: string; pageSize?: number }): number {
  const db = open(name, o.pageSize ?? 4096);
  const insert = db.prepare('INSERT INTO stream_events (stream_id, seq, data) VALUES (?, ?, ?)');
  const ids = Array.from({ length: o.streams }, () => `exe_${randomUUID().replaceAll('-', '')}`);
  const seqs = new Array<number>(o.streams).fill(0);
  const commit = db.transaction((slots: number[]) => {
    for (const slot of slots) {
      const seq = (seqs[slot] ?? 0) + 1;
      seqs[slot] = seq;
      insert.run(ids[slot], seq, o.data);
    }
  });
  const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
  const start = process.cpuUsage();
  let written = 0;
  for (let commits = 1; written < o.rows; commits++) {
    const slots: number[] = [];
    for (let i = 0; i < o.perCommit && written < o.rows; i++, written++) slots.push(written % o.streams);
    commit(slots);
    if (commits % 250 === 0) checkpoint.run();
  }
  const used = process.cpuUsage(start);
  db.close();
  return (used.user + used.system) / o.rows;
}

const chunk = JSON.stringify({ type: 'tool_output', content: 'c12@1764000000000.123+0.100;' });
const large = JSON.stringify({ type: 'tool_output', content: '0123456789abcdef'.repeat(4096) });
try {
  const rows: [string, number][] = [
    ['1000 streams, 17 rows a commit', measure('interleaved', { streams: 1000, rows: 70_000, perCommit: 17, data: chunk })],
    ['1 stream, 1 row a commit', measure('quiet', { streams: 1, rows: 20_000, perCommit: 1, data: chunk })],
    ['64 KiB rows, 4 KiB pages', measure('large4', { streams: 1, rows: 1600, perCommit: 1, data: large })],
    ['64 KiB rows, 16 KiB pages', measure('large16', { streams: 1, rows: 1600, perCommit: 1, data: large, pageSize: 16384 })],
    ['1000 streams, 16 KiB pages', measure('interleaved16', { streams: 1000, rows: 70_000, perCommit: 17, data: chunk, pageSize: 16384 })],
  ];
  console.log('SQLite CPU per committed event-log row (user + system, this process)\n');
  for (const [what, us] of rows) console.log(`${what.padEnd(34)} ${us.toFixed(1).padStart(7)} µs/row`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
