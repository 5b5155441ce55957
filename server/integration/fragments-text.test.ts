/**
 * Issue 18 item 6, against a real server over both transports: a NUL in stored text reads back
 * whole through fragments.list's maxContentChars (SQLite's substr stopped at it), and a search
 * for any text is a 2xx or a 4xx, never a 500 (a NUL ended FTS5's query: "unterminated string").
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { rawRequest } from './rawHttp';
import { sseClient, startTestApp, wsClient, type Client, type TestApp } from './harness';

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
