import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openDatabase } from '../store/db';
import { StreamLog } from './log';

/** Every committed event, page by page, as a subscriber reads them. */
function readAll(log: StreamLog, id: string) {
  const all = [];
  for (let page = log.read(id, 0, 256); page.length > 0; page = log.read(id, all.at(-1)?.seq ?? 0, 256)) all.push(...page);
  return all;
}

/**
 * A database that cannot grow (SQLite's max_page_count: SQLITE_FULL, as on a full disk). The
 * integration test fills a real tmpfs; this one pins the log's part without needing root.
 */
describe('the stream log on a full disk', () => {
  it('never throws from a commit that fails: the streams end in memory, the rest is kept, the end is stored later', async () => {
    const db = openDatabase(mkdtempSync(join(tmpdir(), 'log-full-')));
    const log = new StreamLog(db);
    const cut: string[] = [];
    log.onCut((id) => cut.push(id));
    log.create('kept', 'tool');
    log.append('kept', { type: 'tool_output', content: 'stored before' });
    log.flush();
    log.create('big', 'tool');
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages + 2}`);

    log.append('big', { type: 'tool_output', content: 'x'.repeat(1_000_000) });
    assert.doesNotThrow(() => log.flush());
    assert.deepEqual(cut, ['big']);
    assert.equal(log.storage.isFailing, true);
    // Readers get the end from memory: the unseen output is dropped, never half stored.
    const read = readAll(log, 'big').map((item) => item.event);
    assert.deepEqual(read.map((event) => event.type), ['tool_error', 'done']);
    assert.equal(read[0]?.type === 'tool_error' && read[0].error.code, 'STORAGE_FULL');
    assert.equal(log.isFinished('big'), true);
    // What the cut-off run says from now on is dropped, not thrown.
    assert.doesNotThrow(() => log.append('big', { type: 'done' }));
    // The other stream's stored event is untouched.
    assert.deepEqual(readAll(log, 'kept').map((item) => item.event), [{ type: 'tool_output', content: 'stored before' }]);

    // Room again: the end is written, and read back from SQLite like any finished stream.
    db.pragma('max_page_count = 1073741823');
    assert.equal(log.storage.tryRecover(), true);
    const stored = db.prepare("SELECT data FROM stream_events WHERE stream_id = 'big' ORDER BY seq").all() as { data: string }[];
    assert.deepEqual(stored.map((row) => (JSON.parse(row.data) as { type: string }).type), ['tool_error', 'done']);
    assert.equal((db.prepare("SELECT finished FROM streams WHERE id = 'big'").get() as { finished: number }).finished, 1);
    log.storage.close();
  });
});
