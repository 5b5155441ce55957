import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { collect, sseClient, startTestApp, type Client, type TestApp } from './harness';
import { errorBody } from './contract';
import { rawRequest, upgradeStatus } from './rawHttp';

const BOUNDARY = '----form';
/** What a cross-site `<form>` can send without a CORS preflight: the three "simple" content types. */
const FORMS: { type: string; body: string }[] = [
  { type: 'application/x-www-form-urlencoded', body: 'content=%2Fecho+text%3Dpwned' },
  { type: 'text/plain', body: JSON.stringify({ content: '/echo text=pwned' }) },
  {
    type: `multipart/form-data; boundary=${BOUNDARY}`,
    body: `--${BOUNDARY}\r\nContent-Disposition: form-data; name="content"\r\n\r\n/echo text=pwned\r\n--${BOUNDARY}--\r\n`,
  },
];

/** A page on another site can make the browser send requests; none of them may do or read anything. */
describe('cross-site requests (Origin, form posts)', () => {
  let app: TestApp;
  let client: Client;
  const stored = async () => (await client.fragments.list.query({ limit: 1000 })).length;
  const conversations = async () => (await client.conversations.list.query()).length;
  before(async () => {
    app = await startTestApp();
    client = sseClient(app.url);
  });
  after(() => app.stop());

  it('a form post to chat.send from another site (or Origin: null) is refused and stores nothing', async () => {
    const before = await stored();
    for (const origin of ['http://evil.example', 'null']) {
      for (const form of FORMS) {
        const response = await rawRequest(app.url, '/trpc/chat.send', { method: 'POST', headers: { origin, 'content-type': form.type }, body: form.body });
        assert.equal(response.status, 403, `${origin} ${form.type}`);
        assert.equal(errorBody(response.body).data.appCode, 'FOREIGN_ORIGIN');
      }
    }
    assert.equal(await stored(), before);
  });

  it('a mutation that is not Content-Type: application/json is refused even without an Origin (regression: multipart created a conversation)', async () => {
    const [fragmentsBefore, conversationsBefore] = [await stored(), await conversations()];
    for (const path of ['/trpc/chat.send', '/trpc/conversations.create']) {
      for (const form of [...FORMS, { type: '', body: '{}' }]) {
        const headers: Record<string, string> = form.type ? { 'content-type': form.type } : {};
        const response = await rawRequest(app.url, path, { method: 'POST', headers, body: form.body });
        assert.equal(response.status, 415, `${path} ${form.type || '(no content type)'}: ${response.body}`);
        assert.equal(errorBody(response.body).data.appCode, 'NOT_JSON');
      }
    }
    // A mutation is never a GET (an <img src> could send one).
    assert.equal((await rawRequest(app.url, '/trpc/conversations.create')).status, 405);
    assert.deepEqual([await stored(), await conversations()], [fragmentsBefore, conversationsBefore]);
    // What our clients send still works.
    const json = await rawRequest(app.url, '/trpc/conversations.create', { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body: '{}' });
    assert.equal(json.status, 200);
  });

  it('a foreign Origin is refused on the SSE fast path and tRPC SSE, and on WebSocket upgrades (Origin: null too)', async () => {
    const sent = await client.chat.send.mutate({ content: '/echo text=kept' });
    if (sent.type !== 'tool_execution') return assert.fail('not a tool execution');
    await collect(client, sent.executionId);
    const stream = new URL(sent.streamUrl);
    const sse = { accept: 'text/event-stream' };
    for (const origin of ['http://evil.example', 'null']) {
      const fast = await rawRequest(app.url, stream.pathname + stream.search, { headers: { ...sse, origin } });
      assert.equal(fast.status, 403, origin);
      assert.doesNotMatch(fast.body, /kept/);
      assert.match(errorBody(fast.body).message, /requests from origin .* are refused/);
      assert.equal((await rawRequest(app.url, `/trpc/chat.streamTool?input=${encodeURIComponent('{"executionId":"x"}')}`, { headers: { ...sse, origin } })).status, 403);
      assert.equal((await upgradeStatus(app.url, { origin })).status, 403, origin);
    }
    assert.equal((await rawRequest(app.url, stream.pathname + stream.search, { headers: { ...sse, origin: app.url } })).status, 200);
    assert.equal((await upgradeStatus(app.url, { origin: app.url })).status, 101);
  });
});
