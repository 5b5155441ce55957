import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openDatabase } from '../store/db';
import { DB_PAGE_CHARS } from './batching';
import { MAX_CHUNK_CHARS, StreamLog, jsonOf } from './log';
import { coalesce, tailStream } from './tail';

const freshLog = () => {
  const dir = mkdtempSync(join(tmpdir(), 'log-'));
  const db = openDatabase(dir);
  return { dir, db, log: new StreamLog(db) };
};
const tick = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Appends `count` outputs of MAX_CHUNK_CHARS, each starting with its index (`7:yyy…`), one a turn so
 * that each is its own event (unseen output in the same turn would merge).
 */
async function appendNumberedChunks(log: StreamLog, id: string, count: number, fill: string): Promise<void> {
  const piece = fill.repeat(MAX_CHUNK_CHARS);
  for (let i = 0; i < count; i++) {
    log.append(id, { type: 'tool_output', content: `${i}:${piece.slice(String(i).length + 1)}` });
    await tick();
  }
}

/** Every committed event, page by page, as a subscriber reads them. */
function readAll(log: StreamLog, id: string, after = 0) {
  const all = [];
  for (let page = log.read(id, after, 256); page.length > 0; page = log.read(id, all.at(-1)?.seq ?? after, 256)) all.push(...page);
  return all;
}

describe('the stream event log', () => {
  it('commits thousands of appends made in one turn in a single transaction, in order', async () => {
    const { log } = freshLog();
    log.create('s1', 'tool');
    // reply_delta is never compacted, so every append is a row.
    for (let i = 0; i < 5000; i++) log.append('s1', { type: 'reply_delta', content: String(i) });
    assert.deepEqual(log.read('s1', 0, 10), [], 'nothing is visible before the commit');
    await tick();
    assert.equal(log.stats.transactions, 1);
    assert.equal(log.stats.rowsWritten, 5000);
    const all = readAll(log, 's1');
    assert.equal(all.length, 5000);
    assert.deepEqual(all.map((e) => e.seq), Array.from({ length: 5000 }, (_, i) => i + 1));
    assert.deepEqual(all.map((e) => (e.event.type === 'reply_delta' ? e.event.content : '')), Array.from({ length: 5000 }, (_, i) => String(i)));
  });

  it('commits 200k events appended in one turn (regression: spreading them into the ring overflowed the stack)', async () => {
    const { log } = freshLog();
    log.create('s', 'tool');
    for (let i = 0; i < 200_000; i++) log.append('s', { type: 'reply_delta', content: 'x' });
    for (let i = 0; i < 10; i++) log.flush();
    assert.equal(log.stats.rowsWritten, 200_000);
    assert.equal(log.read('s', 199_990, 100).length, 10);
    assert.equal(log.read('s', 0, 1)[0]?.seq, 1);
  });

  it('merges small unseen output chunks and splits big ones at the chunk bound', async () => {
    const { log } = freshLog();
    log.create('s', 'tool');
    for (let i = 0; i < 1000; i++) log.append('s', { type: 'tool_output', content: 'x'.repeat(10) });
    log.append('s', { type: 'tool_output', content: 'y'.repeat(MAX_CHUNK_CHARS * 2 + 5) });
    log.append('s', { type: 'tool_output', content: 'err', stream: 'stderr' });
    await tick();
    const events = readAll(log, 's').map((e) => e.event);
    const text = events.map((e) => (e.type === 'tool_output' ? e.content : '')).join('');
    assert.equal(text, 'x'.repeat(10_000) + 'y'.repeat(MAX_CHUNK_CHARS * 2 + 5) + 'err');
    for (const event of events) assert.ok(event.type === 'tool_output' && event.content.length <= MAX_CHUNK_CHARS);
    assert.equal(events.length, 4, 'x and y share chunk 1; two more y chunks; stderr on its own');
    assert.deepEqual(events.at(-1), { type: 'tool_output', content: 'err', stream: 'stderr' });
  });

  it('keeps every unseen progress event, in order, merging only output that is next to output', async () => {
    const { log } = freshLog();
    log.create('s', 'tool');
    for (let i = 1; i <= 1000; i++) {
      log.append('s', { type: 'tool_output', content: `${i}\n` });
      log.append('s', { type: 'tool_progress', progress: i, total: 1000, message: `step ${i}` });
      log.append('s', { type: 'tool_progress', progress: i, total: 1000 });
    }
    log.append('s', { type: 'tool_output', content: 'a' });
    log.append('s', { type: 'tool_output', content: 'b' });
    await tick();
    const events = readAll(log, 's');
    const expected = Array.from({ length: 1000 }, (_, k) => [
      { type: 'tool_output', content: `${k + 1}\n` },
      { type: 'tool_progress', progress: k + 1, total: 1000, message: `step ${k + 1}` },
      { type: 'tool_progress', progress: k + 1, total: 1000 },
    ]).flat();
    assert.deepEqual(events.map((e) => e.event), [...expected, { type: 'tool_output', content: 'ab' }]);
    assert.deepEqual(events.map((e) => e.seq), Array.from({ length: 3001 }, (_, k) => k + 1), 'ids stay dense and increasing');
  });

  it('reads the same events from memory and from SQLite, and after a reopen', async () => {
    const { dir, db, log } = freshLog();
    log.create('s', 'tool');
    for (let i = 0; i < 2000; i++) {
      log.append('s', { type: 'reply_delta', content: String(i) });
      if (i % 100 === 0) await tick();
    }
    await tick();
    const fromStart = readAll(log, 's');
    assert.equal(fromStart.length, 2000);
    const fresh = new StreamLog(openDatabase(dir));
    assert.deepEqual(readAll(fresh, 's'), fromStart);
    assert.deepEqual(log.read('s', 1990, 5), fromStart.slice(1990, 1995));
    assert.equal(fresh.isFinished('s'), false);
    fresh.reopen('s');
    fresh.append('s', { type: 'done' });
    await tick();
    assert.equal(fresh.read('s', 2000, 5)[0]?.seq, 2001);
    assert.equal(fresh.isFinished('s'), true);
    db.close();
  });

  it('splits a huge burst over several commits and serves it in pages of about 1 MB', async () => {
    const { log } = freshLog();
    log.create('s', 'tool');
    log.append('s', { type: 'tool_output', content: 'z'.repeat(20 * 1024 * 1024) });
    log.flush();
    assert.ok(log.stats.rowsWritten < 320, 'one commit carries at most a few MB');
    for (let i = 0; i < 10; i++) log.flush();
    assert.equal(log.stats.rowsWritten, 320);
    const page = log.read('s', 0, 256);
    const chars = page.reduce((sum, e) => sum + (e.event.type === 'tool_output' ? e.event.content.length : 0), 0);
    assert.ok(chars <= 1024 * 1024 && chars > 0, `a page holds ${chars} characters`);
    assert.equal(readAll(log, 's').reduce((sum, e) => sum + (e.event.type === 'tool_output' ? e.event.content.length : 0), 0), 20 * 1024 * 1024);
  });

  it('reads a finished stream from SQLite in pages of at most DB_PAGE_CHARS of stored text, every event once, in order', async () => {
    const { log } = freshLog();
    log.create('s', 'tool');
    await appendNumberedChunks(log, 's', 40, 'y');
    log.append('s', { type: 'done' });
    await tick();
    assert.equal(log.ringOf('s'), undefined, 'a finished stream keeps nothing in memory');
    const pages: number[][] = [];
    let after = 0;
    for (let page = log.read('s', after, 256); page.length > 0; page = log.read('s', after, 256)) {
      const stored = page.reduce((sum, e) => sum + JSON.stringify(e.event).length, 0);
      assert.ok(page.length === 1 || stored <= DB_PAGE_CHARS, `a page of ${page.length} events holds ${stored} characters`);
      pages.push(page.map((e) => e.seq));
      after = page.at(-1)?.seq ?? after;
    }
    assert.deepEqual(pages.flat(), Array.from({ length: 41 }, (_, i) => i + 1));
    // 64 KiB events: a few to a page, not the DB_PAGE_ROWS a page of small events holds.
    assert.ok(pages.length >= 40 / Math.floor(DB_PAGE_CHARS / MAX_CHUNK_CHARS), `${pages.length} pages`);
  });

  it('keeps at most about 4 MB of a live stream in memory, and readers still get every event in order', async () => {
    const { log } = freshLog();
    log.create('big', 'tool');
    await appendNumberedChunks(log, 'big', 200, 'x');
    const ring = log.ringOf('big');
    assert.ok(ring && ring.chars <= 4 * 1024 * 1024 && ring.events > 0, `the ring holds ${JSON.stringify(ring)}`);
    const all = readAll(log, 'big');
    assert.equal(all.length, 200);
    assert.deepEqual(all.map((e) => (e.event.type === 'tool_output' ? Number(e.event.content.split(':')[0]) : -1)), Array.from({ length: 200 }, (_, i) => i));
  });

  it('hands readers the JSON each event was stored as; large JSON only until the next commit, so it is not kept alive', async () => {
    const { db, log } = freshLog();
    log.create('j', 'tool');
    const large = 'y'.repeat(20 * 1024);
    log.append('j', { type: 'tool_progress', progress: 1, message: 'a "quoted" \\ line' });
    log.append('j', { type: 'tool_output', content: large });
    await tick();
    const stored = (db.prepare('SELECT seq, data FROM stream_events WHERE stream_id = ? ORDER BY seq').all('j') as { seq: number; data: string }[]).map((r) => r.data);
    const fresh = log.read('j', 0, 10);
    assert.deepEqual(fresh.map((item) => item.json), stored, 'fresh from the commit, both carry the stored text');
    assert.deepEqual(fresh.map(jsonOf), fresh.map((item) => JSON.stringify(item.event)));
    log.append('j', { type: 'tool_progress', progress: 2 });
    await tick();
    const later = log.read('j', 0, 10);
    assert.equal(later[0]?.json, stored[0], 'a small event keeps its JSON in the ring');
    assert.equal(later[1]?.json, undefined, "the large one's is dropped at the stream's next commit");
    assert.equal(jsonOf(later[1]!), stored[1], 'and serialised anew, to the same text');
    log.append('j', { type: 'done' });
    await tick();
    const replayed = readAll(log, 'j');
    assert.equal(replayed[0]?.json, stored[0], 'read back from SQLite, a small event carries its row');
    assert.equal(replayed[1]?.json, undefined, 'a large row is not held');
    assert.deepEqual(replayed.map(jsonOf), [...stored, JSON.stringify({ type: 'tool_progress', progress: 2 }), JSON.stringify({ type: 'done' })]);
  });

  it('refuses appends after done', async () => {
    const { log } = freshLog();
    log.create('s', 'reply');
    log.append('s', { type: 'done' });
    assert.throws(() => log.append('s', { type: 'reply_delta', content: 'late' }), /already finished/);
  });

  it('tails from any id to done, live, and leaves no waiter behind when the reader goes away', async () => {
    const { log } = freshLog();
    log.create('s', 'tool');
    log.append('s', { type: 'tool_progress', progress: 1 });
    await tick();
    const seen: string[] = [];
    const reading = (async () => {
      for await (const item of tailStream(log, 's', 0, new AbortController().signal)) seen.push(item[0]);
    })();
    await tick();
    log.append('s', { type: 'tool_progress', progress: 2 });
    await tick();
    log.append('s', { type: 'done' });
    await reading;
    assert.deepEqual(seen, ['1', '2', '3']);

    log.create('t', 'tool');
    const controller = new AbortController();
    const gone = (async () => {
      for await (const item of tailStream(log, 't', 0, controller.signal)) seen.push(item[0]);
    })();
    await tick();
    assert.equal(log.waiterCount(), 1);
    controller.abort();
    await gone;
    assert.equal(log.waiterCount(), 0);
  });

  it('coalesces runs of output for a reader that fell behind, keeping the last id', () => {
    const merged = coalesce([
      { seq: 1, event: { type: 'tool_output', content: 'a' } },
      { seq: 2, event: { type: 'tool_output', content: 'b' } },
      { seq: 3, event: { type: 'tool_output', content: 'c', stream: 'stderr' } },
      { seq: 4, event: { type: 'tool_progress', progress: 1 } },
      { seq: 5, event: { type: 'tool_output', content: 'd' } },
    ]);
    assert.deepEqual(merged.map((m) => m.seq), [2, 3, 4, 5]);
    assert.deepEqual(merged[0]?.event, { type: 'tool_output', content: 'ab' });
  });
});
