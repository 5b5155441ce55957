import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { collect, outputOf, sseClient, tempDir, typesOf, wsClient, type Tracked } from './harness';
import { spawnServer, type ServerProcess } from './process';

/** Issue 3, the parts that need a real process: resume, replay after SIGKILL, no zombie executions. */
describe('streams survive', () => {
  const servers: ServerProcess[] = [];
  after(async () => {
    for (const server of servers) await server.kill();
  });
  const start = async (dataDir: string, config: unknown = {}) => {
    const server = await spawnServer(dataDir, config);
    servers.push(server);
    return server;
  };

  it('resumes after any event with exactly the events after it, over SSE and WebSocket, running or done', async () => {
    const server = await start(tempDir());
    const client = sseClient(server.url);
    const ws = wsClient(server.url);
    const sent = await client.chat.send.mutate({ content: '/count to=30 intervalMs=20' });
    if (sent.type !== 'tool_execution') return assert.fail('not a tool execution');

    // Drop after the 5th event while it runs, then resume from its id.
    const head = await collect(client, sent.executionId, { stopAfter: 5 });
    const lastSeen = head.at(-1)?.id;
    const tail = await collect(ws.client, sent.executionId, { lastEventId: lastSeen });
    const full = await collect(client, sent.executionId);
    assert.deepEqual([...head, ...tail], full);
    assert.equal(outputOf(full), Array.from({ length: 30 }, (_, i) => `${i + 1}\n`).join(''));

    // And from every id once it is done.
    for (let k = 0; k < full.length - 1; k++) {
      const rest = await collect(k % 2 ? ws.client : client, sent.executionId, { lastEventId: full[k]?.id });
      assert.deepEqual(rest, full.slice(k + 1), `resume after event ${k}`);
    }
    await ws.close();
  });

  it('replays a finished execution in full after the server is SIGKILLed and started again', async () => {
    const dataDir = tempDir();
    const first = await start(dataDir);
    const client = sseClient(first.url);
    const sent = await client.chat.send.mutate({ content: '/count to=50 intervalMs=0' });
    if (sent.type !== 'tool_execution') return assert.fail('not a tool execution');
    const before = await collect(client, sent.executionId);
    await first.kill('SIGKILL');

    const second = await start(dataDir);
    const again = sseClient(second.url);
    assert.deepEqual(await collect(again, sent.executionId), before);
    const fragments = await again.fragments.list.query({ conversationId: sent.conversationId });
    assert.deepEqual(fragments.map((f) => f.role), ['user', 'tool']);
  });

  it('closes executions a killed server left running or queued, keeps what they streamed, and retries them', async () => {
    const dataDir = tempDir();
    const first = await start(dataDir, { queue: { concurrency: 1 } });
    const client = sseClient(first.url);
    const running = await client.chat.send.mutate({ content: '/count to=100000 intervalMs=20' });
    const queued = await client.chat.send.mutate({ content: '/count to=3' });
    if (running.type !== 'tool_execution' || queued.type !== 'tool_execution') return assert.fail('not tool executions');
    const seen = await collect(client, running.executionId, { stopAfter: 6 });
    await first.kill('SIGKILL');

    const second = await start(dataDir);
    const again = sseClient(second.url);
    const after: Tracked[] = await collect(again, running.executionId);
    assert.deepEqual(after.slice(0, seen.length), seen, 'everything the client saw is still there');
    assert.deepEqual(typesOf(after).slice(-3), ['tool_complete', 'tool_error', 'done']);
    const error = after.at(-2)?.data;
    assert.ok(error?.type === 'tool_error');
    assert.equal(error.error.code, 'SERVER_RESTARTED');
    assert.equal(error.error.recoverable, true);
    assert.match(error.error.message, /restarted while it was running/);
    assert.equal((await again.executions.get.query({ executionId: running.executionId })).status, 'interrupted');
    const neverRan = await collect(again, queued.executionId);
    assert.deepEqual(typesOf(neverRan), ['tool_queued', 'tool_complete', 'tool_error', 'done']);
    assert.match(neverRan[2]?.data.type === 'tool_error' ? neverRan[2].data.error.message : '', /restarted before it started/);
    const [runFragment] = await again.fragments.list.query({ conversationId: running.conversationId, role: 'tool' });
    assert.equal(runFragment?.metadata.success, false);
    assert.equal(runFragment?.metadata.status, 'interrupted');

    const retried = await again.executions.retry.mutate({ executionId: running.executionId });
    assert.notEqual(retried.executionId, running.executionId);
    const firstLines = await collect(again, retried.executionId, { stopAfter: 3 });
    assert.equal(outputOf(firstLines).split('\n')[0], '1');
    const execution = await again.executions.get.query({ executionId: retried.executionId });
    assert.equal(execution.retryOf, running.executionId);
    await again.executions.cancel.mutate({ executionId: retried.executionId });
  });
});
