import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { aiConfigFor, callTools, gate, say, startFakeOpenAI, type FakeOpenAI } from './fixtures/openai-server';
import { sseClient, startTestApp, wsClient, type Client, type TestApp } from './harness';
import { collectReply, errorOf, replyTypes, textOf, waitForReplyEvent } from './replyStream';

/** Issue "The AI chat", items 1–3: plain replies from an OpenAI-compatible server, streamed, stored, replayed, with history. */
describe('AI replies', () => {
  let fake: FakeOpenAI;
  let app: TestApp;
  let client: Client;

  before(async () => {
    fake = await startFakeOpenAI();
    app = await startTestApp({
      config: { ai: aiConfigFor(fake, { contextBudgetChars: 2000 }), approvals: { tools: { echo: 'auto' } } },
    });
    client = sseClient(app.url);
  });
  after(async () => {
    await app.stop();
    await fake.close();
  });

  const send = async (content: string, conversationId?: string) => {
    const sent = await client.chat.send.mutate({ content, conversationId });
    if (sent.type !== 'chat') throw new Error('not a chat message');
    return sent;
  };

  it('streams the model’s deltas, stores the reply as a fragment and replays it', async () => {
    fake.script({ steps: say('Hello there, how can I help?', 4) });
    const sent = await send('hi');
    const events = await collectReply(client, sent.messageId);
    assert.deepEqual(replyTypes(events), ['reply_delta', 'reply_delta', 'reply_delta', 'reply_delta', 'reply_complete', 'done']);
    assert.equal(textOf(events), 'Hello there, how can I help?');

    const request = await fake.request(fake.requests.length - 1);
    assert.equal(request.body.model, 'fake-model');
    assert.equal(request.body.stream, true);
    assert.equal(request.headers.authorization, 'Bearer test-key');
    assert.deepEqual(request.body.messages, [{ role: 'user', content: 'hi' }]);
    assert.ok(request.body.tools?.some((tool) => tool.function.name === 'echo'), 'the builtin tools are offered');

    const fragments = await client.fragments.list.query({ conversationId: sent.conversationId });
    assert.deepEqual(fragments.map((f) => f.role), ['user', 'assistant']);
    const reply = fragments[1];
    assert.equal(reply?.content, 'Hello there, how can I help?');
    const complete = events.at(-2)?.data;
    assert.equal(complete?.type === 'reply_complete' ? complete.fragmentId : undefined, reply?.id);
    assert.deepEqual(reply?.metadata, { type: 'ai_reply', message_id: sent.messageId, reply_to: sent.userFragmentId, model: 'fake-model' });

    // Replayed whole, over SSE and WebSocket, and from any event id.
    const ws = wsClient(app.url);
    assert.deepEqual(await collectReply(ws.client, sent.messageId), events);
    for (let k = 0; k < events.length - 1; k++) {
      assert.deepEqual(await collectReply(k % 2 ? ws.client : client, sent.messageId, { lastEventId: events[k]?.id }), events.slice(k + 1));
    }
    await ws.close();
  });

  it('resumes a reply mid-stream by lastEventId: nothing lost, nothing twice', async () => {
    const hold = gate();
    fake.script({ steps: [{ text: 'first ' }, { text: 'second ' }, { wait: hold }, { text: 'third' }, { finish: 'stop' }] });
    const sent = await send('count for me');
    const head = await collectReply(client, sent.messageId, { stopAfter: 2 });
    assert.equal(textOf(head), 'first second ');
    hold.release();
    const tail = await collectReply(client, sent.messageId, { lastEventId: head.at(-1)?.id });
    assert.equal(textOf([...head, ...tail]), 'first second third');
    assert.deepEqual(replyTypes(tail), ['reply_delta', 'reply_complete', 'done']);
    assert.deepEqual(await collectReply(client, sent.messageId), [...head, ...tail]);
  });

  it('sends the conversation as history, with the model’s tool calls next to their results', async () => {
    fake.script({ steps: callTools([{ id: 'call_1', name: 'echo', arguments: '{"text":"ping"}' }]) }, { steps: say('It said ping.') });
    const first = await send('echo ping please');
    const firstEvents = await collectReply(client, first.messageId);
    assert.equal(textOf(firstEvents), 'It said ping.');

    fake.script({ steps: say('Sure.') });
    const second = await send('and again?', first.conversationId);
    await collectReply(client, second.messageId);
    const request = fake.requests.at(-1);
    const messages = request?.body.messages ?? [];
    assert.deepEqual(messages.map((m) => m.role), ['user', 'assistant', 'tool', 'assistant', 'user']);
    assert.equal(messages[1]?.tool_calls?.[0]?.function.name, 'echo');
    assert.deepEqual(JSON.parse(messages[1]?.tool_calls?.[0]?.function.arguments ?? ''), { text: 'ping' });
    assert.equal(messages[2]?.tool_call_id, messages[1]?.tool_calls?.[0]?.id);
    assert.match(messages[2]?.content ?? '', /ping/);
    assert.deepEqual(messages.at(-1), { role: 'user', content: 'and again?' });
  });

  it('drops the oldest turns to fit ai.contextBudgetChars and says how many in the metadata', async () => {
    const long = 'x'.repeat(1000);
    fake.script({ steps: say(`one ${long}`) });
    const first = await send(`turn one ${long}`);
    await collectReply(client, first.messageId);
    fake.script({ steps: say('two') });
    const second = await send('turn two', first.conversationId);
    await collectReply(client, second.messageId);
    fake.script({ steps: say('three') });
    const third = await send('turn three', first.conversationId);
    const events = await collectReply(client, third.messageId);

    const messages = fake.requests.at(-1)?.body.messages ?? [];
    assert.deepEqual(messages.map((m) => m.content), ['turn two', 'two', 'turn three']);
    const fragmentId = events.find((e) => e.data.type === 'reply_complete')?.data;
    const fragments = await client.fragments.list.query({ conversationId: first.conversationId });
    const reply = fragments.find((f) => fragmentId?.type === 'reply_complete' && f.id === fragmentId.fragmentId);
    assert.equal(reply?.metadata.context_dropped_turns, 1);
  });

  it('offers every tool under a name the API accepts and runs it by that name', async () => {
    fake.script({ steps: say('ok') });
    const sent = await send('what tools?');
    await collectReply(client, sent.messageId);
    const tools = fake.requests.at(-1)?.body.tools ?? [];
    for (const tool of tools) assert.match(tool.function.name, /^[a-zA-Z0-9_-]{1,64}$/);
    const echo = tools.find((tool) => tool.function.name === 'echo');
    assert.equal(echo?.function.parameters.type, 'object');
  });

  it('tells the model when its call is refused (unknown tool, bad JSON, schema) and goes on', async () => {
    fake.script(
      {
        steps: callTools([
          { id: 'c1', name: 'nope_tool', arguments: '{}' },
          { id: 'c2', name: 'echo', arguments: '{"text": ' },
          { id: 'c3', name: 'echo', arguments: '{"wrong": 1}' },
        ]),
      },
      { steps: say('I could not.') },
    );
    const sent = await send('break things');
    const events = await collectReply(client, sent.messageId);
    // Nothing ran; each refusal is told on the reply stream (the user sees it as a Refused card).
    assert.deepEqual(replyTypes(events).filter((t) => t !== 'reply_delta'), ['tool_refused', 'tool_refused', 'tool_refused', 'reply_complete', 'done']);
    const refused = events.flatMap((e) => (e.data.type === 'tool_refused' ? [[e.data.tool, e.data.code]] : []));
    assert.deepEqual(refused, [['nope_tool', 'UNKNOWN_TOOL'], ['echo', 'BAD_ARGUMENTS'], ['echo', 'BAD_ARGUMENTS']]);
    const tools = (fake.requests.at(-1)?.body.messages ?? []).filter((m) => m.role === 'tool');
    assert.deepEqual(tools.map((m) => m.tool_call_id), ['c1', 'c2', 'c3']);
    assert.match(tools[0]?.content ?? '', /Refused.*no tool named "nope_tool"/);
    assert.match(tools[1]?.content ?? '', /Refused.*not valid JSON/);
    assert.match(tools[2]?.content ?? '', /Refused/);
    assert.equal(errorOf(events), undefined);
  });

  it('waits for the first event of a reply that is still being written', async () => {
    const hold = gate();
    fake.script({ steps: [{ wait: hold }, ...say('late')] });
    const n = fake.requests.length;
    const sent = await send('slow one');
    await fake.request(n);
    hold.release();
    const delta = await waitForReplyEvent(client, sent.messageId, (event) => event.type === 'reply_delta');
    assert.equal(delta.data.type, 'reply_delta');
    assert.equal(textOf(await collectReply(client, sent.messageId)), 'late');
  });
});
