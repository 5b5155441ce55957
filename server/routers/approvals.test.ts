import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ToolEvent } from '../../shared/events';
import { createTestCaller, readAll, rejectsWith, type TestCaller } from './testCaller';

/** The first `count` events of a stream (the stream stays open for the next reader). */
async function readFirst(stream: AsyncIterable<unknown>, count: number): Promise<ToolEvent[]> {
  const events: ToolEvent[] = [];
  for await (const item of stream) {
    events.push((item as [string, ToolEvent])[1]);
    if (events.length === count) break;
  }
  return events;
}

describe('executions.approve and the approval policy (createCaller)', () => {
  let t: TestCaller;
  before(() => {
    t = createTestCaller({ config: { approvals: { tools: { hold: 'ask', count: 'deny' } } } });
  });
  after(() => t.close());

  async function run(content: string) {
    const sent = await t.caller.chat.send({ content });
    if (sent.type !== 'tool_execution') throw new Error(`${content} is not a tool command`);
    return sent;
  }
  const events = async (executionId: string) => (await readAll<ToolEvent>(await t.caller.chat.streamTool({ executionId }))).map((e) => e.data);
  const toolFragment = async (conversationId: string) => (await t.caller.fragments.list({ conversationId, role: 'tool' }))[0];

  it('ask: the run waits (awaiting_approval, no queue place), then approved it runs to done', async () => {
    const sent = await run('/hold name=ap-yes');
    const waiting = await t.caller.executions.get({ executionId: sent.executionId });
    assert.equal(waiting.status, 'awaiting_approval');
    assert.equal(waiting.queuePosition, null);
    assert.equal(waiting.requestedBy, 'user');
    assert.deepEqual(await readFirst(await t.caller.chat.streamTool({ executionId: sent.executionId }), 1), [
      { type: 'tool_approval_required', tool: 'hold', parameters: { name: 'ap-yes' }, requestedBy: 'user' },
    ]);

    const approved = await t.caller.executions.approve({ executionId: sent.executionId, approved: true });
    assert.equal(approved.status, 'running');
    t.gates.release('ap-yes');
    const all = await events(sent.executionId);
    assert.deepEqual(all.slice(0, 2).map((e) => e.type), ['tool_approval_required', 'tool_started']);
    assert.deepEqual(all.slice(-2).map((e) => e.type), ['tool_complete', 'done']);
    const fragment = await toolFragment(sent.conversationId);
    assert.equal(fragment?.metadata.success, true);
    assert.equal(fragment?.metadata.requested_by, 'user');
  });

  it('denied: tool_complete (success false), tool_error DENIED, done; status failed; the fragment is recorded', async () => {
    const sent = await run('/hold name=ap-no');
    const denied = await t.caller.executions.approve({ executionId: sent.executionId, approved: false });
    assert.equal(denied.status, 'failed');
    const all = await events(sent.executionId);
    assert.deepEqual(all.map((e) => e.type), ['tool_approval_required', 'tool_complete', 'tool_error', 'done']);
    const complete = all[1];
    assert.ok(complete?.type === 'tool_complete');
    assert.equal(complete.result.success, false);
    assert.equal(complete.result.executionTime, 0);
    assert.deepEqual(all[2], { type: 'tool_error', error: { code: 'DENIED', message: 'denied by the user', recoverable: false } });
    const fragment = await toolFragment(sent.conversationId);
    assert.equal(fragment?.id, complete.result.fragmentId);
    assert.equal(fragment?.metadata.status, 'failed');
    assert.deepEqual(fragment?.metadata.error, { code: 'DENIED', message: 'denied by the user', recoverable: false });
  });

  it('approve: NOT_FOUND for an unknown execution; CONFLICT once decided, and for a run that never waited', async () => {
    await rejectsWith(t.caller.executions.approve({ executionId: 'exec_nope', approved: true }), 'NOT_FOUND', 'NOT_FOUND', /^execution exec_nope does not exist$/);
    const sent = await run('/hold name=ap-twice');
    await t.caller.executions.approve({ executionId: sent.executionId, approved: false });
    await rejectsWith(
      t.caller.executions.approve({ executionId: sent.executionId, approved: true }),
      'CONFLICT',
      'CONFLICT',
      /^execution exec_\w+ is not awaiting approval \(it is failed\)$/,
    );
    const typed = await run('/echo text=no-approval-needed');
    await events(typed.executionId);
    await rejectsWith(t.caller.executions.approve({ executionId: typed.executionId, approved: true }), 'CONFLICT', 'CONFLICT', /it is succeeded/);
  });

  it('deny policy: FORBIDDEN at chat.send naming the policy and where it is set; nothing is stored', async () => {
    const before = await t.caller.fragments.list();
    const conversations = await t.caller.conversations.list();
    await rejectsWith(
      t.caller.chat.send({ content: '/count to=2' }),
      'FORBIDDEN',
      'FORBIDDEN',
      /^the tool "count" is denied by approvals\.tools\.count in fragments\.config\.json$/,
    );
    assert.deepEqual(await t.caller.fragments.list(), before);
    assert.deepEqual(await t.caller.conversations.list(), conversations);
  });

  it('cancel: a run awaiting approval ends CANCELLED without running; retry of a waiting run is a CONFLICT', async () => {
    const sent = await run('/hold name=ap-cancel');
    await rejectsWith(t.caller.executions.retry({ executionId: sent.executionId }), 'CONFLICT', 'CONFLICT', /is still awaiting_approval; cancel it first$/);
    assert.equal((await t.caller.executions.cancel({ executionId: sent.executionId })).cancelled, true);
    const all = await events(sent.executionId);
    assert.deepEqual(all.map((e) => e.type), ['tool_approval_required', 'tool_complete', 'tool_error', 'done']);
    assert.equal(all[2]?.type === 'tool_error' && all[2].error.code, 'CANCELLED');
    assert.equal((await t.caller.executions.get({ executionId: sent.executionId })).status, 'cancelled');
  });
});

describe('an awaiting run holds no queue slot (createCaller)', () => {
  it('waits while the queue is full; approving then is TOO_MANY_REQUESTS and it keeps waiting; later it runs', async () => {
    const t = createTestCaller({ config: { queue: { concurrency: 1, maxQueued: 0 }, approvals: { tools: { echo: 'ask' } } } });
    try {
      const busy = await t.caller.chat.send({ content: '/hold name=slot' });
      const asked = await t.caller.chat.send({ content: '/echo text=later' });
      if (busy.type !== 'tool_execution' || asked.type !== 'tool_execution') return assert.fail('not tool executions');
      await rejectsWith(t.caller.executions.approve({ executionId: asked.executionId, approved: true }), 'TOO_MANY_REQUESTS', 'QUEUE_FULL', /queue is full/);
      assert.equal((await t.caller.executions.get({ executionId: asked.executionId })).status, 'awaiting_approval');
      t.gates.release('slot');
      await readAll(await t.caller.chat.streamTool({ executionId: busy.executionId }));
      await t.caller.executions.approve({ executionId: asked.executionId, approved: true });
      const all = await readAll<ToolEvent>(await t.caller.chat.streamTool({ executionId: asked.executionId }));
      assert.equal(all.find((e) => e.data.type === 'tool_complete')?.data.type === 'tool_complete', true);
      assert.equal((await t.caller.executions.get({ executionId: asked.executionId })).status, 'succeeded');
    } finally {
      await t.close();
    }
  });
});

describe('executions.retry under a deny policy (createCaller)', () => {
  it('FORBIDDEN, with the same message as chat.send', async () => {
    const first = createTestCaller();
    const sent = await first.caller.chat.send({ content: '/echo text=once' });
    if (sent.type !== 'tool_execution') return assert.fail('not a tool execution');
    await readAll(await first.caller.chat.streamTool({ executionId: sent.executionId }));
    await first.close(true);
    // The same data, now with echo denied.
    const second = createTestCaller({ dataDir: first.dataDir, config: { approvals: { tools: { echo: 'deny' } } } });
    try {
      await rejectsWith(
        second.caller.executions.retry({ executionId: sent.executionId }),
        'FORBIDDEN',
        'FORBIDDEN',
        /^the tool "echo" is denied by approvals\.tools\.echo in fragments\.config\.json$/,
      );
    } finally {
      await second.close();
    }
  });
});
