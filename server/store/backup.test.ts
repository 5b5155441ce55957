import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { backupDatabase } from './backup';
import { openDatabase } from './db';

const CLI = fileURLToPath(new URL('../../scripts/backup.ts', import.meta.url));

describe('backup', () => {
  it('copies the database while it stays open and written, into a file that checks out whole', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'backup-'));
    const live = openDatabase(dir);
    const insert = live.prepare("INSERT INTO conversations (id, title, created_at, updated_at) VALUES (?, 'c', 0, 0)");
    for (let i = 0; i < 500; i++) insert.run(`conv_${i}`);
    const destination = join(dir, 'copy.sqlite');
    const copying = backupDatabase(dir, destination);
    insert.run('conv_during');
    await copying;
    const copy = new Database(destination, { readonly: true });
    assert.equal(copy.pragma('integrity_check', { simple: true }), 'ok');
    const count = (copy.prepare('SELECT COUNT(*) AS n FROM conversations').get() as { n: number }).n;
    assert.ok(count >= 500, `${count} conversations in the copy`);
    copy.close();
    live.close();
  });

  it('never overwrites a file, and says which database is missing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'backup-'));
    await assert.rejects(backupDatabase(dir, join(dir, 'x.sqlite')), /there is no database at .*fragments\.sqlite/);
    openDatabase(dir).close();
    const run = (file: string) => spawnSync(process.execPath, ['--import', 'tsx', CLI, file], { env: { ...process.env, FRAGMENTS_DATA_DIR: dir }, encoding: 'utf8' });
    const first = run(join(dir, 'b.sqlite'));
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /backed up .*fragments\.sqlite to .*b\.sqlite/);
    const again = run(join(dir, 'b.sqlite'));
    assert.equal(again.status, 1);
    assert.match(again.stderr, /already exists: name a new file/);
  });
});
