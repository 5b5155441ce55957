import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TRPCClientError } from '@trpc/client';
import { submitRun } from '../runs/submit';
import { createGates } from './gate';
import { collect, everythingStdio, outputOf, sseClient, startTestApp, tempDir, typesOf, wsClient, type Client, type TestApp } from './harness';
import { spawnServer, type ServerProcess } from './process';

const DENIED = { code: 'DENIED', message: 'denied by the user', recoverable: false };

async function send(client: Client, content: string) {
  const sent = await client.chat.send.mutate({ content });
  if (sent.type !== 'tool_execution') throw new Error(`${content} is not a tool command`);
  return sent;
}

/** Resolves once the stream shows its first event (the run is then awaiting approval, or started). */
const firstEvent = async (client: Client, executionId: string) => (await collect(client, executionId, { stopAfter: 1 }))[0]?.data;

describe('approvals over a real server', () => {
  const gates = createGates();
  let app: TestApp;
  let sse: Client;
  let ws: ReturnType<typeof wsClient>;
  before(async () => {
    app = await startTestApp({
      config: {
        mcpServers: { everything: everythingStdio() },
        // The server asks, but its echo tool may run: the tool's entry beats its server's.
        approvals: { tools: { hold: 'ask', 'everything.echo': 'auto', count: 'deny' }, servers: { everything: 'ask' } },
      },
      extraTools: [gates.tool],
    });
    sse = sseClient(app.url);
    ws = wsClient(app.url);
  });
  after(async () => {
    await ws.close();
    await app.stop();
  });
  const transports = () => [['SSE', sse], ['WebSocket', ws.client]] as const;

  for (const [name, pick] of [['SSE', 0], ['WebSocket', 1]] as const) {
    it(`ask → tool_approval_required, awaiting_approval; approved, it runs to done (${name})`, async () => {
      const client = transports()[pick][1];
      const sent = await send(client, `/hold name=yes-${name}`);
      assert.deepEqual(await firstEvent(client, sent.executionId), {
        type: 'tool_approval_required',
        tool: 'hold',
        parameters: { name: `yes-${name}` },
        requestedBy: 'user',
      });
      const waiting = await client.executions.get.query({ executionId: sent.executionId });
      assert.equal(waiting.status, 'awaiting_approval');
      assert.equal(waiting.startedAt, null);

      const approved = await client.executions.approve.mutate({ executionId: sent.executionId, approved: true });
      assert.equal(approved.status, 'running');
      // Running and held on its gate: the output so far, then release it.
      assert.equal(outputOf(await collect(client, sent.executionId, { stopAfter: 3 })), `holding yes-${name}\n`);
      gates.release(`yes-${name}`);
      const all = await collect(client, sent.executionId);
      assert.deepEqual(typesOf(all).slice(0, 2), ['tool_approval_required', 'tool_started']);
      assert.deepEqual(typesOf(all).slice(-2), ['tool_complete', 'done']);
      assert.ok(!typesOf(all).includes('tool_error'));
      const [fragment] = await client.fragments.list.query({ conversationId: sent.conversationId, role: 'tool' });
      assert.equal(fragment?.metadata.success, true);
      assert.equal(fragment?.metadata.requested_by, 'user');
      assert.equal((await client.executions.get.query({ executionId: sent.executionId })).status, 'succeeded');
    });

    it(`denied → tool_complete (success false), tool_error DENIED, done; the fragment says so (${name})`, async () => {
      const client = transports()[pick][1];
      const sent = await send(client, `/hold name=no-${name}`);
      assert.equal((await firstEvent(client, sent.executionId))?.type, 'tool_approval_required');
      const denied = await client.executions.approve.mutate({ executionId: sent.executionId, approved: false });
      assert.equal(denied.status, 'failed');
      const all = await collect(client, sent.executionId);
      assert.deepEqual(typesOf(all), ['tool_approval_required', 'tool_complete', 'tool_error', 'done']);
      assert.deepEqual(all[2]?.data, { type: 'tool_error', error: DENIED });
      const [fragment] = await client.fragments.list.query({ conversationId: sent.conversationId, role: 'tool' });
      assert.equal(fragment?.metadata.success, false);
      assert.equal(fragment?.metadata.status, 'failed');
      assert.deepEqual(fragment?.metadata.error, DENIED);
    });
  }

  it('deny policy → FORBIDDEN at chat.send, over HTTP and WebSocket, with nothing stored', async () => {
    const before = (await sse.fragments.list.query({ limit: 1000 })).length;
    for (const [name, client] of transports()) {
      await assert.rejects(client.chat.send.mutate({ content: '/count to=1' }), (error: unknown) => {
        assert.ok(error instanceof TRPCClientError, name);
        assert.equal(error.data?.code, 'FORBIDDEN', name);
        assert.equal(error.message, 'the tool "count" is denied by approvals.tools.count in fragments.config.json');
        return true;
      });
    }
    assert.equal((await sse.fragments.list.query({ limit: 1000 })).length, before);
  });

  it('a tool’s policy beats its server’s: everything.echo runs at once, everything.get-sum asks', async () => {
    const echo = await send(sse, '/everything.echo message=hi');
    assert.equal(typesOf(await collect(sse, echo.executionId))[0], 'tool_started');
    const sum = await send(sse, '/everything.get-sum a=1 b=2');
    assert.deepEqual(await firstEvent(sse, sum.executionId), {
      type: 'tool_approval_required',
      tool: 'everything.get-sum',
      parameters: { a: 1, b: 2 },
      requestedBy: 'user',
    });
    await sse.executions.approve.mutate({ executionId: sum.executionId, approved: true });
    const all = await collect(sse, sum.executionId);
    assert.match(outputOf(all), /3/);
    const complete = all.at(-2)?.data;
    assert.equal(complete?.type === 'tool_complete' && complete.result.success, true);
  });

  it('by default the model’s call asks while the same command typed runs', async () => {
    const typed = await send(sse, '/echo text=typed');
    assert.deepEqual(typesOf(await collect(sse, typed.executionId)), ['tool_started', 'tool_output', 'tool_complete', 'done']);
    // The AI provider calls submitRun like this (requestedBy 'model'); its reply is not merged yet.
    const model = await submitRun(app.services, { tool: 'echo', parameters: { text: 'from the model' }, requestedBy: 'model' }, () => ({
      conversationId: typed.conversationId,
      sessionId: typed.sessionId,
      userFragmentId: typed.userFragmentId,
    }));
    assert.deepEqual(await firstEvent(ws.client, model.id), {
      type: 'tool_approval_required',
      tool: 'echo',
      parameters: { text: 'from the model' },
      requestedBy: 'model',
    });
    const waiting = await sse.executions.get.query({ executionId: model.id });
    assert.equal(waiting.status, 'awaiting_approval');
    assert.equal(waiting.requestedBy, 'model');
    await ws.client.executions.approve.mutate({ executionId: model.id, approved: true });
    assert.equal(outputOf(await collect(ws.client, model.id)), 'from the model');
    const fragments = await sse.fragments.list.query({ conversationId: typed.conversationId, role: 'tool' });
    assert.deepEqual(fragments.map((f) => f.metadata.requested_by), ['user', 'model']);
  });

  it('cancel while awaiting approval: CANCELLED and done, the tool never ran', async () => {
    const sent = await send(ws.client, '/hold name=never');
    assert.equal((await firstEvent(ws.client, sent.executionId))?.type, 'tool_approval_required');
    assert.equal((await ws.client.executions.cancel.mutate({ executionId: sent.executionId })).cancelled, true);
    const all = await collect(sse, sent.executionId);
    assert.deepEqual(typesOf(all), ['tool_approval_required', 'tool_complete', 'tool_error', 'done']);
    assert.equal(all[2]?.data.type === 'tool_error' && all[2].data.error.code, 'CANCELLED');
    assert.equal((await sse.executions.get.query({ executionId: sent.executionId })).status, 'cancelled');
    await assert.rejects(sse.executions.approve.mutate({ executionId: sent.executionId, approved: true }), /not awaiting approval \(it is cancelled\)/);
  });
});

describe('waiting for approval does not count against the tool’s timeouts', () => {
  it('an approval given long after idleMs and maxMs (50 ms) still runs the tool to success', async () => {
    // echo runs in one turn of the event loop (no timer can fire while it runs), so its 50 ms
    // limits can only be hit by time spent before it starts: the wait for approval.
    const app = await startTestApp({ config: { approvals: { tools: { echo: 'ask' } }, timeouts: { tools: { echo: { idleMs: 50, maxMs: 50 } } } } });
    const client = sseClient(app.url);
    try {
      const sent = await send(client, '/echo text=patient');
      assert.equal((await firstEvent(client, sent.executionId))?.type, 'tool_approval_required');
      const seenAt = Date.now();
      // Hold the decision across another run that itself takes over 50 ms (two 60 ms pauses): no sleep in the test.
      const other = await send(client, '/count to=2 intervalMs=60');
      assert.equal(typesOf(await collect(client, other.executionId)).at(-1), 'done');
      assert.ok(Date.now() - seenAt > 50, 'the approval waited longer than the limits');
      assert.equal((await client.executions.get.query({ executionId: sent.executionId })).status, 'awaiting_approval');

      await client.executions.approve.mutate({ executionId: sent.executionId, approved: true });
      const all = await collect(client, sent.executionId);
      assert.deepEqual(typesOf(all), ['tool_approval_required', 'tool_started', 'tool_output', 'tool_complete', 'done']);
      assert.equal(outputOf(all), 'patient');
    } finally {
      await app.stop();
    }
  });
});

describe('a restart while a run awaits approval', () => {
  const servers: ServerProcess[] = [];
  after(async () => {
    for (const server of servers) await server.kill();
  });

  it('SIGKILL, start again: the run ends with a recoverable SERVER_RESTARTED; a retry asks again', async () => {
    const dataDir = tempDir();
    const config = { approvals: { tools: { echo: 'ask' } } };
    const first = await spawnServer(dataDir, config);
    servers.push(first);
    const client = sseClient(first.url);
    const sent = await send(client, '/echo text=interrupted');
    assert.equal((await firstEvent(client, sent.executionId))?.type, 'tool_approval_required');
    await first.kill('SIGKILL');

    const second = await spawnServer(dataDir, config);
    servers.push(second);
    const again = sseClient(second.url);
    const all = await collect(again, sent.executionId);
    assert.deepEqual(typesOf(all), ['tool_approval_required', 'tool_complete', 'tool_error', 'done']);
    const error = all[2]?.data;
    assert.ok(error?.type === 'tool_error');
    assert.equal(error.error.code, 'SERVER_RESTARTED');
    assert.equal(error.error.recoverable, true);
    assert.match(error.error.message, /restarted while it was awaiting approval/);
    assert.equal((await again.executions.get.query({ executionId: sent.executionId })).status, 'interrupted');
    await assert.rejects(again.executions.approve.mutate({ executionId: sent.executionId, approved: true }), /not awaiting approval \(it is interrupted\)/);

    const retried = await again.executions.retry.mutate({ executionId: sent.executionId });
    assert.equal((await firstEvent(again, retried.executionId))?.type, 'tool_approval_required');
    await again.executions.approve.mutate({ executionId: retried.executionId, approved: true });
    assert.equal(outputOf(await collect(again, retried.executionId)), 'interrupted');
  });
});
