import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createTRPCClient, createWSClient, wsLink } from '@trpc/client';
import { initTRPC, tracked } from '@trpc/server';
import { applyWSSHandler } from '@trpc/server/adapters/ws';
import WebSocket, { WebSocketServer } from 'ws';
import { z } from 'zod';
import { LeanWsClient } from './lean-ws';

/**
 * The lean WebSocket reader against tRPC's own ws adapter, side by side with wsLink on the same
 * subscription: the same values in the same order, tracked and untracked, multi-byte text, and the
 * adapter's PING answered: the server counts the PONGs each connection sends. (The adapter's
 * pongWaitMs is only a backstop here: at 60 ms a loaded box terminated the socket before the client
 * had run at all, and the subscription never ended.)
 */
const EVENTS = [
  { type: 'tool_output', content: 'c0@1720000000000.123+0.456; héllo ✓ 🚀' },
  { type: 'tool_progress', progress: 1, message: 'c1@1720000000100.5+0.1; 日本語' },
  { type: 'done', status: 'completed' },
];

const t = initTRPC.create();
const router = t.router({
  chat: t.router({
    streamTool: t.procedure.input(z.object({ executionId: z.string() })).subscription(async function* ({ input }) {
      // Long enough for the adapter's keep-alive to ping several times.
      await new Promise((resolve) => setTimeout(resolve, 300));
      for (const [i, event] of EVENTS.entries()) yield input.executionId === 'untracked' ? event : tracked(String(i + 1), event);
    }),
  }),
});

let url = '';
let close = () => undefined as unknown;
/** PONG messages received, by the path each client connected with. */
const pongs = new Map<string, number>();
before(async () => {
  const server = createServer();
  const wss = new WebSocketServer({ server });
  const handler = applyWSSHandler({ wss, router, keepAlive: { enabled: true, pingMs: 40, pongWaitMs: 30_000 } });
  wss.on('connection', (socket, request) => {
    socket.on('message', (data) => {
      if (String(data) === 'PONG') pongs.set(request.url ?? '', (pongs.get(request.url ?? '') ?? 0) + 1);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => {
    handler.broadcastReconnectNotification();
    for (const client of wss.clients) client.terminate();
    wss.close();
    server.close();
  };
});
after(() => close());

function viaWsLink(executionId: string): Promise<unknown[]> {
  const ws = createWSClient({ url, WebSocket: WebSocket as never });
  const client = createTRPCClient<typeof router>({ links: [wsLink({ client: ws })] });
  return new Promise((resolve, reject) => {
    const values: unknown[] = [];
    client.chat.streamTool.subscribe(
      { executionId },
      {
        onData: (value) => values.push(executionId === 'untracked' ? value : (value as { data: unknown }).data),
        onError: reject,
        onComplete: () => {
          void ws.close();
          resolve(values);
        },
      },
    );
  });
}

function viaLean(executionId: string): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const values: unknown[] = [];
    const client = new LeanWsClient(`${url}/lean-${executionId}`, (message) => reject(new Error(message)));
    void client.subscribe({
      path: 'chat.streamTool',
      input: { executionId },
      onData: (value) => values.push(value),
      onStopped: () => void client.close().then(() => resolve(values)),
      onError: (message) => reject(new Error(message)),
    });
  });
}

describe('lean WebSocket reader', () => {
  for (const executionId of ['tracked', 'untracked']) {
    it(`reads ${executionId} events as wsLink does, answering PINGs`, async () => {
      const [lean, link] = await Promise.all([viaLean(executionId), viaWsLink(executionId)]);
      assert.deepEqual(lean, EVENTS);
      assert.deepEqual(lean, link);
      // The subscription outlasts several pings (pingMs 40, 300 ms of events): the lean reader answered them.
      assert.ok((pongs.get(`/lean-${executionId}`) ?? 0) >= 1, `PONGs from the lean reader: ${JSON.stringify([...pongs])}`);
    });
  }
});
