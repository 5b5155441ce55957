import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { ToolEvent } from '../../shared/events';
import { aiConfigFor, callTools, say, startFakeOpenAI, type FakeOpenAI } from './fixtures/openai-server';
import { createGates } from './gate';
import { collectReply, textOf } from './replyStream';
import { collect, everythingStdio, outputOf, sseClient, startEverythingHttp, startTestApp, tempDir, typesOf, type Client, type TestApp } from './harness';
import { spawnServer, type ServerProcess } from './process';

const ELICIT_SERVER = fileURLToPath(new URL('./fixtures/elicit-server.ts', import.meta.url));
/** The fixture on both revisions (the client picks), or on 2025-11-25 only. */
const elicitStdio = (legacy = false) => ({ command: process.execPath, args: ['--import', 'tsx', ELICIT_SERVER, ...(legacy ? ['legacy'] : [])] });

type InputRequired = Extract<ToolEvent, { type: 'tool_input_required' }>;

async function send(client: Client, content: string) {
  const sent = await client.chat.send.mutate({ content });
  if (sent.type !== 'tool_execution') throw new Error(`${content} is not a tool command`);
  return sent;
}

/** Resolves with the run's request for input once its stream shows it. */
async function inputRequired(client: Client, executionId: string): Promise<InputRequired> {
  const events = await collect(client, executionId, { stopWhen: (event) => event.type === 'tool_input_required' || event.type === 'done' });
  const last = events.at(-1)?.data;
  if (last?.type !== 'tool_input_required') throw new Error(`no tool_input_required; the stream was ${typesOf(events).join(', ')}`);
  return last;
}

/** What the fixture server received as the ElicitResult (its tools return it as JSON text). */
function received(events: { data: ToolEvent }[]): unknown {
  const text = events.map((e) => (e.data.type === 'tool_output' && e.data.stream !== 'log' ? e.data.content : '')).join('');
  return JSON.parse(text);
}

describe('elicitation from an MCP server (form and URL)', () => {
  const gates = createGates();
  let app: TestApp;
  let client: Client;
  before(async () => {
    app = await startTestApp({
      config: {
        mcpServers: { elicit: elicitStdio(), elicit2025: elicitStdio(true), everything: everythingStdio() },
        // The same idle limit for the form tool and the gate: see "waiting is not idle time".
        timeouts: { tools: { 'elicit.profile': { idleMs: 400 }, hold: { idleMs: 400 } } },
      },
      extraTools: [gates.tool],
    });
    client = sseClient(app.url);
  });
  after(() => app.stop());

  it('the fixture speaks 2026-07-28 (input_required rounds) and its 2025 twin 2025-11-25 (elicitation/create)', async () => {
    const servers = await client.tools.servers.query();
    const versionOf = (name: string) => servers.find((server) => server.name === name)?.protocolVersion;
    assert.deepEqual([versionOf('elicit'), versionOf('elicit2025')], ['2026-07-28', '2025-11-25']);
  });

  for (const server of ['elicit', 'elicit2025']) {
    it(`a form (${server}): the stream asks with the schema; accept applies the defaults of fields left out`, async () => {
      const sent = await send(client, `/${server}.profile`);
      const asked = await inputRequired(client, sent.executionId);
      assert.equal(asked.mode, 'form');
      assert.equal(asked.message, 'Tell us about you');
      assert.deepEqual((asked.schema as { required: string[] }).required, ['name', 'email']);

      const answer = await client.executions.respond.mutate({
        executionId: sent.executionId,
        requestId: asked.requestId,
        action: 'accept',
        content: { name: 'Ada', email: 'ada@example.com', age: 36, size: 'l', rooms: ['a'] },
      });
      const expected = { name: 'Ada', email: 'ada@example.com', age: 36, size: 'l', rooms: ['a'], height: 1.75, subscribe: false, color: 'green', tags: ['news'] };
      assert.deepEqual(answer, { requestId: asked.requestId, action: 'accept', content: expected });
      const all = await collect(client, sent.executionId);
      assert.deepEqual(received(all), { action: 'accept', content: expected });
      const answered = all.find((e) => e.data.type === 'tool_input_answered')?.data;
      assert.deepEqual(answered, { type: 'tool_input_answered', requestId: asked.requestId, action: 'accept', content: expected });
      // The record keeps the exchange: a reload shows it without the stream.
      const [fragment] = await client.fragments.list.query({ conversationId: sent.conversationId, role: 'tool' });
      assert.deepEqual(fragment?.metadata.input_requests, [
        { request: { requestId: asked.requestId, mode: 'form', message: 'Tell us about you', schema: asked.schema }, answer: { requestId: asked.requestId, action: 'accept', content: expected } },
      ]);
    });
  }

  it('an invalid answer is refused naming the field; the request stays open for a good one', async () => {
    const sent = await send(client, '/elicit.profile');
    const asked = await inputRequired(client, sent.executionId);
    const ids = { executionId: sent.executionId, requestId: asked.requestId };
    await assert.rejects(client.executions.respond.mutate({ ...ids, action: 'accept', content: { name: 'Ada', email: 'not-an-email' } }), /field "email" \(Email\) must match format "email"/);
    await assert.rejects(client.executions.respond.mutate({ ...ids, action: 'accept', content: { email: 'a@b.co' } }), /field "name" \(Full name\) is required/);
    await assert.rejects(client.executions.respond.mutate({ ...ids, action: 'accept', content: { name: 'Ada', email: 'a@b.co', color: 'pink' } }), /field "color" \(Colour\) must be one of "red", "green", "blue"/);
    await client.executions.respond.mutate({ ...ids, action: 'accept', content: { name: 'Ada', email: 'a@b.co' } });
    const all = await collect(client, sent.executionId);
    assert.equal(all.filter((e) => e.data.type === 'tool_input_answered').length, 1);
    assert.equal((received(all) as { action: string }).action, 'accept');
    // Answered once: a second answer is a CONFLICT.
    await assert.rejects(client.executions.respond.mutate({ ...ids, action: 'decline' }), /is not open/);
  });

  for (const action of ['decline', 'cancel'] as const) {
    it(`${action}: the server gets ${action} with no content, and the stream keeps it`, async () => {
      const sent = await send(client, '/elicit.profile');
      const asked = await inputRequired(client, sent.executionId);
      assert.deepEqual(await client.executions.respond.mutate({ executionId: sent.executionId, requestId: asked.requestId, action }), { requestId: asked.requestId, action });
      const all = await collect(client, sent.executionId);
      assert.deepEqual(received(all), { action });
      assert.deepEqual(typesOf(all).filter((type) => type.startsWith('tool_input')), ['tool_input_required', 'tool_input_answered']);
      assert.deepEqual(typesOf(all).slice(-2), ['tool_complete', 'done']);
    });
  }

  it('waiting for the user is not idle time: a gate with the same idle limit, started later, times out first', async () => {
    const sent = await send(client, '/elicit.profile');
    const asked = await inputRequired(client, sent.executionId);
    // The gate starts after the request opened, so its idle timer was armed later than the form's
    // last one: had the form's run kept its timer, it would have fired first.
    const gate = await send(client, '/hold name=idle-witness');
    const gateEvents = await collect(client, gate.executionId);
    assert.equal(gateEvents.find((e) => e.data.type === 'tool_error')?.data.type === 'tool_error' && (gateEvents.find((e) => e.data.type === 'tool_error')?.data as { error: { code: string } }).error.code, 'TIMEOUT');
    assert.equal((await client.executions.get.query({ executionId: sent.executionId })).status, 'running');
    await client.executions.respond.mutate({ executionId: sent.executionId, requestId: asked.requestId, action: 'accept', content: { name: 'Ada', email: 'a@b.co' } });
    const all = await collect(client, sent.executionId);
    assert.ok(!typesOf(all).includes('tool_error'), `the form's run failed: ${JSON.stringify(all.at(-2)?.data)}`);
  });

  it('a tool that returns while its question is open: the question is closed before the run ends', async () => {
    const sent = await send(client, '/elicit2025.abandon');
    const all = await collect(client, sent.executionId);
    const types = typesOf(all);
    // The server writes its question before its result on the one pipe, so the question is seen
    // while the call runs (one that came after the call would have no run to go to).
    assert.ok(types.includes('tool_input_required'), `no question in ${types.join(', ')}`);
    const asked = all.find((e) => e.data.type === 'tool_input_required')?.data;
    assert.ok(asked?.type === 'tool_input_required');
    assert.deepEqual(all.find((e) => e.data.type === 'tool_input_answered')?.data, { type: 'tool_input_answered', requestId: asked.requestId, action: 'cancel' });
    assert.deepEqual(types.slice(-3), ['tool_input_answered', 'tool_complete', 'done']);
    await assert.rejects(client.executions.respond.mutate({ executionId: sent.executionId, requestId: asked.requestId, action: 'decline' }), /is not open/);
  });

  it('cancelling the run closes its open request as cancel', async () => {
    const sent = await send(client, '/elicit.profile');
    const asked = await inputRequired(client, sent.executionId);
    await client.executions.cancel.mutate({ executionId: sent.executionId });
    const all = await collect(client, sent.executionId);
    assert.deepEqual(all.find((e) => e.data.type === 'tool_input_answered')?.data, { type: 'tool_input_answered', requestId: asked.requestId, action: 'cancel' });
    assert.deepEqual(typesOf(all).slice(-3), ['tool_complete', 'tool_error', 'done']);
  });

  it('URL mode: the stream gives the URL; "done" (accept) goes back with no content', async () => {
    const sent = await send(client, '/elicit.link elicitationId=el-accept');
    const asked = await inputRequired(client, sent.executionId);
    assert.deepEqual({ mode: asked.mode, url: asked.url, message: asked.message }, { mode: 'url', url: 'https://auth.example.com/consent?state=abc', message: 'Sign the form at the example site' });
    await assert.rejects(client.executions.respond.mutate({ executionId: sent.executionId, requestId: asked.requestId, action: 'accept', content: { x: 'y' } }), /without content/);
    await client.executions.respond.mutate({ executionId: sent.executionId, requestId: asked.requestId, action: 'accept' });
    assert.deepEqual(received(await collect(client, sent.executionId)), { action: 'accept' });
  });

  // Only 2025-11-25 has elicitationId and the completion notification.
  it('URL mode (2025-11-25): notifications/elicitation/complete from the server closes the request', async () => {
    const sent = await send(client, '/elicit2025.link elicitationId=el-done');
    const asked = await inputRequired(client, sent.executionId);
    const done = await send(client, '/elicit2025.link-done elicitationId=el-done');
    await collect(client, done.executionId);
    const all = await collect(client, sent.executionId);
    assert.deepEqual(all.find((e) => e.data.type === 'tool_input_answered')?.data, { type: 'tool_input_answered', requestId: asked.requestId, action: 'accept' });
    assert.deepEqual(received(all), { action: 'accept' });
  });

  it('URL elicitation required (-32042): the card asks for the URL, and once done the call is made again', async () => {
    const sent = await send(client, '/everything.trigger-url-elicitation url=https://example.com/after errorPath=true');
    const prerequisite = await inputRequired(client, sent.executionId);
    assert.deepEqual([prerequisite.mode, prerequisite.url], ['url', 'https://modelcontextprotocol.io']);
    await client.executions.respond.mutate({ executionId: sent.executionId, requestId: prerequisite.requestId, action: 'accept' });
    // The call again: now the tool asks by elicitation/create, for the URL it was given.
    const events = await collect(client, sent.executionId, { stopWhen: (event) => event.type === 'tool_input_required' && event.requestId !== prerequisite.requestId });
    const asked = events.at(-1)?.data;
    assert.ok(asked?.type === 'tool_input_required');
    assert.equal(asked.url, 'https://example.com/after');
    await client.executions.respond.mutate({ executionId: sent.executionId, requestId: asked.requestId, action: 'accept' });
    const all = await collect(client, sent.executionId);
    assert.deepEqual(typesOf(all).slice(-2), ['tool_complete', 'done']);
    assert.ok(!typesOf(all).includes('tool_error'));
  });

  it('URL elicitation required, cancelled: the server\'s error stands', async () => {
    const sent = await send(client, '/everything.trigger-url-elicitation url=https://example.com/never errorPath=true');
    const prerequisite = await inputRequired(client, sent.executionId);
    await client.executions.respond.mutate({ executionId: sent.executionId, requestId: prerequisite.requestId, action: 'cancel' });
    const all = await collect(client, sent.executionId);
    const error = all.find((e) => e.data.type === 'tool_error')?.data;
    assert.ok(error?.type === 'tool_error');
    assert.match(error.error.message, /requires browser-based authorization/);
  });

  it('server-everything: trigger-elicitation-request gets the answer with defaults', async () => {
    const sent = await send(client, '/everything.trigger-elicitation-request');
    const asked = await inputRequired(client, sent.executionId);
    assert.equal(asked.mode, 'form');
    const answer = await client.executions.respond.mutate({ executionId: sent.executionId, requestId: asked.requestId, action: 'accept', content: { name: 'Ada' } });
    assert.equal(answer.content?.firstLine, 'It was a dark and stormy night.');
    assert.equal(answer.content?.integer, 42);
    const all = await collect(client, sent.executionId);
    assert.deepEqual(typesOf(all).slice(-2), ['tool_complete', 'done']);
    assert.ok(!typesOf(all).includes('tool_error'));
  });
});

describe('elicitation over Streamable HTTP with two calls running at once', () => {
  let app: TestApp;
  let client: Client;
  let everything: Awaited<ReturnType<typeof startEverythingHttp>>;
  before(async () => {
    everything = await startEverythingHttp();
    app = await startTestApp({ config: { mcpServers: { remote: { url: everything.url } } } });
    client = sseClient(app.url);
  });
  after(async () => {
    await app.stop();
    everything.kill();
  });

  it("each request reaches the run whose call asked (the call's own response stream), and each answer its own call", async () => {
    // Two identical calls: were requests sent to the older run, the second would never see its own.
    const first = await send(client, '/remote.trigger-elicitation-request');
    const askedFirst = await inputRequired(client, first.executionId);
    const second = await send(client, '/remote.trigger-elicitation-request');
    const askedSecond = await inputRequired(client, second.executionId);
    await client.executions.respond.mutate({ executionId: second.executionId, requestId: askedSecond.requestId, action: 'accept', content: { name: 'Second' } });
    await client.executions.respond.mutate({ executionId: first.executionId, requestId: askedFirst.requestId, action: 'accept', content: { name: 'First' } });
    assert.match(outputOf(await collect(client, first.executionId)), /- Name: First\n/);
    assert.match(outputOf(await collect(client, second.executionId)), /- Name: Second\n/);
  });
});

describe("a model's tool call that asks", () => {
  let fake: FakeOpenAI;
  let app: TestApp;
  let client: Client;
  before(async () => {
    fake = await startFakeOpenAI();
    // The model's calls to the fixture run without approval, so the question is the first thing the user sees.
    app = await startTestApp({ config: { ai: aiConfigFor(fake), mcpServers: { elicit: elicitStdio() }, approvals: { servers: { elicit: 'auto' } } } });
    client = sseClient(app.url);
  });
  after(async () => {
    await app.stop();
    await fake.close();
  });

  it("the reply waits for the answer in the call's stream; the model gets what the server returned", async () => {
    fake.script({ steps: callTools([{ id: 'call_1', name: 'elicit__profile', arguments: '{}' }]) });
    const sent = await client.chat.send.mutate({ content: 'fill in my profile' });
    if (sent.type !== 'chat') throw new Error('not a chat message');
    const [call] = await collectReply(client, sent.messageId, { stopAfter: 1 });
    if (call?.data.type !== 'tool_call') throw new Error(`the reply began with ${call?.data.type}`);
    const asked = await inputRequired(client, call.data.executionId);
    fake.script({ steps: say('Thanks, Ada.') });
    await client.executions.respond.mutate({ executionId: call.data.executionId, requestId: asked.requestId, action: 'accept', content: { name: 'Ada', email: 'ada@example.com' } });
    assert.equal(textOf(await collectReply(client, sent.messageId)), 'Thanks, Ada.');
    const toolMessage = fake.requests.at(-1)?.body.messages.at(-1);
    assert.equal(toolMessage?.role, 'tool');
    assert.match(toolMessage?.content ?? '', /ada@example\.com/);
  });
});

describe('a restart while a request for input is open', () => {
  const servers: ServerProcess[] = [];
  after(async () => {
    for (const server of servers) await server.kill();
  });

  it('SIGKILL, start again: the request is closed as cancel, the run ends SERVER_RESTARTED, the replay and the record show the exchange', async () => {
    const dataDir = tempDir();
    const config = { mcpServers: { elicit: elicitStdio() } };
    const first = await spawnServer(dataDir, config);
    servers.push(first);
    const client = sseClient(first.url);
    const sent = await send(client, '/elicit.profile');
    const asked = await inputRequired(client, sent.executionId);
    await first.kill('SIGKILL');

    const second = await spawnServer(dataDir, config);
    servers.push(second);
    const again = sseClient(second.url);
    const all = await collect(again, sent.executionId);
    assert.deepEqual(typesOf(all).slice(-5), ['tool_input_required', 'tool_input_answered', 'tool_complete', 'tool_error', 'done']);
    assert.deepEqual(all.find((e) => e.data.type === 'tool_input_answered')?.data, { type: 'tool_input_answered', requestId: asked.requestId, action: 'cancel' });
    const error = all.find((e) => e.data.type === 'tool_error')?.data;
    assert.ok(error?.type === 'tool_error' && error.error.code === 'SERVER_RESTARTED' && error.error.recoverable);
    await assert.rejects(again.executions.respond.mutate({ executionId: sent.executionId, requestId: asked.requestId, action: 'decline' }), /is not open/);
    const [fragment] = await again.fragments.list.query({ conversationId: sent.conversationId, role: 'tool' });
    assert.deepEqual((fragment?.metadata.input_requests as unknown[] | undefined)?.length, 1);
  });
});
