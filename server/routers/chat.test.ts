import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ReplyEvent, ToolEvent } from '../../shared/events';
import { createTestCaller, readAll, rejectsWith, type TestCaller } from './testCaller';

describe('chat router (createCaller)', () => {
  let t: TestCaller;
  before(() => {
    t = createTestCaller({
      config: {
        queue: { concurrency: 1, maxQueued: 1 },
        // A stdio server that exits at once: it can never connect.
        mcpServers: { broken: { command: process.execPath, args: ['-e', 'process.exit(3)'] } },
      },
    });
  });
  after(() => t.close());

  it('send: queues a command and answers with its stream; the run streams to done', async () => {
    const sent = await t.caller.chat.send({ content: '/echo text=hi' });
    assert.equal(sent.type, 'tool_execution');
    if (sent.type !== 'tool_execution') return;
    assert.equal(sent.streamUrl, `http://fragments.test/trpc/chat.streamTool?input=${encodeURIComponent(JSON.stringify({ executionId: sent.executionId }))}`);
    const events = await readAll<ToolEvent>(await t.caller.chat.streamTool({ executionId: sent.executionId }));
    assert.equal(events.at(-1)?.data.type, 'done');
    const complete = events.find((e) => e.data.type === 'tool_complete')?.data;
    assert.equal(complete?.type === 'tool_complete' && complete.result.success, true);
    const fragments = await t.caller.fragments.list({ conversationId: sent.conversationId });
    assert.deepEqual(fragments.map((f) => [f.role, f.content]), [['user', '/echo text=hi'], ['tool', 'hi']]);
  });

  it('send: plain text is a message whose reply streams', async () => {
    const sent = await t.caller.chat.send({ content: 'hello' });
    if (sent.type !== 'chat') return assert.fail('not a chat message');
    const events = await readAll<ReplyEvent>(await t.caller.chat.streamReply({ messageId: sent.messageId }));
    assert.deepEqual(events.map((e) => e.data.type), ['reply_delta', 'reply_complete', 'done']);
  });

  it('cancelReply / retryReply: an ended reply is not cancelled; a retry is a new reply to the same message', async () => {
    const sent = await t.caller.chat.send({ content: 'hello again' });
    if (sent.type !== 'chat') return assert.fail('not a chat message');
    await readAll<ReplyEvent>(await t.caller.chat.streamReply({ messageId: sent.messageId }));
    assert.deepEqual(await t.caller.chat.cancelReply({ messageId: sent.messageId }), { messageId: sent.messageId, cancelled: false });
    const retried = await t.caller.chat.retryReply({ messageId: sent.messageId });
    assert.equal(retried.type, 'chat');
    assert.notEqual(retried.messageId, sent.messageId);
    assert.deepEqual([retried.conversationId, retried.sessionId, retried.userFragmentId], [sent.conversationId, sent.sessionId, sent.userFragmentId]);
    const events = await readAll<ReplyEvent>(await t.caller.chat.streamReply({ messageId: retried.messageId }));
    assert.deepEqual(events.map((e) => e.data.type), ['reply_delta', 'reply_complete', 'done']);
    await rejectsWith(t.caller.chat.retryReply({ messageId: 'msg_nope' }), 'NOT_FOUND', 'NOT_FOUND', /^message msg_nope does not exist$/);
    await rejectsWith(t.caller.chat.cancelReply({ messageId: 'msg_nope' }), 'NOT_FOUND', 'NOT_FOUND', /^message msg_nope does not exist$/);
  });

  it('send: BAD_REQUEST for an unknown tool (UNKNOWN_TOOL, with the nearest names)', async () => {
    await rejectsWith(t.caller.chat.send({ content: '/ech text=x' }), 'BAD_REQUEST', 'UNKNOWN_TOOL', /^unknown tool "\/ech" — did you mean \/echo/);
  });

  it('send: BAD_REQUEST for arguments that do not parse or fail the schema (BAD_ARGUMENTS)', async () => {
    await rejectsWith(t.caller.chat.send({ content: '/echo {"text": 1' }), 'BAD_REQUEST', 'BAD_ARGUMENTS', /^arguments are not valid JSON/);
    await rejectsWith(t.caller.chat.send({ content: '/count to=0' }), 'BAD_REQUEST', 'BAD_ARGUMENTS', /^invalid arguments for count: "to" must be >= 1$/);
  });

  it('send: BAD_REQUEST for a disabled tool, saying how to turn it on (TOOL_DISABLED)', async () => {
    await rejectsWith(t.caller.chat.send({ content: '/shell command=ls' }), 'BAD_REQUEST', 'TOOL_DISABLED', /shell tool is disabled[^]*builtins\.shell\.allow/);
  });

  it('send: NOT_FOUND for a conversation that does not exist', async () => {
    await rejectsWith(t.caller.chat.send({ content: 'hi', conversationId: 'conv_missing' }), 'NOT_FOUND', 'NOT_FOUND', /^conversation conv_missing does not exist$/);
  });

  it('send: SERVICE_UNAVAILABLE when the MCP server of the tool cannot connect (MCP_SERVER_UNAVAILABLE)', async () => {
    await rejectsWith(t.caller.chat.send({ content: '/broken.anything' }), 'SERVICE_UNAVAILABLE', 'MCP_SERVER_UNAVAILABLE', /could not connect to MCP server "broken"/);
  });

  it('send: TOO_MANY_REQUESTS when the queue is full (QUEUE_FULL), storing nothing', async () => {
    const running = await t.caller.chat.send({ content: '/hold name=chat-full-1' });
    const waiting = await t.caller.chat.send({ content: '/hold name=chat-full-2' });
    const before = (await t.caller.fragments.list({ limit: 1000 })).length;
    await rejectsWith(
      t.caller.chat.send({ content: '/echo text=one-too-many' }),
      'TOO_MANY_REQUESTS',
      'QUEUE_FULL',
      /^the tool queue is full; wait for running tools to finish or raise queue\.maxQueued \(\d+ may wait in fragments\.config\.json\)$/,
    );
    assert.equal((await t.caller.fragments.list({ limit: 1000 })).length, before);
    t.gates.release('chat-full-1');
    t.gates.release('chat-full-2');
    for (const sent of [running, waiting]) {
      if (sent.type !== 'tool_execution') return assert.fail('not a tool execution');
      await readAll(await t.caller.chat.streamTool({ executionId: sent.executionId }));
    }
  });

  it('streamTool: resumes after lastEventId with exactly the events after it', async () => {
    const sent = await t.caller.chat.send({ content: '/count to=3 intervalMs=1' });
    if (sent.type !== 'tool_execution') return assert.fail('not a tool execution');
    const all = await readAll<ToolEvent>(await t.caller.chat.streamTool({ executionId: sent.executionId }));
    const rest = await readAll<ToolEvent>(await t.caller.chat.streamTool({ executionId: sent.executionId, lastEventId: all[1]?.id }));
    assert.deepEqual(rest, all.slice(2));
  });

  it('streamTool / streamReply: NOT_FOUND for a stream that does not exist, or of the other kind', async () => {
    await rejectsWith(t.caller.chat.streamTool({ executionId: 'exec_nope' }), 'NOT_FOUND', 'NOT_FOUND', /^execution exec_nope does not exist$/);
    await rejectsWith(t.caller.chat.streamReply({ messageId: 'msg_nope' }), 'NOT_FOUND', 'NOT_FOUND', /^message msg_nope does not exist$/);
    const sent = await t.caller.chat.send({ content: 'hi' });
    if (sent.type !== 'chat') return assert.fail('not a chat message');
    await rejectsWith(t.caller.chat.streamTool({ executionId: sent.messageId }), 'NOT_FOUND', 'NOT_FOUND', /does not exist/);
  });

  it('streamTool: BAD_REQUEST for a lastEventId that is not an event id (BAD_EVENT_ID)', async () => {
    const sent = await t.caller.chat.send({ content: '/echo text=x' });
    if (sent.type !== 'tool_execution') return assert.fail('not a tool execution');
    await rejectsWith(t.caller.chat.streamTool({ executionId: sent.executionId, lastEventId: 'abc' }), 'BAD_REQUEST', 'BAD_EVENT_ID', /^lastEventId "abc" is not an event id/);
    await readAll(await t.caller.chat.streamTool({ executionId: sent.executionId }));
  });

  it('streamTool: only the canonical ids the stream sent are accepted as lastEventId', async () => {
    const sent = await t.caller.chat.send({ content: '/count to=3 intervalMs=1' });
    if (sent.type !== 'tool_execution') return assert.fail('not a tool execution');
    const all = await readAll<ToolEvent>(await t.caller.chat.streamTool({ executionId: sent.executionId }));
    const last = all.at(-1)?.id ?? '';
    assert.match(last, /^[1-9][0-9]*$/);
    for (const id of [' 1', '1 ', '0x1', '01', '+1', '1e0', '1.0', '-1', '0']) {
      await rejectsWith(t.caller.chat.streamTool({ executionId: sent.executionId, lastEventId: id }), 'BAD_REQUEST', 'BAD_EVENT_ID', new RegExp(`^lastEventId ${JSON.stringify(id).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not an event id of this stream: expected one of the ids it sent`));
    }
    for (const id of ['999999999999', String(Number(last) + 1)]) {
      await rejectsWith(t.caller.chat.streamTool({ executionId: sent.executionId, lastEventId: id }), 'BAD_REQUEST', 'BAD_EVENT_ID', new RegExp(`^lastEventId "${id}" is not an event id of this stream: its last event is "${last}"`));
    }
    // Every id it sent still resumes: after the last one, nothing is left.
    for (const [i, event] of all.entries()) {
      const rest: unknown[] = await readAll<ToolEvent>(await t.caller.chat.streamTool({ executionId: sent.executionId, lastEventId: event.id }));
      assert.deepEqual(rest, all.slice(i + 1));
    }
  });

  it('every procedure answers UNAUTHORIZED without the token', async () => {
    const locked = createTestCaller({ authorized: false });
    try {
      await rejectsWith(locked.caller.chat.send({ content: 'hi' }), 'UNAUTHORIZED', 'UNAUTHORIZED', /missing or wrong token/);
      await rejectsWith(locked.caller.tools.list(), 'UNAUTHORIZED', 'UNAUTHORIZED', /missing or wrong token/);
    } finally {
      await locked.close();
    }
  });
});
