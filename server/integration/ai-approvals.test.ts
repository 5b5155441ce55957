import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { aiConfigFor, callTools, say, startFakeOpenAI, type FakeOpenAI } from './fixtures/openai-server';
import { collect, sseClient, startTestApp, typesOf, type Client, type TestApp } from './harness';
import { collectReply, textOf } from './replyStream';

/**
 * Issue "The AI chat", item 5, with a model: a call the model makes waits for the user (the default
 * policy for a model's call is `ask`), its stream says so, and the user's decision reaches the model.
 */
describe('approving the model’s tool calls', () => {
  let fake: FakeOpenAI;
  let app: TestApp;
  let client: Client;

  before(async () => {
    fake = await startFakeOpenAI();
    // No approvals block: the defaults apply (the model asks, the user's own commands run).
    app = await startTestApp({ config: { ai: aiConfigFor(fake) } });
    client = sseClient(app.url);
  });
  after(async () => {
    await app.stop();
    await fake.close();
  });

  /** Sends a message whose reply calls `echo`; resolves with the reply's id and the call's execution id once the model asked. */
  async function askForEcho(text: string) {
    fake.script({ steps: callTools([{ id: 'call_1', name: 'echo', arguments: JSON.stringify({ text }) }]) });
    const sent = await client.chat.send.mutate({ content: `please echo ${text}` });
    if (sent.type !== 'chat') throw new Error('not a chat message');
    const head = await collectReply(client, sent.messageId, { stopAfter: 1 });
    const call = head[0]?.data;
    assert.equal(call?.type, 'tool_call');
    if (call?.type !== 'tool_call') throw new Error('the reply did not start with a tool call');
    return { messageId: sent.messageId, executionId: call.executionId };
  }

  it('waits for Approve, then runs the call and the model answers with its result', async () => {
    const { messageId, executionId } = await askForEcho('approved words');
    const waiting = await collect(client, executionId, { stopAfter: 1 });
    assert.deepEqual(waiting[0]?.data, { type: 'tool_approval_required', tool: 'echo', parameters: { text: 'approved words' }, requestedBy: 'model' });
    assert.equal((await client.executions.get.query({ executionId })).status, 'awaiting_approval');

    fake.script({ steps: say('The tool said: approved words.') });
    await client.executions.approve.mutate({ executionId, approved: true });
    const run = await collect(client, executionId);
    assert.deepEqual(typesOf(run), ['tool_approval_required', 'tool_started', 'tool_output', 'tool_complete', 'done']);
    const reply = await collectReply(client, messageId);
    assert.equal(textOf(reply), 'The tool said: approved words.');
    const toolMessage = fake.requests.at(-1)?.body.messages.at(-1);
    assert.equal(toolMessage?.role, 'tool');
    assert.match(toolMessage?.content ?? '', /approved words/);
    const [fragment] = await client.fragments.list.query({ conversationId: (await client.executions.get.query({ executionId })).conversationId, role: 'tool' });
    assert.equal(fragment?.metadata.requested_by, 'model');
  });

  it('tells the model when the user denies the call, and nothing runs', async () => {
    const { messageId, executionId } = await askForEcho('denied words');
    await collect(client, executionId, { stopAfter: 1 });
    fake.script({ steps: say('Understood, I will not run it.') });
    await client.executions.approve.mutate({ executionId, approved: false });
    const run = await collect(client, executionId);
    assert.deepEqual(typesOf(run), ['tool_approval_required', 'tool_complete', 'tool_error', 'done']);
    const error = run.find((e) => e.data.type === 'tool_error')?.data;
    assert.equal(error?.type === 'tool_error' && error.error.code, 'DENIED');
    const reply = await collectReply(client, messageId);
    assert.equal(textOf(reply), 'Understood, I will not run it.');
    const toolMessage = fake.requests.at(-1)?.body.messages.at(-1);
    assert.equal(toolMessage?.role, 'tool');
    assert.match(toolMessage?.content ?? '', /DENIED/);
  });

  it('runs a command the user typed without asking (auto is the default for the user)', async () => {
    const sent = await client.chat.send.mutate({ content: '/echo text=typed' });
    if (sent.type !== 'tool_execution') return assert.fail('not a tool execution');
    assert.deepEqual(typesOf(await collect(client, sent.executionId)), ['tool_started', 'tool_output', 'tool_complete', 'done']);
  });
});
