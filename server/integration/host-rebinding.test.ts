import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { collect, sseClient, startTestApp, type TestApp } from './harness';
import { errorBody } from './contract';
import { rawRequest, upgradeStatus } from './rawHttp';

const SSE = { accept: 'text/event-stream' };

/**
 * DNS rebinding: a page on rebind.example whose name now resolves to 127.0.0.1 talks to us as its
 * own origin (no Origin header on a GET), so only the Host header tells. Regression: with no token
 * on loopback, `GET /trpc/fragments.list` with `Host: rebind.example:<port>` answered 200 with
 * every fragment.
 */
describe('Host checks (DNS rebinding)', () => {
  let app: TestApp;
  let port: string;
  let streamPath: string;
  const rebind = () => `rebind.example:${port}`;
  before(async () => {
    app = await startTestApp();
    port = new URL(app.url).port;
    const client = sseClient(app.url);
    const sent = await client.chat.send.mutate({ content: '/echo text=private-note' });
    if (sent.type !== 'tool_execution') return assert.fail('not a tool execution');
    await collect(client, sent.executionId);
    streamPath = new URL(sent.streamUrl).pathname + new URL(sent.streamUrl).search;
  });
  after(() => app.stop());

  it('refuses a foreign Host with 421 on tRPC HTTP, naming the host and how to allow it (regression: 200 with every fragment)', async () => {
    const refused = await rawRequest(app.url, '/trpc/fragments.list', { headers: { host: rebind() } });
    assert.equal(refused.status, 421);
    assert.doesNotMatch(refused.body, /private-note/);
    const error = errorBody(refused.body);
    assert.equal(error.data.appCode, 'FOREIGN_HOST');
    assert.equal(error.data.httpStatus, 421);
    assert.match(error.message, /rebind\.example/);
    assert.match(error.message, /allowedHosts/);
    assert.match(error.message, /FRAGMENTS_ALLOWED_HOSTS/);
    const own = await rawRequest(app.url, '/trpc/fragments.list');
    assert.equal(own.status, 200);
    assert.match(own.body, /private-note/);
  });

  it('refuses it on /healthz, static files, both SSE paths and WebSocket upgrades', async () => {
    for (const path of ['/healthz', '/', '/index.html', '/assets/app.js', '/conversations/1']) {
      assert.equal((await rawRequest(app.url, path, { headers: { host: rebind() } })).status, 421, path);
    }
    // The direct SSE fast path (streamSse.ts) and tRPC's own SSE (an input it does not take).
    assert.equal((await rawRequest(app.url, streamPath, { headers: { ...SSE, host: rebind() } })).status, 421);
    assert.equal((await rawRequest(app.url, streamPath, { headers: SSE })).status, 200);
    const trpcSse = `/trpc/chat.streamTool?input=${encodeURIComponent(JSON.stringify({ executionId: 'not-an-id' }))}`;
    assert.equal((await rawRequest(app.url, trpcSse, { headers: { ...SSE, host: rebind() } })).status, 421);
    const ws = await upgradeStatus(app.url, { host: rebind() });
    assert.equal(ws.status, 421);
    assert.match(errorBody(ws.body, 'the refused upgrade').message, /allowedHosts/);
    assert.equal((await upgradeStatus(app.url, {})).status, 101);
  });

  it('answers its own names: the bound address, localhost and [::1] with its port or none; no other port', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LocalHost:${port}`, `[::1]:${port}`, 'localhost', '127.0.0.1']) {
      assert.equal((await rawRequest(app.url, '/healthz', { headers: { host } })).status, 200, host);
    }
    for (const host of ['localhost:1', `127.0.0.2:${port}`, `127.1:${port}`, `localhost.:${port}`, `evil.localhost:${port}`, `user@localhost:${port}`, `0.0.0.0:${port}`]) {
      assert.equal((await rawRequest(app.url, '/healthz', { headers: { host } })).status, 421, host);
    }
  });
});

describe('allowedHosts', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp({ config: { allowedHosts: ['chat.example.com'] } });
  });
  after(() => app.stop());

  it('serves a configured name on any port (a reverse proxy), and still refuses others', async () => {
    for (const host of ['chat.example.com', 'chat.example.com:443', 'CHAT.example.com:8443']) {
      assert.equal((await rawRequest(app.url, '/trpc/fragments.list', { headers: { host } })).status, 200, host);
    }
    assert.equal((await upgradeStatus(app.url, { host: 'chat.example.com' })).status, 101);
    assert.equal((await rawRequest(app.url, '/trpc/fragments.list', { headers: { host: 'other.example.com' } })).status, 421);
  });
});
