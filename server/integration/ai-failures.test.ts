import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { StreamError } from '../../shared/events';
import { aiConfigFor, callTools, gate, say, startFakeOpenAI, type FakeOpenAI, type Script } from './fixtures/openai-server';
import { freePort, sseClient, startTestApp, type Client, type TestApp } from './harness';
import { collectReply, errorOf, replyTypes, textOf, type TrackedReply } from './replyStream';

/** Issue "The AI chat", item 6: each way the provider can fail ends the reply with its own code, the text so far kept. */
describe('AI provider failures', () => {
  let fake: FakeOpenAI;
  let app: TestApp;
  let client: Client;
  const apps: TestApp[] = [];
  /** Everything the server logged: the key must never be in it. */
  const logged: string[] = [];

  before(async () => {
    fake = await startFakeOpenAI();
    app = await startTestApp({
      config: { ai: aiConfigFor(fake, { maxToolRounds: 1 }), approvals: { tools: { echo: 'auto' } } },
      log: (line) => logged.push(line),
    });
    client = sseClient(app.url);
  });
  after(async () => {
    for (const other of [app, ...apps]) await other.stop();
    await fake.close();
  });

  /** Sends a message on `on`, reads its reply to `done`, and returns the events, the error and the stored fragment. */
  async function failWith(script: Script | null, on = { client, fake }) {
    if (script) on.fake.script(script);
    const sent = await on.client.chat.send.mutate({ content: 'hello?' });
    if (sent.type !== 'chat') throw new Error('not a chat message');
    const events = await collectReply(on.client, sent.messageId);
    const fragments = await on.client.fragments.list.query({ conversationId: sent.conversationId });
    return { events, error: errorOf(events) as StreamError, reply: fragments.find((f) => f.role === 'assistant') };
  }

  async function providerHealth(on: TestApp): Promise<{ state: string; code?: string; at?: number }> {
    return ((await (await fetch(`${on.url}/healthz`)).json()) as { ai: { state: string; code?: string } }).ai;
  }

  function assertEnds(events: TrackedReply[], code: string, recoverable: boolean) {
    assert.deepEqual(replyTypes(events).slice(-3), ['reply_complete', 'reply_error', 'done']);
    const error = errorOf(events);
    assert.equal(error?.code, code);
    assert.equal(error?.recoverable, recoverable);
  }

  it('401: PROVIDER_AUTH, says to check the key, and never echoes it', async () => {
    const { events, error, reply } = await failWith({ status: 401, error: { message: 'Incorrect API key provided: test-key.', type: 'invalid_request_error', code: 'invalid_api_key' } });
    assertEnds(events, 'PROVIDER_AUTH', false);
    assert.match(error.message, /API key.*OPENAI_API_KEY/);
    assert.doesNotMatch(JSON.stringify(events), /test-key/);
    assert.doesNotMatch(JSON.stringify(reply), /test-key/);
    assert.deepEqual(reply?.metadata.error, { code: 'PROVIDER_AUTH', message: error.message });
  });

  it('403: PROVIDER_AUTH', async () => {
    assertEnds((await failWith({ status: 403, error: { message: 'forbidden' } })).events, 'PROVIDER_AUTH', false);
  });

  it('404: MODEL_NOT_FOUND, naming the model', async () => {
    const { events, error } = await failWith({ status: 404, error: { message: 'The model `fake-model` does not exist', code: 'model_not_found' } });
    assertEnds(events, 'MODEL_NOT_FOUND', false);
    assert.match(error.message, /"fake-model".*FRAGMENTS_MODEL/);
  });

  it('429: RATE_LIMITED, recoverable', async () => {
    assertEnds((await failWith({ status: 429, error: { message: 'Rate limit reached', type: 'requests' } })).events, 'RATE_LIMITED', true);
  });

  it('500: PROVIDER_ERROR, recoverable, with the provider’s words', async () => {
    const { events, error } = await failWith({ status: 500, error: { message: 'The server had an error', type: 'server_error' } });
    assertEnds(events, 'PROVIDER_ERROR', true);
    assert.match(error.message, /500.*The server had an error/);
  });

  it('an error inside the stream: PROVIDER_ERROR, the text so far kept', async () => {
    const { events, reply } = await failWith({ steps: [{ text: 'Partial ' }, { text: 'answer' }, { streamError: { message: 'overloaded' } }] });
    assertEnds(events, 'PROVIDER_ERROR', true);
    assert.equal(textOf(events), 'Partial answer');
    assert.equal(reply?.content, 'Partial answer');
  });

  it('the connection cut mid-stream: STREAM_CUT, recoverable, the text so far kept', async () => {
    const { events, reply, error } = await failWith({ steps: [{ text: 'Half of ' }, { text: 'it' }, { cut: true }] });
    assertEnds(events, 'STREAM_CUT', true);
    assert.equal(reply?.content, 'Half of it');
    assert.equal((reply?.metadata.error as { code: string }).code, 'STREAM_CUT');
    assert.match(error.message, /dropped mid-reply/);
  });

  it('a stream that ends without a finish reason: STREAM_CUT', async () => {
    const { events, reply } = await failWith({ steps: [{ text: 'no end' }], done: false });
    assertEnds(events, 'STREAM_CUT', true);
    assert.equal(reply?.content, 'no end');
  });

  it('more tool rounds than ai.maxToolRounds: TOO_MANY_TOOL_ROUNDS', async () => {
    fake.script({ steps: callTools([{ id: 'a', name: 'echo', arguments: '{"text":"1"}' }]) });
    const { events } = await failWith({ steps: callTools([{ id: 'b', name: 'echo', arguments: '{"text":"2"}' }]) });
    assertEnds(events, 'TOO_MANY_TOOL_ROUNDS', false);
    assert.equal(events.filter((e) => e.data.type === 'tool_call').length, 1);
  });

  it('connection refused: PROVIDER_UNREACHABLE, naming the address', async () => {
    const port = await freePort();
    const other = await startTestApp({ config: { ai: { baseUrl: `http://127.0.0.1:${port}/v1`, apiKey: 'test-key', model: 'fake-model' } } });
    apps.push(other);
    assert.deepEqual(await providerHealth(other), { state: 'configured' });
    const { events, error } = await failWith(null, { client: sseClient(other.url), fake });
    assertEnds(events, 'PROVIDER_UNREACHABLE', true);
    // /healthz tells the provider's state by its code only: no address, no message.
    const health = await providerHealth(other);
    assert.equal(health.state, 'failing');
    assert.equal(health.code, 'PROVIDER_UNREACHABLE');
    assert.deepEqual(Object.keys(health).sort(), ['at', 'code', 'state']);
    assert.match(error.message, new RegExp(`127\\.0\\.0\\.1:${port}.*OPENAI_BASE_URL`));
  });

  it('no first token within ai.firstTokenTimeoutMs: NO_FIRST_TOKEN, and the request is aborted', async () => {
    const slowFake = await startFakeOpenAI();
    // The limit runs from the request's start, so it must leave the request time to reach the fake
    // even on a busy box (at 300 ms a loaded CI box aborted before connecting): 3 s is far more.
    const other = await startTestApp({ config: { ai: { baseUrl: `${slowFake.url}/v1`, apiKey: 'k', model: 'fake-model', firstTokenTimeoutMs: 3000 } } });
    apps.push(other);
    const hold = gate();
    // The fake sends the headers and a role-only chunk at once, its first token only after the gate.
    slowFake.script({ steps: [{ wait: hold }, ...say('too late')] });
    try {
      const { events, error } = await failWith(null, { client: sseClient(other.url), fake: slowFake });
      assertEnds(events, 'NO_FIRST_TOKEN', true);
      assert.match(error.message, /3000 ms.*firstTokenTimeoutMs/);
      assert.deepEqual(await (await slowFake.request(0)).closed, { early: true });
    } finally {
      hold.release();
      await slowFake.close();
    }
  });

  it('quiet mid-reply for ai.idleTimeoutMs: PROVIDER_IDLE, the text so far kept, the request aborted', async () => {
    const quietFake = await startFakeOpenAI();
    // As for the first token: a bound far above what a busy box needs between two written chunks.
    const other = await startTestApp({ config: { ai: { baseUrl: `${quietFake.url}/v1`, apiKey: 'k', model: 'fake-model', idleTimeoutMs: 3000 } } });
    apps.push(other);
    const hold = gate();
    // Two tokens at once, then silence with the connection open until the gate (never, before the bound).
    const [first, second, ...rest] = say('so far, then more', 3);
    quietFake.script({ steps: [first!, second!, { wait: hold }, ...rest] });
    try {
      const { events, error, reply } = await failWith(null, { client: sseClient(other.url), fake: quietFake });
      assertEnds(events, 'PROVIDER_IDLE', true);
      assert.match(error.message, /3000 ms.*idleTimeoutMs/);
      assert.ok(textOf(events).length > 0, 'the tokens before the silence were streamed');
      assert.equal(reply?.content, textOf(events), 'and kept in the stored reply');
      assert.deepEqual(await (await quietFake.request(0)).closed, { early: true });
      assert.equal((await providerHealth(other)).code, 'PROVIDER_IDLE');
      // The next reply that works says the provider is fine again.
      quietFake.script({ steps: say('fine now') });
      const sent = await sseClient(other.url).chat.send.mutate({ content: 'again?' });
      if (sent.type !== 'chat') throw new Error('not a chat message');
      assert.equal(textOf(await collectReply(sseClient(other.url), sent.messageId)), 'fine now');
      assert.equal((await providerHealth(other)).state, 'ok');
    } finally {
      hold.release();
      await quietFake.close();
    }
  });

  it('logs nothing that holds the key, after every failure above', () => {
    assert.doesNotMatch(logged.join('\n'), /test-key/);
  });
});
