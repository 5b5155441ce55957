import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ToolEvent } from '../../shared/events';
import { createTestCaller, readAll, rejectsWith, type TestCaller } from './testCaller';

describe('executions router (createCaller)', () => {
  let t: TestCaller;
  before(() => {
    t = createTestCaller({ config: { queue: { concurrency: 1, maxQueued: 1 } } });
  });
  after(() => t.close());

  async function run(content: string) {
    const sent = await t.caller.chat.send({ content });
    if (sent.type !== 'tool_execution') throw new Error(`${content} is not a tool command`);
    return sent;
  }
  const finish = async (executionId: string) => readAll<ToolEvent>(await t.caller.chat.streamTool({ executionId }));

  it('get / list: an execution with its status and queue position', async () => {
    const running = await run('/hold name=ex-list-1');
    const queued = await run('/hold name=ex-list-2');
    assert.equal((await t.caller.executions.get({ executionId: queued.executionId })).queuePosition, 1);
    const listed = await t.caller.executions.list({ conversationId: running.conversationId });
    assert.deepEqual(listed.map((e) => e.id), [running.executionId]);
    t.gates.release('ex-list-1');
    t.gates.release('ex-list-2');
    await finish(running.executionId);
    await finish(queued.executionId);
    const done = await t.caller.executions.get({ executionId: running.executionId });
    assert.equal(done.status, 'succeeded');
    assert.equal(done.queuePosition, null);
  });

  it('get / cancel / retry: NOT_FOUND for an execution that does not exist', async () => {
    await rejectsWith(t.caller.executions.get({ executionId: 'exec_nope' }), 'NOT_FOUND', 'NOT_FOUND', /^execution exec_nope does not exist$/);
    await rejectsWith(t.caller.executions.cancel({ executionId: 'exec_nope' }), 'NOT_FOUND', 'NOT_FOUND', /^execution exec_nope does not exist$/);
    await rejectsWith(t.caller.executions.retry({ executionId: 'exec_nope' }), 'NOT_FOUND', 'NOT_FOUND', /^execution exec_nope does not exist$/);
  });

  it('cancel: stops a running execution (CANCELLED, then done); a finished one is left as it is', async () => {
    const sent = await run('/hold name=ex-cancel');
    const answer = await t.caller.executions.cancel({ executionId: sent.executionId });
    assert.deepEqual(answer, { executionId: sent.executionId, cancelled: true, status: 'cancelling' });
    const events = await finish(sent.executionId);
    const error = events.find((e) => e.data.type === 'tool_error')?.data;
    assert.equal(error?.type === 'tool_error' && error.error.code, 'CANCELLED');
    assert.deepEqual(await t.caller.executions.cancel({ executionId: sent.executionId }), {
      executionId: sent.executionId,
      cancelled: false,
      status: 'cancelled',
    });
  });

  it('retry: a new execution of the same command in the same conversation', async () => {
    const first = await run('/echo text=again');
    await finish(first.executionId);
    const retried = await t.caller.executions.retry({ executionId: first.executionId });
    assert.equal(retried.type, 'tool_execution');
    assert.notEqual(retried.executionId, first.executionId);
    assert.equal(retried.conversationId, first.conversationId);
    assert.match(retried.streamUrl, new RegExp(`^http://fragments\\.test/trpc/chat\\.streamTool\\?input=.*${retried.executionId}`));
    const events = await finish(retried.executionId);
    assert.equal(events.at(-1)?.data.type, 'done');
    assert.equal((await t.caller.executions.get({ executionId: retried.executionId })).retryOf, first.executionId);
  });

  it('retry: CONFLICT while the execution is still live', async () => {
    const sent = await run('/hold name=ex-conflict');
    await rejectsWith(t.caller.executions.retry({ executionId: sent.executionId }), 'CONFLICT', 'CONFLICT', /is still (queued|running); cancel it first$/);
    t.gates.release('ex-conflict');
    await finish(sent.executionId);
  });

  it('retry: TOO_MANY_REQUESTS when the queue is full, with the same message as chat.send (QUEUE_FULL)', async () => {
    const old = await run('/echo text=old');
    await finish(old.executionId);
    const held = [await run('/hold name=ex-full-1'), await run('/hold name=ex-full-2')];
    await rejectsWith(
      t.caller.executions.retry({ executionId: old.executionId }),
      'TOO_MANY_REQUESTS',
      'QUEUE_FULL',
      /^the tool queue is full; wait for running tools to finish or raise queue\.maxQueued \(\d+ may wait in fragments\.config\.json\)$/,
    );
    t.gates.release('ex-full-1');
    t.gates.release('ex-full-2');
    for (const sent of held) await finish(sent.executionId);
  });
});

describe('executions.retry after the tool is gone (createCaller)', () => {
  it('BAD_REQUEST with the same message as a typed command (UNKNOWN_TOOL)', async () => {
    const first = createTestCaller();
    const sent = await first.caller.chat.send({ content: '/hold name=gone' });
    if (sent.type !== 'tool_execution') return assert.fail('not a tool execution');
    first.gates.release('gone');
    await readAll(await first.caller.chat.streamTool({ executionId: sent.executionId }));
    await first.close(true);
    // The same data, but a server without the `hold` tool.
    const second = createTestCaller({ dataDir: first.dataDir, withGates: false });
    try {
      await rejectsWith(second.caller.executions.retry({ executionId: sent.executionId }), 'BAD_REQUEST', 'UNKNOWN_TOOL', /^unknown tool "\/hold"/);
    } finally {
      await second.close();
    }
  });
});
