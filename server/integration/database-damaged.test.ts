/**
 * Issue 18 (7): a page damaged in the middle of the database file, found while the server runs,
 * answered every request that touched it with a raw 500. Here a real SQLite file gets garbage
 * written over one leaf page of the conversations table after start-up: a request that reads it
 * must get a clear error naming the file, what is wrong and what to do; the log says so once; and
 * what does not touch that page is still served.
 */
import assert from 'node:assert/strict';
import { openSync, writeSync, closeSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { TRPCClientError } from '@trpc/client';
import { databaseFile } from '../store/db';
import { collect, outputOf, sseClient, startTestApp, wsClient, type TestApp } from './harness';
import { rawRequest } from './rawHttp';

/** Writes garbage over one leaf page in the middle of a table's b-tree (or its root page), under the running server. */
function damagePage(file: string, table: string, which: 'leaf' | 'root' = 'leaf'): number {
  const other = new Database(file);
  try {
    // Everything into the main file, so the page read next is the one on disk.
    other.pragma('wal_checkpoint(TRUNCATE)');
    const pageSize = other.pragma('page_size', { simple: true }) as number;
    const leaves = (other.prepare("SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno").all(table) as { pageno: number }[]).map((row) => row.pageno);
    assert.ok(leaves.length >= 3, `the ${table} table spans only ${leaves.length} leaf page(s)`);
    const root = (other.prepare('SELECT rootpage FROM sqlite_master WHERE name = ?').get(table) as { rootpage: number }).rootpage;
    const page = which === 'root' ? root : (leaves[Math.floor(leaves.length / 2)] as number);
    const fd = openSync(file, 'r+');
    try {
      writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (page - 1) * pageSize);
    } finally {
      closeSync(fd);
    }
    // A write by another connection: the server's connection drops its page cache at its next read, as it would after any change on disk.
    other.prepare('DELETE FROM sessions WHERE 0').run();
    other.exec("CREATE TABLE IF NOT EXISTS touched (x); DROP TABLE touched;");
    return page;
  } finally {
    other.close();
  }
}

describe('a database page damaged while the server runs', () => {
  let app: TestApp;
  const logged: string[] = [];
  before(async () => {
    app = await startTestApp({ log: (line) => logged.push(line) });
  });
  after(() => app.stop());

  it('answers a clear error naming the file and what to do, logs it once, and serves the rest', async () => {
    const client = sseClient(app.url);
    // Long titles, so the table spans many pages.
    for (let i = 0; i < 60; i++) await client.conversations.create.mutate({ title: `conversation ${i} ${'x'.repeat(150)}` });
    assert.equal((await client.conversations.list.query()).length, 60);
    const file = databaseFile(app.dataDir);
    damagePage(file, 'conversations');

    const failures: TRPCClientError<never>[] = [];
    for (let i = 0; i < 3; i++) {
      const error = await client.conversations.list.query().then(
        () => assert.fail('listing conversations over a damaged page succeeded'),
        (caught: unknown) => caught,
      );
      assert.ok(error instanceof TRPCClientError, String(error));
      failures.push(error as TRPCClientError<never>);
    }
    for (const error of failures) {
      const data = error.data as unknown as { appCode?: string; httpStatus?: number; stack?: string };
      assert.equal(data.appCode, 'DATABASE_DAMAGED', error.message);
      assert.equal(data.httpStatus, 503);
      assert.ok(error.message.includes(file), `the error does not name the file: ${error.message}`);
      assert.match(error.message, /is damaged \(SQLITE_CORRUPT/);
      assert.match(error.message, /PRAGMA integrity_check/);
      assert.match(error.message, /npm run backup/);
    }
    const reports = logged.filter((line) => line.includes('is damaged'));
    assert.equal(reports.length, 1, `logged ${reports.length} times: ${JSON.stringify(logged)}`);
    assert.ok(reports[0]?.includes(file));
    assert.doesNotMatch(reports[0] ?? '', /\n\s+at /, 'the log line carries a stack trace');

    // What does not touch the damaged page is still served.
    assert.equal((await rawRequest(app.url, '/healthz')).status, 200);
    const sent = await client.chat.send.mutate({ content: '/count to=2 intervalMs=0' });
    if (sent.type !== 'tool_execution') return assert.fail('not a tool execution');
    assert.equal(outputOf(await collect(client, sent.executionId)), '1\n2\n');
  });

  it('ends a stream read over a damaged page with the same error, over WebSocket', async () => {
    const client = sseClient(app.url);
    // Every progress notification is its own row: the stream spans many pages.
    const sent = await client.chat.send.mutate({ content: '/count to=3000 intervalMs=0' });
    if (sent.type !== 'tool_execution') return assert.fail('not a tool execution');
    await collect(client, sent.executionId);
    damagePage(databaseFile(app.dataDir), 'stream_events');
    const ws = wsClient(app.url);
    try {
      const error = await collect(ws.client, sent.executionId).then(
        () => assert.fail('reading a stream over a damaged page succeeded'),
        (caught: unknown) => caught,
      );
      assert.ok(error instanceof TRPCClientError, String(error));
      assert.equal((error.data as { appCode?: string } | null)?.appCode, 'DATABASE_DAMAGED', error.message);
      assert.ok(error.message.includes(databaseFile(app.dataDir)), error.message);
      assert.match(error.message, /PRAGMA integrity_check/);
    } finally {
      await ws.close();
    }
    assert.equal(logged.filter((line) => line.includes('is damaged')).length, 1, 'logged again');
  });
});

describe('a write onto a database page damaged while the server runs', () => {
  let app: TestApp;
  const logged: string[] = [];
  before(async () => {
    app = await startTestApp({ log: (line) => logged.push(line) });
  });
  after(() => app.stop());

  it('does not end the server: the run ends with the damage named, new runs are refused with it, the rest is served', async () => {
    const client = sseClient(app.url);
    const first = await client.chat.send.mutate({ content: '/count to=3000 intervalMs=0' });
    if (first.type !== 'tool_execution') return assert.fail('not a tool execution');
    await collect(client, first.executionId);
    const file = databaseFile(app.dataDir);
    // Every new event descends from the root page of stream_events.
    damagePage(file, 'stream_events', 'root');

    const sent: Awaited<ReturnType<typeof client.chat.send.mutate>> | TRPCClientError<never> = await client.chat.send
      .mutate({ content: '/count to=2 intervalMs=0' })
      .catch((error: unknown) => (error instanceof TRPCClientError ? (error as TRPCClientError<never>) : Promise.reject(error)));
    if (sent instanceof TRPCClientError) {
      // Refused before anything ran: the same clear words.
      assert.ok(sent.message.includes(file), sent.message);
    } else {
      if (sent.type !== 'tool_execution') return assert.fail(`unexpected answer ${JSON.stringify(sent)}`);
      const events = await collect(client, sent.executionId);
      const error = events.find((event) => event.data.type === 'tool_error')?.data;
      assert.ok(error?.type === 'tool_error', JSON.stringify(events.map((event) => event.data.type)));
      assert.ok(error.error.message.includes(file), error.error.message);
      assert.match(error.error.message, /is damaged \(SQLITE_CORRUPT/);
      assert.match(error.error.message, /PRAGMA integrity_check/);
      assert.equal(events.at(-1)?.data.type, 'done');
      // While writes fail, new runs are refused with the same words.
      const next = await client.chat.send.mutate({ content: '/count to=2 intervalMs=0' }).catch((caught: unknown) => caught);
      assert.ok(next instanceof TRPCClientError, `a new run was taken: ${JSON.stringify(next)}`);
      assert.ok(next.message.includes(file), next.message);
    }
    assert.equal((await rawRequest(app.url, '/healthz')).status, 200);
    assert.equal((await client.conversations.list.query()).length > 0, true);
  });
});
