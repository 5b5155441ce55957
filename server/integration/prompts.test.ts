import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TRPCClientError } from '@trpc/client';
import { aiConfigFor, say, startFakeOpenAI, type FakeOpenAI } from './fixtures/openai-server';
import { collect, everythingStdio, libraryStdio, sseClient, startTestApp, type Client, type TestApp } from './harness';
import { collectReply, textOf } from './replyStream';

/** Issue 21 item 5: MCP prompts in `/prompt`, fetched with prompts/get, their messages the user's turn for the model. */
describe('MCP prompts', () => {
  let fake: FakeOpenAI;
  let app: TestApp;
  let client: Client;

  before(async () => {
    fake = await startFakeOpenAI();
    app = await startTestApp({
      config: {
        ai: aiConfigFor(fake),
        // `broken` exits at once: it never connects.
        mcpServers: { everything: everythingStdio(), library: libraryStdio(), broken: { command: process.execPath, args: ['-e', 'process.exit(4)'] } },
      },
    });
    client = sseClient(app.url);
  });
  after(async () => {
    await app.stop();
    await fake.close();
  });

  const refusal = async (content: string, conversationId?: string): Promise<{ code: string | undefined; message: string }> => {
    const error = await client.chat.send.mutate({ content, conversationId }).then(
      () => assert.fail(`${content} was not refused`),
      (caught: unknown) => caught,
    );
    assert.ok(error instanceof TRPCClientError);
    return { code: error.data?.code, message: error.message };
  };

  it('lists every prompt of every server, all pages, with their arguments', async () => {
    const prompts = await client.prompts.list.query();
    const names = prompts.map((prompt) => prompt.name);
    for (const name of ['everything.simple-prompt', 'everything.args-prompt', 'everything.resource-prompt']) assert.ok(names.includes(name), `${name} in ${names}`);
    // The library serves two prompts a page: all four pages' worth are there, in order.
    assert.deepEqual(names.filter((name) => name.startsWith('library.')), ['library.greet', 'library.review', 'library.mixed', 'library.empty']);
    const args = prompts.find((prompt) => prompt.name === 'everything.args-prompt');
    assert.deepEqual(args?.arguments, [
      { name: 'city', description: 'Name of the city', required: true },
      { name: 'state', required: false }, // server-everything loses the description of an optional argument
    ]);
    assert.equal(args?.server, 'everything');
    assert.equal(args?.prompt, 'args-prompt');
  });

  it('sends a prompt’s messages to the model as the user’s turn, and stores them', async () => {
    fake.script({ steps: say('Sunny in Paris.') });
    const sent = await client.chat.send.mutate({ content: '/prompt everything.args-prompt city=Paris state="Île-de-France"' });
    assert.equal(sent.type, 'chat');
    if (sent.type !== 'chat') return;
    assert.equal(textOf(await collectReply(client, sent.messageId)), 'Sunny in Paris.');
    const request = await fake.request(fake.requests.length - 1);
    assert.deepEqual(request.body.messages, [{ role: 'user', content: "What's weather in Paris, Île-de-France?" }]);

    const [user] = await client.fragments.list.query({ conversationId: sent.conversationId });
    assert.equal(user?.content, "What's weather in Paris, Île-de-France?");
    assert.deepEqual(user?.metadata.prompt, {
      name: 'everything.args-prompt',
      arguments: { city: 'Paris', state: 'Île-de-France' },
      messages: [{ role: 'user', content: "What's weather in Paris, Île-de-France?" }],
    });

    // The next message in that conversation carries the prompt's turn as history.
    fake.script({ steps: say('Still sunny.') });
    const next = await client.chat.send.mutate({ content: 'and tomorrow?', conversationId: sent.conversationId });
    if (next.type === 'chat') await collectReply(client, next.messageId);
    const second = await fake.request(fake.requests.length - 1);
    assert.deepEqual(second.body.messages.map((m) => [m.role, m.content]), [
      ['user', "What's weather in Paris, Île-de-France?"],
      ['assistant', 'Sunny in Paris.'],
      ['user', 'and tomorrow?'],
    ]);
  });

  it('keeps roles and says what it left out: an assistant message, an image, a binary resource, an embedded text resource', async () => {
    fake.script({ steps: say('Red.') });
    const sent = await client.chat.send.mutate({ content: '/prompt library.mixed' });
    if (sent.type === 'chat') await collectReply(client, sent.messageId);
    const mixed = (await fake.request(fake.requests.length - 1)).body.messages;
    assert.deepEqual(mixed.map((m) => m.role), ['user', 'assistant', 'user']);
    assert.match(String(mixed[0]?.content), /^Here is the picture\.\n\n\[image \(image\/png, \d+ bytes\): left out, the model reads text only\]$/);
    assert.equal(mixed[1]?.content, 'I see a red dot.');
    assert.match(String(mixed[2]?.content), /^\[binary resource lib:\/\/files\/data\.bin \(application\/octet-stream\), 3 bytes: left out/);

    fake.script({ steps: say('Analysed.') });
    const embedded = await client.chat.send.mutate({ content: '/prompt everything.resource-prompt resourceType=Text resourceId=1' });
    if (embedded.type === 'chat') await collectReply(client, embedded.messageId);
    const [message] = (await fake.request(fake.requests.length - 1)).body.messages;
    assert.match(String(message?.content), /Please analyze the following resource:\n\nResource demo:\/\/resource\/dynamic\/text\/1 \(text\/plain\):\nResource 1: This is a plaintext resource/);
  });

  it('refuses missing, unknown or refused arguments and unknown prompts, naming them, and stores nothing', async () => {
    const before = await client.conversations.list.query();
    const requests = fake.requests.length;
    const both = await refusal('/prompt library.review');
    assert.equal(both.code, 'BAD_REQUEST');
    assert.match(both.message, /invalid arguments for prompt library\.review: missing required argument "file"; missing required argument "focus"/);
    assert.match((await refusal('/prompt library.review file=a.ts')).message, /missing required argument "focus"$/);
    assert.match((await refusal('/prompt library.greet name=Ann mood=glad')).message, /unknown argument "mood"/);
    assert.match((await refusal('/prompt everything.args-prompt town=Paris')).message, /missing required argument "city"; unknown argument "town"/);
    assert.match((await refusal('/prompt everything.arg-prompt')).message, /did you mean \/prompt everything\.args-prompt/);
    assert.match((await refusal('/prompt library.gret name=Ann')).message, /unknown prompt "library\.gret" — did you mean \/prompt library\.greet/);
    assert.match((await refusal('/prompt')).message, /which prompt\? type \/prompt <server>\.<prompt>/);
    // The server's own refusal (prompts/get fails) and a prompt with nothing in it.
    assert.match((await refusal('/prompt everything.resource-prompt resourceType=Video resourceId=1')).message, /MCP server "everything" (refused|answered) the prompt "resource-prompt"/);
    const empty = await refusal('/prompt library.empty');
    assert.equal(empty.code, 'BAD_GATEWAY');
    assert.match(empty.message, /the prompt "library\.empty" gave no messages/);
    // A server that is not connected is tried again, and the refusal says why it still is not.
    const down = await refusal('/prompt broken.anything');
    assert.equal(down.code, 'SERVICE_UNAVAILABLE');
    assert.match(down.message, /could not connect to MCP server "broken"/);
    // Into an existing conversation: still nothing stored there.
    const conversation = await client.conversations.create.mutate({ title: 'kept' });
    await refusal('/prompt library.review file=a.ts', conversation.id);
    assert.deepEqual(await client.fragments.list.query({ conversationId: conversation.id }), []);
    assert.deepEqual((await client.conversations.list.query()).length, before.length + 1);
    assert.equal(fake.requests.length, requests, 'the model was never asked');
  });

  it('follows notifications/prompts/list_changed', async () => {
    assert.ok(!(await client.prompts.list.query()).some((prompt) => prompt.name === 'library.late'));
    const run = await client.chat.send.mutate({ content: '/library.add-prompt name=late' });
    assert.equal(run.type, 'tool_execution');
    if (run.type === 'tool_execution') await collect(client, run.executionId);
    // add-prompt answers only once the app has listed the prompts again (library-server.ts).
    const late = (await client.prompts.list.query()).find((prompt) => prompt.name === 'library.late');
    assert.deepEqual(late, { name: 'library.late', server: 'library', prompt: 'late', description: 'Added while running: late', arguments: [] });
  });
});

/** The same on a server that speaks only 2026-07-28: no session, list changes on subscriptions/listen. */
describe('MCP prompts and resources on 2026-07-28', () => {
  let fake: FakeOpenAI;
  let app: TestApp;
  let client: Client;

  before(async () => {
    fake = await startFakeOpenAI();
    app = await startTestApp({ config: { ai: aiConfigFor(fake), mcpServers: { library: libraryStdio('2026') } } });
    client = sseClient(app.url);
  });
  after(async () => {
    await app.stop();
    await fake.close();
  });

  it('lists, fetches and refuses prompts, follows their list changes, and reads resources', { timeout: 120_000 }, async () => {
    const [server] = await client.tools.servers.query();
    assert.equal(server?.protocolVersion, '2026-07-28');
    assert.deepEqual((await client.prompts.list.query()).map((prompt) => prompt.name), ['library.greet', 'library.review', 'library.mixed', 'library.empty']);

    fake.script({ steps: say('Hello, Ann!') });
    const sent = await client.chat.send.mutate({ content: '/prompt library.greet name=Ann tone=warm' });
    if (sent.type === 'chat') assert.equal(textOf(await collectReply(client, sent.messageId)), 'Hello, Ann!');
    assert.deepEqual((await fake.request(fake.requests.length - 1)).body.messages, [{ role: 'user', content: 'Please greet Ann in a warm tone.' }]);
    await assert.rejects(client.chat.send.mutate({ content: '/prompt library.review focus=naming' }), /missing required argument "file"/);

    const run = await client.chat.send.mutate({ content: '/library.add-prompt name=late' });
    if (run.type === 'tool_execution') await collect(client, run.executionId);
    assert.ok((await client.prompts.list.query()).some((prompt) => prompt.name === 'library.late'));

    const read = await client.resources.read.query({ server: 'library', uri: 'lib://files/data.bin' });
    assert.deepEqual(read.contents, [{ uri: 'lib://files/data.bin', mimeType: 'application/octet-stream', blob: 'AAEC/f7/' }]);
    const page = await client.resources.list.query({ server: 'library', cursor: '2' });
    assert.deepEqual(page.resources.map((r) => r.uri), ['lib://files/data.bin', 'lib://images/evil.svg']);
  });
});
