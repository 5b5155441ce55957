import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { openDatabase } from './db';
import { ExecutionStore } from './executions';
import { MIGRATIONS } from './migrations';

test('migration 2 keeps every execution (retries included), adds requested_by and allows awaiting_approval', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fragments-migrate-'));
  try {
    // A data dir as the build before approvals left it: schema version 1, a run and its retry.
    const old = new Database(join(dir, 'fragments.sqlite'));
    old.pragma('foreign_keys = ON');
    old.exec(MIGRATIONS[0] ?? '');
    old.pragma('user_version = 1');
    old.exec(`
      INSERT INTO sessions VALUES ('s', 1);
      INSERT INTO conversations VALUES ('c', 't', 1, 1);
      INSERT INTO fragments (id, conversation_id, session_id, role, content, created_at) VALUES ('f', 'c', 's', 'user', '/echo', 1);
      INSERT INTO streams (id, kind, created_at) VALUES ('e1', 'tool', 1), ('e2', 'tool', 2);
      INSERT INTO executions (id, conversation_id, session_id, user_fragment_id, tool, parameters, status, created_at, finished_at)
        VALUES ('e1', 'c', 's', 'f', 'echo', '{"text":"a"}', 'failed', 1, 2);
      INSERT INTO executions (id, conversation_id, session_id, user_fragment_id, tool, parameters, status, created_at, retry_of)
        VALUES ('e2', 'c', 's', 'f', 'echo', '{"text":"a"}', 'queued', 2, 'e1');
    `);
    old.close();

    const db = openDatabase(dir);
    assert.equal(db.pragma('user_version', { simple: true }), MIGRATIONS.length);
    assert.deepEqual(db.pragma('foreign_key_check'), []);
    const store = new ExecutionStore(db);
    assert.equal(store.get('e1')?.status, 'failed');
    assert.equal(store.get('e1')?.requestedBy, 'user');
    assert.equal(store.get('e2')?.retryOf, 'e1');
    assert.deepEqual(store.unfinished().map((e) => e.id), ['e2']);
    // The new status is allowed, and retry_of still points at executions.
    db.prepare(`UPDATE executions SET status = 'awaiting_approval', requested_by = 'model' WHERE id = 'e2'`).run();
    assert.equal(store.get('e2')?.requestedBy, 'model');
    assert.throws(() => db.prepare(`UPDATE executions SET retry_of = 'nope' WHERE id = 'e2'`).run(), /FOREIGN KEY/);
    assert.throws(() => db.prepare(`UPDATE executions SET status = 'paused' WHERE id = 'e2'`).run(), /CHECK/);
    db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
