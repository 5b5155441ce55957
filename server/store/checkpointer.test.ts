import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { CHECKPOINT_AFTER_PAGES, SAFETY_AUTOCHECKPOINT_PAGES, startCheckpointer } from './checkpointer';
import { openDatabase, type Db } from './db';

/** Writes `commits` transactions of one ~4 KB row each: at least that many frames in the WAL. */
function fillWal(db: Db, commits: number): void {
  db.exec('CREATE TABLE filler (text TEXT)');
  const insert = db.prepare('INSERT INTO filler VALUES (?)');
  for (let i = 0; i < commits; i++) db.transaction(() => insert.run('x'.repeat(4000)))();
}

test('the checkpoint thread moves committed WAL frames into the database; the main connection keeps only a safety net', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fragments-ckpt-'));
  const db = openDatabase(dir);
  const checkpointer = startCheckpointer(db);
  try {
    assert.equal(db.pragma('wal_autocheckpoint', { simple: true }), SAFETY_AUTOCHECKPOINT_PAGES);
    fillWal(db, 200);
    const next = checkpointer.next();
    checkpointer.poke();
    const result = await next;
    // Nothing else reads or writes now: every frame the worker found is in the database.
    assert.ok(result.log >= 200, `the WAL held ${result.log} frames`);
    assert.equal(result.checkpointed, result.log);
  } finally {
    await checkpointer.stop();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

// The worker's own fallback is pushed past the test's timeout: only the pacer can answer in time.
test('a checkpoint is asked for once CHECKPOINT_AFTER_PAGES have been written, without a poke', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fragments-ckpt-'));
  const db = openDatabase(dir);
  let written = 0;
  const checkpointer = startCheckpointer(db, () => undefined, () => written, 2_000_000_000);
  try {
    fillWal(db, 50);
    const next = checkpointer.next();
    // What the event log would report after writing that much; the pacer sees it on its next look.
    written = CHECKPOINT_AFTER_PAGES;
    const result = await next;
    assert.ok(result.log >= 50, `the WAL held ${result.log} frames`);
    assert.equal(result.checkpointed, result.log);
  } finally {
    await checkpointer.stop();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
