/**
 * The SSE fast path (server/http/streamSse.ts) writes chat.streamTool and chat.streamReply to the
 * socket itself, claiming tRPC's own wire format. This test holds it to that, byte for byte: the
 * same finished stream is read raw from a server that has only the fast path and from one that has
 * only tRPC's handler (same router, same services, same SQLite), and the bodies must be equal.
 *
 * Stripped before comparing, and nothing else: ping events (`event: ping`), which each writer sends
 * on its own idle timer. Also compared: the status and the four SSE headers tRPC sets.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { makeCreateContext } from '../http/context';
import { createAuth } from '../http/token';
import { serveStreamSse } from '../http/streamSse';
import { appRouter } from '../routers/_app';
import { replyEvent, toolEvent } from './contract';
import { createGates } from './gate';
import { collect, sseClient, startTestApp, type Client, type TestApp } from './harness';

/** A ping block exactly as tRPC writes it: an `event:` line, an empty `data:` line, then its `\n\n`. */
const PING = /event: ping\ndata: \n\n\n/g;
const SSE_HEADERS = ['content-type', 'cache-control', 'x-accel-buffering', 'connection'];

interface Raw {
  status: number;
  headers: Record<string, string | null>;
  body: string;
}

async function listen(handler: RequestListener): Promise<{ url: string; server: Server }> {
  const server = createServer(handler);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** The whole response of a subscription over SSE: both writers end it after the stream's `done`. */
async function readRaw(base: string, path: string, input: unknown, headers: Record<string, string> = {}): Promise<Raw> {
  const url = `${base}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`;
  const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers } });
  const body = Buffer.from(await response.arrayBuffer()).toString('utf8');
  return {
    status: response.status,
    headers: Object.fromEntries(SSE_HEADERS.map((name) => [name, response.headers.get(name)])),
    body: body.replace(PING, ''),
  };
}

describe('the SSE fast path writes the bytes tRPC writes', () => {
  const gates = createGates();
  let app: TestApp;
  let client: Client;
  let fastOnly: Awaited<ReturnType<typeof listen>>;
  let trpcOnly: Awaited<ReturnType<typeof listen>>;

  before(async () => {
    app = await startTestApp({ extraTools: [gates.tool] });
    client = sseClient(app.url);
    // Declining is a failure here: every request below is one the fast path must take.
    fastOnly = await listen((req, res) => {
      if (!serveStreamSse(req, res, app.services.log)) res.writeHead(404).end('the fast path declined this request');
    });
    const createContext = makeCreateContext({ services: app.services, auth: createAuth(undefined) });
    trpcOnly = await listen(createHTTPHandler({ router: appRouter, createContext, basePath: '/trpc/' }));
  });
  after(async () => {
    fastOnly.server.closeAllConnections();
    trpcOnly.server.closeAllConnections();
    fastOnly.server.close();
    trpcOnly.server.close();
    await app.stop();
  });

  async function assertSameBytes(path: string, input: unknown, headers: Record<string, string> = {}): Promise<string> {
    const fast = await readRaw(fastOnly.url, path, input, headers);
    const trpc = await readRaw(trpcOnly.url, path, input, headers);
    assert.equal(fast.status, 200, fast.body);
    assert.equal(fast.body, trpc.body, `${path} ${JSON.stringify(input)}: the fast path's bytes differ from tRPC's`);
    assert.deepEqual(fast.headers, trpc.headers);
    assert.equal(trpc.status, 200);
    // The app itself (fast path in front of tRPC) answers the same.
    assert.equal((await readRaw(app.url, path, input, headers)).body, fast.body);
    // Every event's data is a shared event (the connected frame's data is tRPC's, not ours).
    const parse = path === 'chat.streamReply' ? replyEvent : toolEvent;
    for (const [, data] of fast.body.matchAll(/^data: (\{"type":.*)$/gm)) parse(JSON.parse(data ?? ''), `${path} raw event`);
    return fast.body;
  }

  it('a finished run: connected, every event with its id, then return', async () => {
    const sent = await client.chat.send.mutate({ content: '/count to=5 intervalMs=0' });
    if (sent.type !== 'tool_execution') return assert.fail('not a tool execution');
    const events = await collect(client, sent.executionId);
    const body = await assertSameBytes('chat.streamTool', { executionId: sent.executionId });
    // Not vacuous: the body holds every event the tRPC client saw, framed as tRPC frames it.
    assert.ok(body.startsWith('event: connected\ndata: {"reconnectAfterInactivityMs":20000}\n\n'), body);
    assert.ok(body.endsWith('event: return\ndata: \n\n\n'), body);
    assert.deepEqual([...body.matchAll(/^id: (\d+)$/gm)].map((m) => m[1]), events.map((e) => e.id));
  });

  it('a cancelled run, whose stream ends with tool_error CANCELLED and done', async () => {
    const sent = await client.chat.send.mutate({ content: '/hold name=contract-cancel' });
    if (sent.type !== 'tool_execution') return assert.fail('not a tool execution');
    const events = await collect(client, sent.executionId, {
      onEvent: (event) => {
        if (event.data.type === 'tool_output') void client.executions.cancel.mutate({ executionId: sent.executionId });
      },
    });
    assert.ok(events.some((e) => e.data.type === 'tool_error' && e.data.error.code === 'CANCELLED'));
    const body = await assertSameBytes('chat.streamTool', { executionId: sent.executionId });
    assert.match(body, /"code":"CANCELLED"/);
  });

  it('a resumed read, by lastEventId in the input and by a Last-Event-ID header', async () => {
    const sent = await client.chat.send.mutate({ content: '/count to=5 intervalMs=0' });
    if (sent.type !== 'tool_execution') return assert.fail('not a tool execution');
    const events = await collect(client, sent.executionId);
    const after = events.at(-3)?.id ?? assert.fail('too few events');
    const byInput = await assertSameBytes('chat.streamTool', { executionId: sent.executionId, lastEventId: after });
    const byHeader = await assertSameBytes('chat.streamTool', { executionId: sent.executionId }, { 'last-event-id': after });
    assert.equal(byHeader, byInput);
    assert.deepEqual([...byInput.matchAll(/^id: (\d+)$/gm)].map((m) => m[1]), events.slice(-2).map((e) => e.id));
  });

  it('an AI reply stream (chat.streamReply)', async () => {
    const sent = await client.chat.send.mutate({ content: 'hello' });
    if (sent.type !== 'chat') return assert.fail('not a chat message');
    await new Promise<void>((resolve, reject) => {
      const sub = client.chat.streamReply.subscribe(
        { messageId: sent.messageId },
        { onData: (event) => event.data.type === 'done' && (sub.unsubscribe(), resolve()), onError: reject },
      );
    });
    const body = await assertSameBytes('chat.streamReply', { messageId: sent.messageId });
    assert.match(body, /"type":"reply_complete"/);
  });
});
