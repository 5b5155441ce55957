import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createGates } from './gate';
import { collect, sseClient, startTestApp, typesOf, wsClient, type Client, type TestApp } from './harness';

describe('a queued run’s stream says where it is in the queue', () => {
  const gates = createGates();
  let app: TestApp;
  let client: Client;
  before(async () => {
    app = await startTestApp({ config: { queue: { concurrency: 1 } }, extraTools: [gates.tool] });
    client = sseClient(app.url);
  });
  after(() => app.stop());

  async function run(content: string) {
    const sent = await client.chat.send.mutate({ content });
    if (sent.type !== 'tool_execution') throw new Error(`${content} is not a tool command`);
    return sent.executionId;
  }
  const queuedAt = (events: Awaited<ReturnType<typeof collect>>) =>
    events.flatMap((e) => (e.data.type === 'tool_queued' ? [e.data.position] : []));

  it('shows tool_queued 2, then 1 as the queue moves, then tool_started; resumed and replayed exactly', async () => {
    const first = await run('/hold name=pos-1');
    const second = await run('/hold name=pos-2');
    const third = await run('/echo text=third');

    // Live, before anything moves: each waiting run knows its place.
    assert.deepEqual((await collect(client, third, { stopAfter: 1 }))[0]?.data, { type: 'tool_queued', position: 2 });
    assert.deepEqual((await collect(client, second, { stopAfter: 1 }))[0]?.data, { type: 'tool_queued', position: 1 });
    assert.equal((await collect(client, first, { stopAfter: 1 }))[0]?.data.type, 'tool_started');

    gates.release('pos-1');
    // The second run starts; the third moves up (its stream gets the new place as it happens).
    assert.equal((await collect(client, second, { stopAfter: 2 }))[1]?.data.type, 'tool_started');
    assert.deepEqual(queuedAt(await collect(client, third, { stopAfter: 2 })), [2, 1]);

    gates.release('pos-2');
    const full = await collect(client, third);
    assert.deepEqual(typesOf(full), ['tool_queued', 'tool_queued', 'tool_started', 'tool_output', 'tool_complete', 'done']);
    assert.deepEqual(queuedAt(full), [2, 1]);
    const started = full[2]?.data;
    assert.ok(started?.type === 'tool_started' && started.startedAt > 0);

    // Resume after every event, over SSE and WebSocket: exactly the rest, nothing twice.
    const ws = wsClient(app.url);
    try {
      for (let k = 0; k < full.length - 1; k++) {
        const rest = await collect(k % 2 ? ws.client : client, third, { lastEventId: full[k]?.id });
        assert.deepEqual(rest, full.slice(k + 1), `resume after event ${k}`);
      }
    } finally {
      await ws.close();
    }
    const execution = await client.executions.get.query({ executionId: third });
    assert.equal(execution.status, 'succeeded');
    assert.equal(execution.startedAt, started.startedAt);
  });

  it('moves up only the runs behind one that is cancelled while waiting', async () => {
    const running = await run('/hold name=cancel-1');
    const ahead = await run('/hold name=cancel-2');
    const cancelled = await run('/hold name=cancel-3');
    const behind = await run('/echo text=behind');
    await client.executions.cancel.mutate({ executionId: cancelled });
    assert.deepEqual(typesOf(await collect(client, cancelled)), ['tool_queued', 'tool_complete', 'tool_error', 'done']);
    assert.deepEqual(queuedAt(await collect(client, behind, { stopAfter: 2 })), [3, 2]);
    assert.deepEqual(queuedAt(await collect(client, ahead, { stopAfter: 1 })), [1], 'the run ahead keeps its place');

    gates.release('cancel-1');
    gates.release('cancel-2');
    for (const id of [running, ahead]) assert.equal(typesOf(await collect(client, id)).at(-1), 'done');
    assert.deepEqual(queuedAt(await collect(client, behind)), [3, 2, 1]);
  });
});
