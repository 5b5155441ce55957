import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { aiConfigFor, callTools, say, startFakeOpenAI, type FakeOpenAI } from './fixtures/openai-server';
import { createGates, type Gates } from './gate';
import { collect, everythingStdio, outputOf, sseClient, startTestApp, typesOf, type Client, type TestApp } from './harness';
import { collectReply, errorOf, replyTypes, textOf, waitForReplyEvent } from './replyStream';

/**
 * Issue "The AI chat", item 4: the model's tool calls are runs like any other (submitRun, queue,
 * stream, fragment), announced on the reply stream, and their results go back to the model.
 * The config lets these calls run without asking (a model's call asks by default; approvals are
 * tested in approvals.test.ts and with a model in ai-approvals.test.ts).
 */
describe('AI tool calls', () => {
  let fake: FakeOpenAI;
  let app: TestApp;
  let client: Client;
  let gates: Gates;

  before(async () => {
    fake = await startFakeOpenAI();
    gates = createGates();
    app = await startTestApp({
      config: {
        ai: aiConfigFor(fake),
        mcpServers: { everything: everythingStdio() },
        approvals: { tools: { hold: 'auto', echo: 'auto', count: 'deny' }, servers: { everything: 'auto' } },
      },
      extraTools: [gates.tool],
    });
    client = sseClient(app.url);
  });
  after(async () => {
    await app.stop();
    await fake.close();
  });

  const send = async (content: string) => {
    const sent = await client.chat.send.mutate({ content });
    if (sent.type !== 'chat') throw new Error('not a chat message');
    return sent;
  };

  it('runs two parallel tool calls whose deltas are split over many chunks, at the same time', async () => {
    fake.script(
      {
        steps: callTools([
          { id: 'call_a', name: 'hold', arguments: '{"name": "parallel-a"}' },
          { id: 'call_b', name: 'hold', arguments: '{"name": "parallel-b"}' },
        ], 6),
      },
      { steps: say('Both came back.') },
    );
    const sent = await send('hold two');
    const calls: string[] = [];
    await waitForReplyEvent(client, sent.messageId, (event) => event.type === 'tool_call' && calls.push(event.executionId) === 2);
    // Both are running at once (each printed its line) before either is released.
    for (const id of calls) await collect(client, id, { stopAfter: 2 });
    for (const id of calls) assert.equal((await client.executions.get.query({ executionId: id })).status, 'running');
    gates.release('parallel-a');
    gates.release('parallel-b');

    const events = await collectReply(client, sent.messageId);
    const toolCalls = events.flatMap((e) => (e.data.type === 'tool_call' ? [e.data] : []));
    assert.deepEqual(toolCalls.map((c) => [c.tool, c.parameters]), [['hold', { name: 'parallel-a' }], ['hold', { name: 'parallel-b' }]]);
    assert.deepEqual(replyTypes(events), ['tool_call', 'tool_call', 'reply_delta', 'reply_delta', 'reply_delta', 'reply_complete', 'done']);

    const second = fake.requests.at(-1)?.body.messages ?? [];
    assert.deepEqual(second.map((m) => m.role), ['user', 'assistant', 'tool', 'tool']);
    assert.deepEqual(second[1]?.tool_calls?.map((c) => [c.id, c.function.name, JSON.parse(c.function.arguments)]), [
      ['call_a', 'hold', { name: 'parallel-a' }],
      ['call_b', 'hold', { name: 'parallel-b' }],
    ]);
    assert.deepEqual(second.slice(2).map((m) => m.tool_call_id), ['call_a', 'call_b']);
    assert.match(second[2]?.content ?? '', /holding parallel-a[^]*released parallel-a/);

    const fragments = await client.fragments.list.query({ conversationId: sent.conversationId });
    assert.deepEqual(fragments.map((f) => f.role), ['user', 'tool', 'tool', 'assistant']);
    assert.deepEqual(fragments[3]?.metadata.tool_calls, calls);
    for (const id of calls) {
      const run = await collect(client, id);
      assert.deepEqual(typesOf(run).slice(-2), ['tool_complete', 'done']);
      assert.match(outputOf(run), /released/);
    }
  });

  it('uses a real MCP server over several rounds, each result fed back to the model', async () => {
    fake.script(
      { steps: [{ text: 'Let me add.' }, ...callTools([{ id: 'r1', name: 'everything__get-sum', arguments: '{"a": 1, "b": 2}' }])] },
      { steps: callTools([{ id: 'r2', name: 'everything__echo', arguments: '{"message": "sum is 3"}' }]) },
      { steps: callTools([{ id: 'r3', name: 'everything__get-structured-content', arguments: '{"location": "New York"}' }]) },
      { steps: say('The sum is 3.') },
    );
    const first = fake.requests.length;
    const sent = await send('add 1 and 2, then echo it');
    const events = await collectReply(client, sent.messageId);
    assert.equal(errorOf(events), undefined);
    assert.equal(textOf(events), 'Let me add.\n\nThe sum is 3.');
    const calls = events.flatMap((e) => (e.data.type === 'tool_call' ? [e.data.tool] : []));
    assert.deepEqual(calls, ['everything.get-sum', 'everything.echo', 'everything.get-structured-content']);

    const requests = fake.requests.slice(first);
    assert.equal(requests.length, 4);
    const toolMessage = (n: number) => requests[n]?.body.messages.at(-1);
    assert.equal(toolMessage(1)?.tool_call_id, 'r1');
    assert.match(toolMessage(1)?.content ?? '', /3/);
    assert.equal(toolMessage(2)?.tool_call_id, 'r2');
    assert.match(toolMessage(2)?.content ?? '', /sum is 3/);
    assert.match(toolMessage(3)?.content ?? '', /Structured content: \{.*"temperature"/);
    assert.equal(requests[1]?.body.messages[1]?.content, 'Let me add.');

    const fragments = await client.fragments.list.query({ conversationId: sent.conversationId });
    const reply = fragments.find((f) => f.role === 'assistant');
    assert.equal(reply?.content, 'Let me add.\n\nThe sum is 3.');
    assert.equal((reply?.metadata.tool_calls as string[]).length, 3);
    const runs = fragments.filter((f) => f.role === 'tool');
    assert.deepEqual(runs.map((f) => [f.metadata.tool, f.metadata.success]), [
      ['everything.get-sum', true],
      ['everything.echo', true],
      ['everything.get-structured-content', true],
    ]);
  });

  it('a failed tool is the model’s to read, not a failed reply', async () => {
    fake.script({ steps: callTools([{ id: 'f1', name: 'everything__get-sum', arguments: '{"a": "one", "b": 2}' }]) }, { steps: say('That failed.') });
    const sent = await send('add badly');
    const events = await collectReply(client, sent.messageId);
    assert.equal(errorOf(events), undefined);
    const tool = fake.requests.at(-1)?.body.messages.at(-1);
    assert.equal(tool?.role, 'tool');
    assert.match(tool?.content ?? '', /Refused, nothing ran|failed/);
  });

  it('a refused call is told on the reply stream and kept, with where in the reply it was made', async () => {
    fake.script(
      {
        steps: [
          { text: 'Trying.' },
          ...callTools([
            { id: 'x1', name: 'nope', arguments: '{"a": 1}' },
            { id: 'x2', name: 'echo', arguments: '{oops' },
            { id: 'x3', name: 'echo', arguments: '[1]' },
            { id: 'x4', name: 'count', arguments: '{"to": 2}' },
            { id: 'x5', name: 'echo', arguments: '{"text": "fine"}' },
          ]),
        ],
      },
      { steps: say('Done trying.') },
    );
    const sent = await send('try things');
    const events = await collectReply(client, sent.messageId);
    assert.equal(errorOf(events), undefined);
    assert.deepEqual(replyTypes(events).filter((t) => t !== 'reply_delta'), ['tool_refused', 'tool_refused', 'tool_refused', 'tool_refused', 'tool_call', 'reply_complete', 'done']);
    const refused = events.flatMap((e) => (e.data.type === 'tool_refused' ? [e.data] : []));
    assert.deepEqual(refused.map((r) => [r.tool, r.parameters, r.code]), [
      ['nope', { a: 1 }, 'UNKNOWN_TOOL'],
      ['echo', '{oops', 'BAD_ARGUMENTS'],
      ['echo', '[1]', 'BAD_ARGUMENTS'],
      ['count', { to: 2 }, 'FORBIDDEN'],
    ]);
    assert.match(refused[0]?.message ?? '', /no tool named "nope"/);
    assert.match(refused[1]?.message ?? '', /not valid JSON/);
    assert.match(refused[2]?.message ?? '', /must be a JSON object/);
    // The model is told the same reason.
    const toolMessages = (fake.requests.at(-1)?.body.messages ?? []).filter((m) => m.role === 'tool');
    assert.equal(toolMessages[3]?.content, `Refused, nothing ran: ${refused[3]?.message}`);

    const fragments = await client.fragments.list.query({ conversationId: sent.conversationId });
    const reply = fragments.find((f) => f.role === 'assistant');
    assert.equal(reply?.content, 'Trying.\n\nDone trying.');
    const run = events.find((e) => e.data.type === 'tool_call')?.data;
    assert.ok(run?.type === 'tool_call');
    assert.deepEqual(reply?.metadata.tool_calls, [run.executionId]);
    const at = 'Trying.'.length;
    assert.deepEqual(reply?.metadata.tool_call_places, [
      ...refused.map(({ type: _type, ...call }) => ({ at, refused: call })),
      { at, execution_id: run.executionId },
    ]);
  });
});
