/**
 * Issue 18 item 6, against a real server over both transports: a NUL in stored text reads back
 * whole through fragments.list's maxContentChars (SQLite's substr stopped at it), and a search
 * for any text is a 2xx or a 4xx, never a 500 (a NUL ended FTS5's query: "unterminated string").
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { rawRequest } from './rawHttp';
import { collect, edgeStdio, outputOf, sseClient, startTestApp, wsClient, type Client, type TestApp } from './harness';

const NUL_TEXT = '.\u0000./file.txt\u0000';

describe('stored text with NUL, and searches for any text', () => {
  let app: TestApp;
  let http: Client;
  let ws: { client: Client; close(): Promise<void> };
  let conversationId: string;

  before(async () => {
    app = await startTestApp();
    http = sseClient(app.url);
    ws = wsClient(app.url);
    const sent = await http.chat.send.mutate({ content: NUL_TEXT });
    conversationId = sent.conversationId;
  });
  after(async () => {
    await ws.close();
    await app.stop();
  });

  for (const [transport, client] of [['HTTP', () => http], ['WebSocket', () => ws.client]] as const) {
    it(`reads a NUL back whole with maxContentChars, and cuts after it (${transport})`, async () => {
      const [whole] = await client().fragments.list.query({ conversationId, role: 'user', maxContentChars: 1000 });
      assert.equal(whole?.content, NUL_TEXT);
      assert.equal(whole?.contentChars, undefined);
      const [cut] = await client().fragments.list.query({ conversationId, role: 'user', maxContentChars: 4 });
      assert.equal(cut?.content, '.\u0000./');
      assert.equal(cut?.contentChars, NUL_TEXT.length);
    });

    it(`answers a search for a NUL (${transport})`, async () => {
      const listed = await client().fragments.list.query({ query: '\u0000', conversationId, role: 'user' });
      assert.deepEqual(listed.map((f) => f.content), [NUL_TEXT]);
    });
  }

  it('answers any search text over HTTP with 2xx or 4xx, never 5xx', async () => {
    const unit = fc.oneof(fc.constantFrom('\u0000', '"', '*', '(', ')', ':', '^', '-', 'NEAR', '\ud800', '\udfff', ' '), fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)));
    await fc.assert(
      fc.asyncProperty(fc.string({ unit, maxLength: 40 }), async (query) => {
        const input = encodeURIComponent(JSON.stringify({ query, maxContentChars: 10 }));
        const answer = await rawRequest(app.url, `/trpc/fragments.list?input=${input}`);
        assert.ok(answer.status < 500, `query ${JSON.stringify(query)} answered ${answer.status}: ${answer.body}`);
      }),
      { numRuns: 150 },
    );
  });
});

/**
 * Lone surrogates (issue 18 item 6): what a user writes is refused at the edge with a clear error,
 * storing nothing; MCP text holding one is streamed and stored with a single U+FFFD in its place
 * (README, "Stored text"), the same live and stored.
 */
describe('lone surrogates', () => {
  let app: TestApp;
  let client: Client;

  before(async () => {
    app = await startTestApp({ config: { mcpServers: { edge: edgeStdio() } } });
    client = sseClient(app.url);
  });
  after(() => app.stop());

  const count = () => (app.services.db.prepare('SELECT (SELECT count(*) FROM fragments) + (SELECT count(*) FROM conversations) AS n').get() as { n: number }).n;
  const refusal = (error: unknown) => {
    assert.match(String((error as Error).message), /the (message|title) holds a lone UTF-16 surrogate/);
    assert.equal((error as { data?: { httpStatus?: number } }).data?.httpStatus, 400);
    return true;
  };

  it('refuses a message or a title with one, naming it, and stores nothing', async () => {
    const before = count();
    await assert.rejects(client.chat.send.mutate({ content: 'u\ud800u' }), refusal);
    await assert.rejects(client.chat.send.mutate({ content: '\udc00 alone' }), refusal);
    await assert.rejects(client.conversations.create.mutate({ title: 't\ud800' }), refusal);
    const made = await client.conversations.create.mutate({ title: 'ok' });
    await assert.rejects(client.conversations.rename.mutate({ id: made.id, title: 'x\udfffy' }), refusal);
    assert.equal(count(), before + 1);
    assert.equal((await client.conversations.list.query()).find((c) => c.id === made.id)?.title, 'ok');
  });

  it('keeps whole pairs: an emoji at the title’s cut reads back as sent', async () => {
    const content = `${'a'.repeat(59)}😀 and more`;
    const sent = await client.chat.send.mutate({ content });
    const conversation = (await client.conversations.list.query()).find((c) => c.id === sent.conversationId);
    assert.equal(conversation?.title, 'a'.repeat(59));
    const [fragment] = await client.fragments.list.query({ conversationId: sent.conversationId, role: 'user' });
    assert.equal(fragment?.content, content);
  });

  it('marks one in MCP output with a single U+FFFD, live and stored alike', async () => {
    const sent = await client.chat.send.mutate({ content: '/edge.lone' });
    if (sent.type !== 'tool_execution') return assert.fail('not a tool execution');
    assert.equal(outputOf(await collect(client, sent.executionId)), 'L\ufffdR');
    const [fragment] = await client.fragments.list.query({ conversationId: sent.conversationId, role: 'tool', maxContentChars: 100 });
    assert.equal(fragment?.content, 'L\ufffdR');
  });
});
