import assert from 'node:assert/strict';
import { TRPCClientError } from '@trpc/client';
import { describe, it } from 'node:test';
import { AppError } from '../errors/appError';
import { pruneEventLog } from '../streams/retention';
import { openStream } from '../streams/tail';
import { requestError } from './contract';
import { createGates } from './gate';
import { collect, outputOf, sseClient, startTestApp, typesOf, type Client } from './harness';

async function run(client: Client, content: string): Promise<string> {
  const sent = await client.chat.send.mutate({ content });
  if (sent.type !== 'tool_execution') throw new Error(`${content} is not a tool command`);
  return sent.executionId;
}

function prunedBy(key: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof TRPCClientError, `expected a TRPCClientError, got ${String(error)}`);
    const data = requestError(error);
    assert.equal(data.code, 'NOT_FOUND');
    assert.equal(data.appCode, 'STREAM_PRUNED');
    assert.match(error.message, /were removed by the event-log retention/);
    assert.match(error.message, key);
    assert.match(error.message, /its fragments are kept/);
    return true;
  };
}

const eventCount = (app: { services: { db: { prepare(sql: string): { get(...args: unknown[]): unknown } } } }, id: string) =>
  (app.services.db.prepare('SELECT COUNT(*) AS n FROM stream_events WHERE stream_id = ?').get(id) as { n: number }).n;

describe('event-log retention (limits.eventLogMaxAgeDays, limits.eventLogMaxChars)', () => {
  it('by age: finished streams lose their events, their fragments stay, a replay says so (STREAM_PRUNED); a live stream is untouched', async () => {
    const gates = createGates();
    const app = await startTestApp({ extraTools: [gates.tool] });
    try {
      const client = sseClient(app.url);
      const old = await run(client, '/echo text=kept-in-the-fragment');
      await collect(client, old);
      const live = await run(client, '/hold name=retention-live');
      await collect(client, live, { stopAfter: 2 });

      // A clock 91 days on: past the default age (90 days).
      const pruned = await pruneEventLog(app.services.db, app.services.config.limits, Date.now() + 91 * 24 * 3600 * 1000);
      assert.equal(pruned, 1);
      assert.equal(eventCount(app, old), 0);
      await assert.rejects(collect(client, old), prunedBy(/limits\.eventLogMaxAgeDays = 90/));
      const fragments = await client.fragments.list.query({ limit: 100 });
      assert.deepEqual(fragments.map((f) => [f.role, f.content]).slice(0, 2), [['user', '/echo text=kept-in-the-fragment'], ['tool', 'kept-in-the-fragment']]);
      assert.equal((await client.executions.get.query({ executionId: old })).status, 'succeeded');

      gates.release('retention-live');
      const events = await collect(client, live);
      assert.equal(outputOf(events), 'holding retention-live\nreleased retention-live');
      assert.equal(typesOf(events).at(-1), 'done');
    } finally {
      await app.stop();
    }
  });

  it('by size: the oldest finished streams go first until the rest fits', async () => {
    const app = await startTestApp();
    try {
      const client = sseClient(app.url);
      const ids: string[] = [];
      for (const text of ['first', 'second', 'third']) {
        const id = await run(client, `/echo text=${text}`);
        await collect(client, id);
        ids.push(id);
      }
      const charsOf = (id: string) => (app.services.db.prepare('SELECT chars FROM streams WHERE id = ?').get(id) as { chars: number }).chars;
      const newest = charsOf(ids[2] ?? '');
      assert.ok(newest > 0, 'the log counts what each stream holds');
      const pruned = await pruneEventLog(app.services.db, { eventLogMaxAgeDays: 1000, eventLogMaxChars: newest });
      assert.equal(pruned, 2);
      await assert.rejects(collect(client, ids[0] ?? ''), prunedBy(new RegExp(`limits\\.eventLogMaxChars = ${newest}`)));
      await assert.rejects(collect(client, ids[1] ?? ''), prunedBy(/limits\.eventLogMaxChars/));
      assert.equal(outputOf(await collect(client, ids[2] ?? '')), 'third');
    } finally {
      await app.stop();
    }
  });

  it('runs at start-up: a restart with limits.eventLogMaxAgeDays = 0 prunes every finished stream', async () => {
    const first = await startTestApp();
    const client = sseClient(first.url);
    const id = await run(client, '/echo text=before-restart');
    await collect(client, id);
    await first.stop(false);

    const app = await startTestApp({ dataDir: first.dataDir, config: { limits: { eventLogMaxAgeDays: 0 } } });
    try {
      await app.retentionSettled();
      const again = sseClient(app.url);
      await assert.rejects(collect(again, id), prunedBy(/limits\.eventLogMaxAgeDays = 0/));
      const fragments = await again.fragments.list.query({ limit: 100 });
      assert.ok(fragments.some((f) => f.role === 'tool' && f.content === 'before-restart'));
    } finally {
      await app.stop();
    }
  });

  it('a reader replaying a stream when its events are pruned ends with STREAM_PRUNED, not silently', async () => {
    const app = await startTestApp();
    try {
      const client = sseClient(app.url);
      // Far more events than one page of the reader (256): the rest is read after the prune.
      const id = await run(client, '/count to=400 intervalMs=0');
      await collect(client, id);
      const reader = openStream(app.services.log, id, 'tool', null, new AbortController().signal);
      assert.equal((await reader.next()).done, false);
      assert.equal(await pruneEventLog(app.services.db, { eventLogMaxAgeDays: 0, eventLogMaxChars: 0 }, Date.now() + 1), 1);
      await assert.rejects(
        (async () => {
          for (;;) if ((await reader.next()).done) return;
        })(),
        (error: unknown) => error instanceof AppError && error.code === 'STREAM_PRUNED' && /execution .* were removed/.test(error.message),
      );
    } finally {
      await app.stop();
    }
  });
});
