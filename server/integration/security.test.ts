import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { errorBody } from './contract';
import { collect, sseClient, startTestApp, wsClient, type TestApp } from './harness';

/** With FRAGMENTS_TOKEN set nothing answers without it (but /healthz); foreign origins are refused. */
describe('token and origin checks', () => {
  let app: TestApp;
  const token = 'test-token-42';
  before(async () => {
    app = await startTestApp({ token });
  });
  after(() => app.stop());

  it('refuses every procedure without the token, over HTTP, SSE and WebSocket', async () => {
    await assert.rejects(sseClient(app.url).tools.list.query(), /missing or wrong token/);
    await assert.rejects(sseClient(app.url, 'wrong').chat.send.mutate({ content: '/echo text=x' }), /missing or wrong token/);
    const ws = wsClient(app.url);
    await assert.rejects(ws.client.tools.list.query(), /missing or wrong token/);
    await ws.close();
    const plain = await fetch(`${app.url}/trpc/tools.list`);
    assert.equal(plain.status, 401);
  });

  it('serves everything with the token: Bearer header, connectionParams over SSE and WebSocket, ?token= on a streamUrl', async () => {
    const client = sseClient(app.url, token);
    const sent = await client.chat.send.mutate({ content: '/echo text=secret' });
    if (sent.type !== 'tool_execution') return assert.fail('not a tool execution');
    // tool_started, tool_output, tool_complete, done
    assert.equal((await collect(client, sent.executionId)).length, 4);
    const ws = wsClient(app.url, token);
    assert.equal((await collect(ws.client, sent.executionId)).length, 4);
    await ws.close();
    const stream = await fetch(`${sent.streamUrl}&token=${token}`);
    assert.equal(stream.status, 200);
    assert.match(await stream.text(), /"content":"secret"/);
    const refused = await fetch(sent.streamUrl, { headers: { accept: 'text/event-stream' } });
    assert.equal(refused.status, 401);
    // The stream's refusal, before tRPC, has the shape tRPC's own UNAUTHORIZED has.
    const error = errorBody(await refused.text());
    assert.equal(error.data.code, 'UNAUTHORIZED');
    assert.equal(error.data.appCode, 'UNAUTHORIZED');
    assert.match(error.message, /missing or wrong token/);
  });

  it('refuses an oversized body with PAYLOAD_TOO_LARGE', async () => {
    const response = await fetch(`${app.url}/trpc/chat.send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ content: 'x'.repeat(3 * 1024 * 1024) }),
    });
    assert.equal(response.status, 413);
  });

  it('answers /healthz without the token', async () => {
    assert.equal((await fetch(`${app.url}/healthz`)).status, 200);
  });

  it('refuses requests and WebSocket upgrades from a foreign Origin, accepts its own', async () => {
    const foreign = await fetch(`${app.url}/trpc/tools.list`, { headers: { origin: 'http://evil.example', authorization: `Bearer ${token}` } });
    assert.equal(foreign.status, 403);
    assert.equal(errorBody(await foreign.text()).data.appCode, 'FOREIGN_ORIGIN');
    const own = await fetch(`${app.url}/trpc/tools.list`, { headers: { origin: app.url, authorization: `Bearer ${token}` } });
    assert.equal(own.status, 200);
    const status = await new Promise<number>((resolve) => {
      const socket = new WebSocket(`${app.url.replace('http', 'ws')}/trpc`, { origin: 'http://evil.example' });
      socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      socket.on('open', () => resolve(101));
      socket.on('error', () => undefined);
    });
    assert.equal(status, 403);
  });
});
