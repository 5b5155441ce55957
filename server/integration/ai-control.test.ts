import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TRPCClientError } from '@trpc/client';
import { aiConfigFor, callTools, gate, say, startFakeOpenAI, type FakeOpenAI } from './fixtures/openai-server';
import { createGates, type Gates } from './gate';
import { collect, sseClient, startTestApp, tempDir, typesOf, type Client, type TestApp } from './harness';
import { spawnServer, type ServerProcess } from './process';
import { collectReply, errorOf, replyTypes, textOf, waitForReplyEvent } from './replyStream';

/**
 * Issue "The AI chat", item 6: Stop (the upstream request is aborted, the text so far kept, the
 * model's runs cancelled), Retry (a new reply to the same message), and a server killed mid-reply.
 */
/** The model's `hold` calls run without asking (the default for a model's call is `ask`). */
const MODEL_MAY_HOLD = { tools: { hold: 'auto' as const } };

describe('stopping, retrying and surviving AI replies', () => {
  let fake: FakeOpenAI;
  let app: TestApp;
  let client: Client;
  let gates: Gates;

  before(async () => {
    fake = await startFakeOpenAI();
    gates = createGates();
    app = await startTestApp({ config: { ai: aiConfigFor(fake), approvals: MODEL_MAY_HOLD }, extraTools: [gates.tool] });
    client = sseClient(app.url);
  });
  after(async () => {
    await app.stop();
    await fake.close();
  });

  const send = (content: string) => sendTo(client, content);

  it('cancelReply aborts the upstream request, keeps the partial text (stopped) and ends with CANCELLED', async () => {
    const hold = gate();
    fake.script({ steps: [{ text: 'I was about ' }, { wait: hold }, ...say('to say more')] });
    const n = fake.requests.length;
    const sent = await send('tell me a long story');
    await waitForReplyEvent(client, sent.messageId, (event) => event.type === 'reply_delta');
    assert.deepEqual(await client.chat.cancelReply.mutate({ messageId: sent.messageId }), { messageId: sent.messageId, cancelled: true });

    const events = await collectReply(client, sent.messageId);
    assert.deepEqual(replyTypes(events), ['reply_delta', 'reply_complete', 'reply_error', 'done']);
    assert.deepEqual(errorOf(events), { code: 'CANCELLED', recoverable: true, message: 'stopped by the user; the text so far is kept' });
    assert.deepEqual(await (await fake.request(n)).closed, { early: true }, 'the abort reached the provider');
    hold.release();

    const fragments = await client.fragments.list.query({ conversationId: sent.conversationId });
    const reply = fragments.find((f) => f.role === 'assistant');
    assert.equal(reply?.content, 'I was about ');
    assert.equal(reply?.metadata.stopped, true);
    assert.equal((reply?.metadata.error as { code: string }).code, 'CANCELLED');
    // Stopping an ended reply is no error, and says it did nothing.
    assert.deepEqual(await client.chat.cancelReply.mutate({ messageId: sent.messageId }), { messageId: sent.messageId, cancelled: false });
  });

  it('cancelReply while the model’s tool runs cancels that run too', async () => {
    fake.script({ steps: callTools([{ id: 'h', name: 'hold', arguments: '{"name": "never-released"}' }]) });
    const sent = await send('run something long');
    const call = await waitForReplyEvent(client, sent.messageId, (event) => event.type === 'tool_call');
    const executionId = call.data.type === 'tool_call' ? call.data.executionId : '';
    await collect(client, executionId, { stopAfter: 2 });
    await client.chat.cancelReply.mutate({ messageId: sent.messageId });

    const events = await collectReply(client, sent.messageId);
    assert.equal(errorOf(events)?.code, 'CANCELLED');
    const run = await collect(client, executionId);
    assert.deepEqual(typesOf(run).slice(-3), ['tool_complete', 'tool_error', 'done']);
    const runError = run.at(-2)?.data;
    assert.equal(runError?.type === 'tool_error' ? runError.error.code : undefined, 'CANCELLED');
    const fragments = await client.fragments.list.query({ conversationId: sent.conversationId });
    assert.deepEqual(fragments.find((f) => f.role === 'assistant')?.metadata.tool_calls, [executionId]);
  });

  it('retryReply answers the same message again as a new reply; the old one stays as it was', async () => {
    fake.script({ status: 500, error: { message: 'boom', type: 'server_error' } });
    const sent = await send('try me');
    const failed = await collectReply(client, sent.messageId);
    assert.equal(errorOf(failed)?.code, 'PROVIDER_ERROR');

    fake.script({ steps: say('Second time lucky.') });
    const retried = await client.chat.retryReply.mutate({ messageId: sent.messageId });
    assert.equal(retried.type, 'chat');
    if (retried.type !== 'chat') return;
    assert.notEqual(retried.messageId, sent.messageId);
    assert.equal(retried.conversationId, sent.conversationId);
    assert.equal(retried.sessionId, sent.sessionId);
    assert.equal(retried.userFragmentId, sent.userFragmentId);
    const events = await collectReply(client, retried.messageId);
    assert.equal(textOf(events), 'Second time lucky.');
    assert.deepEqual(fake.requests.at(-1)?.body.messages, [{ role: 'user', content: 'try me' }], 'history up to that message, not the failed reply');

    assert.deepEqual(await collectReply(client, sent.messageId), failed, 'the old reply is untouched');
    const fragments = await client.fragments.list.query({ conversationId: sent.conversationId });
    assert.deepEqual(fragments.map((f) => [f.role, f.metadata.message_id]), [
      ['user', sent.messageId],
      ['assistant', sent.messageId],
      ['assistant', retried.messageId],
    ]);
    assert.equal(fragments[2]?.metadata.reply_to, sent.userFragmentId);

    // A retry of the retry answers the same message too.
    fake.script({ steps: say('Third.') });
    const again = await client.chat.retryReply.mutate({ messageId: retried.messageId });
    assert.equal(again.type === 'chat' && again.userFragmentId, sent.userFragmentId);
    if (again.type === 'chat') assert.equal(textOf(await collectReply(client, again.messageId)), 'Third.');
  });

  it('retryReply refuses a reply still being written (CONFLICT) and one that does not exist (NOT_FOUND)', async () => {
    const hold = gate();
    fake.script({ steps: [{ wait: hold }, ...say('done')] });
    const sent = await send('busy');
    await assert.rejects(client.chat.retryReply.mutate({ messageId: sent.messageId }), (error) => error instanceof TRPCClientError && error.data?.code === 'CONFLICT');
    hold.release();
    await collectReply(client, sent.messageId);
    await assert.rejects(client.chat.retryReply.mutate({ messageId: 'msg_nope' }), (error) => error instanceof TRPCClientError && error.data?.code === 'NOT_FOUND');
    await assert.rejects(client.chat.cancelReply.mutate({ messageId: 'msg_nope' }), (error) => error instanceof TRPCClientError && error.data?.code === 'NOT_FOUND');
  });
});

describe('an AI reply cut off by SIGKILL', () => {
  const servers: ServerProcess[] = [];
  let fake: FakeOpenAI;
  before(async () => {
    fake = await startFakeOpenAI();
  });
  after(async () => {
    for (const server of servers) await server.kill();
    await fake.close();
  });

  it('keeps the text streamed before the kill and ends with a recoverable SERVER_RESTARTED', async () => {
    const dataDir = tempDir();
    const config = { ai: aiConfigFor(fake), approvals: MODEL_MAY_HOLD };
    const first = await spawnServer(dataDir, config);
    servers.push(first);
    const hold = gate();
    fake.script({ steps: [{ text: 'Written before ' }, { text: 'the crash' }, { wait: hold }, ...say(' and never after')] });
    const client = sseClient(first.url);
    const sent = await sendTo(client, 'go');
    const seen = await collectReply(client, sent.messageId, { stopAfter: 2 });
    assert.equal(textOf(seen), 'Written before the crash');
    await first.kill('SIGKILL');
    assert.deepEqual(await fake.requests[0]?.closed, { early: true });
    hold.release();

    const second = await spawnServer(dataDir, config);
    servers.push(second);
    const again = sseClient(second.url);
    const events = await collectReply(again, sent.messageId);
    assert.deepEqual(events.slice(0, 2), seen, 'everything the client saw is still there');
    assert.deepEqual(replyTypes(events), ['reply_delta', 'reply_delta', 'reply_complete', 'reply_error', 'done']);
    const error = errorOf(events);
    assert.equal(error?.code, 'SERVER_RESTARTED');
    assert.equal(error?.recoverable, true);
    const fragments = await again.fragments.list.query({ conversationId: sent.conversationId });
    const reply = fragments.find((f) => f.role === 'assistant');
    assert.equal(reply?.content, 'Written before the crash');
    assert.equal((reply?.metadata.error as { code: string }).code, 'SERVER_RESTARTED');

    // And it can be answered again.
    fake.script({ steps: say('Back.') });
    const retried = await again.chat.retryReply.mutate({ messageId: sent.messageId });
    if (retried.type === 'chat') assert.equal(textOf(await collectReply(again, retried.messageId)), 'Back.');
  });
});

async function sendTo(client: Client, content: string) {
  const sent = await client.chat.send.mutate({ content });
  if (sent.type !== 'chat') throw new Error('not a chat message');
  return sent;
}
