/**
 * The direct WebSocket writer (server/http/streamWs.ts) serves chat.streamTool and chat.streamReply
 * itself, claiming tRPC's own messages. This test holds it to that, message for message: the same
 * finished stream is read over a raw WebSocket from the app (direct writer in front of tRPC) and
 * from a server that has only tRPC's WebSocket handler (same router, same services, same SQLite),
 * and the messages must be equal. `directWsStats` proves the app's answers came from the direct
 * writer, and the cases it must decline (a refused token, an unknown stream) still get tRPC's answer.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { applyWSSHandler } from '@trpc/server/adapters/ws';
import { WebSocket, WebSocketServer } from 'ws';
import { RequestErrorShapeSchema } from '../../shared/errors';
import { makeCreateContext } from '../http/context';
import { directWsStats } from '../http/streamWs';
import { createAuth } from '../http/token';
import { appRouter } from '../routers/_app';
import { replyEvent, toolEvent } from './contract';
import { createGates, eventually } from './gate';
import { pruneEventLog } from '../streams/retention';
import { collect, edgeStdio, sseClient, startTestApp, type Client, type TestApp } from './harness';

/** Sends `frame` on a fresh socket and returns every text message until each of `ids` is stopped or failed. */
async function exchange(base: string, frames: unknown[], ids: (string | number)[], query = ''): Promise<string[]> {
  const ws = new WebSocket(`${base.replace('http', 'ws')}/trpc${query}`);
  await once(ws, 'open');
  const messages: string[] = [];
  const open = new Set(ids);
  const finished = new Promise<void>((resolve, reject) => {
    ws.on('message', (data) => {
      const text = data.toString();
      if (text === 'PING') return ws.send('PONG');
      messages.push(text);
      const message = JSON.parse(text) as { id: string | number | null; result?: { type: string }; error?: unknown };
      if (message.id !== null && (message.error || message.result?.type === 'stopped')) open.delete(message.id);
      if (open.size === 0) resolve();
    });
    ws.on('close', () => reject(new Error(`socket closed with ${open.size} subscription(s) open: ${messages.join('\n')}`)));
  });
  for (const frame of frames) ws.send(JSON.stringify(frame));
  await finished;
  ws.close();
  return messages;
}

const subscribe = (id: number, path: string, input: unknown, lastEventId?: string) => ({ id, method: 'subscription', params: { path, input, ...(lastEventId ? { lastEventId } : {}) } });

describe('the direct WebSocket writer sends the messages tRPC sends', () => {
  const gates = createGates();
  let app: TestApp;
  let client: Client;
  let trpcOnly: { url: string; server: Server; wss: WebSocketServer };

  before(async () => {
    app = await startTestApp({ extraTools: [gates.tool] });
    client = sseClient(app.url);
    const server = createServer();
    const wss = new WebSocketServer({ server });
    applyWSSHandler({ wss, router: appRouter, createContext: makeCreateContext({ services: app.services, auth: createAuth(undefined) }) });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    trpcOnly = { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, wss };
  });
  after(async () => {
    for (const socket of trpcOnly.wss.clients) socket.terminate();
    trpcOnly.server.close();
    await app.stop();
  });

  async function assertSameMessages(frames: unknown[], ids: number[], served: number): Promise<string[]> {
    const before = directWsStats.served;
    const direct = await exchange(app.url, frames, ids);
    assert.equal(directWsStats.served - before, served, 'the direct writer did not serve what it should have');
    const trpc = await exchange(trpcOnly.url, frames, ids);
    // Two subscriptions in one socket interleave as they please: compare each one's messages in order.
    for (const id of ids) {
      const of = (messages: string[]) => messages.filter((m) => (JSON.parse(m) as { id: unknown }).id === id);
      assert.deepEqual(of(direct), of(trpc), `subscription ${id}: the direct writer's messages differ from tRPC's`);
    }
    assert.equal(direct.length, trpc.length);
    return direct;
  }

  const eventsIn = (messages: string[]) =>
    messages.map((m) => JSON.parse(m) as { result?: { type: string; id?: string; data?: { id: string; data: unknown } } }).filter((m) => m.result?.type === 'data');

  it('a finished run: started, every event with its id, stopped', async () => {
    const sent = await client.chat.send.mutate({ content: '/count to=5 intervalMs=0' });
    if (sent.type !== 'tool_execution') return assert.fail('not a tool execution');
    const events = await collect(client, sent.executionId);
    const messages = await assertSameMessages([subscribe(1, 'chat.streamTool', { executionId: sent.executionId })], [1], 1);
    assert.equal(messages[0], '{"id":1,"result":{"type":"started"}}');
    assert.equal(messages.at(-1), '{"id":1,"result":{"type":"stopped"}}');
    const data = eventsIn(messages);
    assert.deepEqual(data.map((m) => m.result?.id), events.map((e) => e.id));
    for (const m of data) toolEvent(m.result?.data?.data, 'a direct WebSocket event');
  });

  it('a resumed read (lastEventId) and a batch: one served, one declined to tRPC (an unknown execution)', async () => {
    const sent = await client.chat.send.mutate({ content: '/count to=5 intervalMs=0' });
    if (sent.type !== 'tool_execution') return assert.fail('not a tool execution');
    const events = await collect(client, sent.executionId);
    const after = events.at(-3)?.id ?? assert.fail('too few events');
    const batch = [subscribe(7, 'chat.streamTool', { executionId: sent.executionId }, after), subscribe(8, 'chat.streamTool', { executionId: 'exe_missing' })];
    const messages = await assertSameMessages([batch], [7, 8], 1);
    assert.deepEqual(eventsIn(messages).map((m) => m.result?.id), events.slice(-2).map((e) => e.id));
    assert.ok(messages.some((m) => m.includes('"id":8') && m.includes('NOT_FOUND')), messages.join('\n'));
  });

  it('leaves a path that is a key every object has (constructor) to tRPC, which says it is not found', async () => {
    const messages = await assertSameMessages([subscribe(4, 'constructor', { executionId: 'exe_x' })], [4], 0);
    assert.match(messages[0] ?? '', /NOT_FOUND/);
  });

  it('an AI reply stream (chat.streamReply), with a jsonrpc id', async () => {
    const sent = await client.chat.send.mutate({ content: 'hello' });
    if (sent.type !== 'chat') return assert.fail('not a chat message');
    await new Promise<void>((resolve, reject) => {
      const sub = client.chat.streamReply.subscribe({ messageId: sent.messageId }, { onData: (e) => e.data.type === 'done' && (sub.unsubscribe(), resolve()), onError: reject });
    });
    const messages = await assertSameMessages([{ ...subscribe(3, 'chat.streamReply', { messageId: sent.messageId }), jsonrpc: '2.0' }], [3], 1);
    assert.ok(messages.every((m) => m.startsWith('{"id":3,"jsonrpc":"2.0",')), messages[0]);
    for (const m of eventsIn(messages)) replyEvent(m.result?.data?.data, 'a direct WebSocket reply event');
  });

  it('subscription.stop ends a live stream with stopped and frees its slot', async () => {
    const sent = await client.chat.send.mutate({ content: '/hold name=ws-stop' });
    if (sent.type !== 'tool_execution') return assert.fail('not a tool execution');
    const ws = new WebSocket(`${app.url.replace('http', 'ws')}/trpc`);
    await once(ws, 'open');
    const types: string[] = [];
    const stopped = new Promise<void>((resolve) => {
      ws.on('message', (data) => {
        const message = JSON.parse(data.toString()) as { result?: { type: string } };
        types.push(message.result?.type ?? 'other');
        // The first event is the run's "holding" line: the stream is live, now stop it.
        if (message.result?.type === 'data' && types.filter((t) => t === 'data').length === 1) ws.send(JSON.stringify({ id: 5, method: 'subscription.stop' }));
        if (message.result?.type === 'stopped') resolve();
      });
    });
    ws.send(JSON.stringify(subscribe(5, 'chat.streamTool', { executionId: sent.executionId })));
    await stopped;
    assert.equal(types[0], 'started');
    assert.equal(types.at(-1), 'stopped');
    assert.equal(app.services.log.waiterCount(), 0, 'the stopped reader is still parked on the stream');
    ws.close();
    gates.release('ws-stop');
    await collect(client, sent.executionId);
  });
});

describe('the direct WebSocket writer and a token', () => {
  let app: TestApp;
  const token = 'ws-contract-token-0123456789';
  before(async () => {
    app = await startTestApp({ token });
  });
  after(() => app.stop());

  it('serves a connection that gave the token in connectionParams, and leaves a wrong token to tRPC', async () => {
    const client = sseClient(app.url, token);
    const sent = await client.chat.send.mutate({ content: '/echo text=hi' });
    if (sent.type !== 'tool_execution') return assert.fail('not a tool execution');
    await collect(client, sent.executionId);
    const sub = subscribe(1, 'chat.streamTool', { executionId: sent.executionId });
    const before = directWsStats.served;
    const good = await exchange(app.url, [{ method: 'connectionParams', data: { token } }, sub], [1], '?connectionParams=1');
    assert.equal(directWsStats.served - before, 1);
    assert.equal(good.at(-1), '{"id":1,"result":{"type":"stopped"}}');
    const bad = await exchange(app.url, [{ method: 'connectionParams', data: { token: 'wrong' } }, sub], [1], '?connectionParams=1');
    assert.equal(directWsStats.served - before, 1, 'a connection with a wrong token was served directly');
    assert.match(bad[0] ?? '', /UNAUTHORIZED/);
  });
});

describe('the direct WebSocket writer hands a stream that fails midway to tRPC', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp({ config: { mcpServers: { edge: edgeStdio() } } });
  });
  after(() => app.stop());

  it('retention removes the events under a paused reader: the client gets what was sent, then tRPC\'s STREAM_PRUNED, no event twice', { timeout: 120_000 }, async () => {
    const client = sseClient(app.url);
    const sent = await client.chat.send.mutate({ content: `/edge.big chars=${20 * 1024 * 1024}` });
    if (sent.type !== 'tool_execution') return assert.fail('not a tool execution');
    await collect(client, sent.executionId);

    const ws = new WebSocket(`${app.url.replace('http', 'ws')}/trpc`);
    await once(ws, 'open');
    const ids: number[] = [];
    const ended = new Promise<{ error?: unknown; result?: { type: string } }>((resolve) => {
      ws.on('message', (data) => {
        const text = data.toString();
        if (text === 'PING') return void ws.send('PONG');
        const message = JSON.parse(text) as { id: number; error?: unknown; result?: { type: string; id?: string } };
        if (message.result?.type === 'data') ids.push(Number(message.result.id));
        if (message.error || message.result?.type === 'stopped') resolve(message);
      });
    });
    const before = { ...directWsStats };
    ws.send(JSON.stringify(subscribe(1, 'chat.streamTool', { executionId: sent.executionId })));
    // Stop reading: once the server's buffer for this socket is full (ROOM_BYTES), the direct reader waits for room.
    const raw = (ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    raw.pause();
    assert.ok(await eventually(() => app.readerMemory().waiting === 1), 'the direct reader never waited for the paused socket');
    assert.equal(directWsStats.served - before.served, 1, 'the direct writer did not take the subscription');

    // A clock 91 days on: the finished stream's events go (the default keeps 90 days).
    assert.equal(await pruneEventLog(app.services.db, app.services.config.limits, Date.now() + 91 * 24 * 3600 * 1000), 1);
    raw.resume();
    const last = await ended;
    ws.close();

    assert.ok(last.error, JSON.stringify(last));
    assert.equal(RequestErrorShapeSchema.parse(last.error).data.appCode, 'STREAM_PRUNED', JSON.stringify(last));
    assert.equal(directWsStats.handedOver - before.handedOver, 1, 'the failure did not go to tRPC');
    assert.ok(ids.length > 0, 'nothing was sent before the events were removed');
    assert.deepEqual(ids, Array.from({ length: ids.length }, (_, i) => i + 1), 'events were repeated, skipped or out of order');
  });
});
