import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { openDatabase } from '../store/db';
import { ProcessStore } from '../store/processes';
import { ChildProcesses, stillRunning } from './children';
import { isLive, readStat } from './procfs';

/** A process group of its own, as the shell tool starts programs; resolves once it runs. */
async function startGroup(script: string): Promise<ChildProcess & { pid: number }> {
  const child = spawn('/bin/sh', ['-c', script], { detached: true, stdio: ['ignore', 'pipe', 'ignore'] });
  await new Promise((resolve) => child.stdout?.once('data', resolve));
  if (!child.pid) throw new Error('no pid');
  return child as ChildProcess & { pid: number };
}

const gone = (pid: number) => !isLive(readStat(pid));

describe('child processes left by a previous server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fragments-children-'));
  const started: ChildProcess[] = [];
  after(() => {
    for (const child of started) if (child.pid && !gone(child.pid)) process.kill(-child.pid, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('records a running child with its start time, and forgets it once released', () => {
    const db = openDatabase(join(dir, 'record'));
    const store = new ProcessStore(db);
    const release = new ChildProcesses(store).track(process.pid, { group: false, label: 'this test' });
    assert.deepEqual(store.all(), [{ pid: process.pid, startTime: readStat(process.pid)?.startTime, group: false, label: 'this test' }]);
    release();
    release();
    assert.deepEqual(store.all(), []);
    db.close();
  });

  it('a record the full disk refuses does not throw: the child is tracked in memory and the failure reported', () => {
    const db = openDatabase(join(dir, 'full'));
    const store = new ProcessStore(db);
    // A database that cannot grow (max_page_count), filled until a row no longer fits: SQLITE_FULL, as on a full disk.
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    // Long rows first, then empty ones, so that not even a short row fits anywhere.
    let pid = 1_000_000;
    for (const label of ['x'.repeat(200), '']) {
      for (let full = false; !full; pid++) {
        try {
          store.add({ pid, startTime: 1, group: false, label });
        } catch (error) {
          assert.equal((error as { code?: string }).code, 'SQLITE_FULL');
          full = true;
        }
      }
    }
    const failures: string[] = [];
    const children = new ChildProcesses(store, (error) => failures.push(error.code));
    let release: (() => void) | undefined;
    assert.doesNotThrow(() => (release = children.track(process.pid, { group: false, label: 'this test' })));
    assert.deepEqual(failures, ['SQLITE_FULL']);
    assert.doesNotThrow(() => release?.());
    assert.equal(store.all().some((row) => row.pid === process.pid), false);
    db.close();
  });

  it('ends a recorded group that still runs (SIGTERM, then SIGKILL for one that ignores it), and its members with it', async () => {
    const dataDir = join(dir, 'leftover');
    const polite = await startGroup('sleep 100 & echo started; wait');
    const stubborn = await startGroup(`trap '' TERM; echo started; while :; do sleep 0.2; done`);
    started.push(polite, stubborn);
    // The previous server: it recorded them, then died without stopping them.
    const before = openDatabase(dataDir);
    const recorder = new ChildProcesses(new ProcessStore(before));
    recorder.track(polite.pid, { group: true, label: 'shell: sleep' });
    recorder.track(stubborn.pid, { group: true, label: 'shell: sh' });
    before.close();

    const db = openDatabase(dataDir);
    const store = new ProcessStore(db);
    const ended = await new ChildProcesses(store).endLeftovers();
    assert.deepEqual(ended.map((row) => row.label).sort(), ['shell: sh', 'shell: sleep']);
    for (const row of ended) assert.equal(stillRunning(row), false, `${row.label} is gone`);
    assert.ok(gone(polite.pid) && gone(stubborn.pid));
    assert.deepEqual(store.all(), [], 'the record is cleared');
    db.close();
  });

  it('ends leftovers on a database that cannot be written: no write when none are recorded, the failure reported when some are', async () => {
    const file = join(dir, 'readonly');
    const writable = openDatabase(file);
    writable.close();
    // Read-only stands in for a full disk: SQLite refuses every write (SQLITE_READONLY, a storage error
    // like SQLITE_FULL). A start-up on a full disk failed here, in 1 of 5 runs beside another test file.
    const db = new Database(join(file, 'fragments.sqlite'), { readonly: true });
    const failures: string[] = [];
    const children = new ChildProcesses(new ProcessStore(db), (error) => failures.push(error.code));
    assert.deepEqual(await children.endLeftovers(), []);
    assert.equal(failures.length, 0, 'nothing recorded: nothing written, nothing failed');
    db.close();

    const withRow = openDatabase(file);
    new ProcessStore(withRow).add({ pid: 2 ** 22 + 9, startTime: 1, group: false, label: 'long gone' });
    withRow.close();
    const readonly = new Database(join(file, 'fragments.sqlite'), { readonly: true });
    const reporting = new ChildProcesses(new ProcessStore(readonly), (error) => failures.push(error.code));
    assert.deepEqual(await reporting.endLeftovers(), []);
    assert.deepEqual(failures, ['SQLITE_READONLY']);
    readonly.close();
  });

  it('leaves alone a process that only has the recorded pid (another start time), and one that is gone', async () => {
    const other = await startGroup('echo started; sleep 100');
    started.push(other);
    const stat = readStat(other.pid);
    assert.ok(stat);
    const db = openDatabase(join(dir, 'reused'));
    const store = new ProcessStore(db);
    store.add({ pid: other.pid, startTime: stat.startTime - 1, group: true, label: 'an earlier process with this pid' });
    store.add({ pid: 2 ** 22 + 7, startTime: 1, group: true, label: 'long gone' });
    assert.deepEqual(await new ChildProcesses(store).endLeftovers(), []);
    assert.equal(gone(other.pid), false, 'the process that reused the pid runs on');
    db.close();
  });
});
