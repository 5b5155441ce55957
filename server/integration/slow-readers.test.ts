/**
 * Issue 18 (7): 200 slow readers of one 20 MB output took the server from 107 to 367 MB, about
 * 1.3 MB each. What a reader whose client stopped reading costs must be small and fixed: here
 * real clients on real sockets stop reading one 20 MB output, over SSE and WebSocket, and the
 * server's own counter (app.readerMemory: the event text waiting readers keep, and the bytes Node
 * holds unsent for their sockets) must stay under a bound per reader. Then each reads again and
 * must get every event, in order, once.
 */
import assert from 'node:assert/strict';
import { request, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { ROOM_BYTES } from '../http/backpressure';
import { MAX_CHUNK_CHARS } from '../streams/log';
import { toolEvent } from './contract';
import { eventually } from './gate';
import { collect, edgeStdio, outputOf, sseClient, startTestApp, type TestApp } from './harness';

const CHARS = 20 * 1024 * 1024;
/** The line edge.big repeats (server/integration/fixtures/edge-server.ts). */
const EDGE_LINE = 'abcdefghijklmnopqrstuvwxyz0123456789-the-quick-brown-fox-jumps-over-the-lazy-dog-0123456789\n';
/** Readers per transport: each makes the kernel hold a few MB of socket buffers, so the count stays small. */
const READERS = 6;
/**
 * What one waiting reader may cost: its socket's allowance, plus the one event frame that took it
 * past it (a 64 KiB chunk of this output is about 66 KiB of JSON), plus slack for the frame around
 * it. Before the fix an SSE reader kept its page of events (256 KiB read from SQLite, up to 1 MiB
 * from memory) and a WebSocket one let 1 MiB pile up unsent.
 */
const BOUND_PER_READER = ROOM_BYTES + 2 * MAX_CHUNK_CHARS;

/** What one reader got: checked as it arrives against the output, so 12 readers do not hold 12 copies. */
class Received {
  offset = 0;
  lastId = 0;
  done = false;
  problem: string | undefined;
  constructor(
    private readonly expected: string,
    private readonly what: string,
  ) {}

  event(id: string, data: unknown): void {
    if (this.problem) return;
    const seq = Number(id);
    if (!(seq > this.lastId)) this.problem = `${this.what}: event id ${id} after ${this.lastId} (repeated or out of order)`;
    this.lastId = seq;
    const event = toolEvent(data, this.what);
    if (this.done) this.problem = `${this.what}: an event after done`;
    if (event.type === 'done') this.done = true;
    if (event.type !== 'tool_output' || event.stream === 'log') return;
    if (!this.expected.startsWith(event.content, this.offset)) this.problem = `${this.what}: output differs from the stored output at char ${this.offset}`;
    this.offset += event.content.length;
  }
}

/** An SSE reader over node:http whose socket stops being read until `resume`. */
async function sseReader(url: string, received: Received): Promise<{ resume(): Promise<void> }> {
  const res = await new Promise<IncomingMessage>((resolve, reject) => {
    request(url, { headers: { accept: 'text/event-stream' } }, resolve).on('error', reject).end();
  });
  res.pause();
  (res.socket as Socket).pause();
  return {
    resume: () =>
      new Promise((resolve, reject) => {
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = /^data: (.*)$/m.exec(block)?.[1];
            const id = /^id: (.*)$/m.exec(block)?.[1];
            if (data !== undefined && id !== undefined) received.event(id, JSON.parse(data));
          }
          if (received.done || received.problem) {
            res.destroy();
            resolve();
          }
        });
        res.on('error', reject);
        (res.socket as Socket).resume();
        res.resume();
      }),
  };
}

/**
 * A WebSocket subscription whose socket stops being read until `resume`. tRPC's keep-alive closes
 * a connection that has not answered its PING for 25 s: a client that stopped reading that long
 * reconnects and resumes after the last event it got, as tRPC's wsLink does, so the check stays
 * "every event once, in order" however long the box takes.
 */
async function wsReader(url: string, executionId: string, received: Received): Promise<{ resume(): Promise<void> }> {
  let finished!: () => void;
  const ended = new Promise<void>((resolve) => (finished = resolve));
  const connect = async (): Promise<WebSocket> => {
    const socket = new WebSocket(`${url.replace('http', 'ws')}/trpc`);
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    socket.on('message', (raw: Buffer) => {
      const text = raw.toString();
      if (text === 'PING') return void socket.send('PONG');
      const message = JSON.parse(text) as { result?: { type: string; id?: string; data?: { data?: unknown } } };
      if (message.result?.type === 'data') received.event(message.result.id ?? '', message.result.data?.data);
      if (received.done || received.problem) finished();
    });
    socket.once('close', () => {
      if (!received.done && !received.problem && resumed) void connect().catch(() => finished());
    });
    const lastEventId = received.lastId > 0 ? String(received.lastId) : undefined;
    socket.send(JSON.stringify({ id: 1, method: 'subscription', params: { path: 'chat.streamTool', input: { executionId }, ...(lastEventId ? { lastEventId } : {}) } }));
    current = socket;
    return socket;
  };
  let resumed = false;
  let current: WebSocket | undefined;
  const first = await connect();
  const raw = (first as unknown as { _socket: Socket })._socket;
  raw.pause();
  return {
    resume: async () => {
      resumed = true;
      // Closed by the keep-alive while paused: read on over a new connection.
      if (first.readyState !== WebSocket.OPEN) await connect();
      else raw.resume();
      await ended;
      current?.close();
    },
  };
}

describe('readers whose clients stop reading', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp({ config: { mcpServers: { edge: edgeStdio() } } });
  });
  after(() => app.stop());

  it(`hold at most ${BOUND_PER_READER} bytes each on the server, then get every event of a 20 MB output in order`, { timeout: 300_000 }, async (t) => {
    const client = sseClient(app.url);
    const sent = await client.chat.send.mutate({ content: `/edge.big chars=${CHARS}` });
    if (sent.type !== 'tool_execution') return assert.fail('not a tool execution');
    // The readers start while the output is still being stored: some read from memory, some from SQLite.
    const expected = EDGE_LINE.repeat(Math.ceil(CHARS / EDGE_LINE.length)).slice(0, CHARS);
    const received: Received[] = [];
    const readers: { resume(): Promise<void> }[] = [];
    for (let i = 0; i < READERS; i++) {
      const sse = new Received(expected, `SSE reader ${i}`);
      const ws = new Received(expected, `WebSocket reader ${i}`);
      received.push(sse, ws);
      readers.push(await sseReader(sent.streamUrl, sse), await wsReader(app.url, sent.executionId, ws));
    }

    // Every reader fills its client's and its socket's kernel buffers, then waits for room.
    const all = 2 * READERS;
    assert.ok(await eventually(() => app.readerMemory().waiting === all, 120_000), `not every reader waits for its client: ${JSON.stringify(app.readerMemory())}`);
    const held = app.readerMemory();
    const bytes = held.heldChars + held.queuedBytes;
    t.diagnostic(`${all} waiting readers: ${held.heldChars} chars of events kept, ${held.queuedBytes} bytes unsent (${Math.round(bytes / all)} per reader)`);
    assert.ok(
      bytes <= all * BOUND_PER_READER,
      `${all} waiting readers hold ${bytes} bytes (${held.heldChars} chars of events kept, ${held.queuedBytes} bytes unsent), ${Math.round(bytes / all)} each, over the bound of ${BOUND_PER_READER} each`,
    );
    assert.equal(held.heldChars, 0, 'a waiting reader kept events in memory instead of reading them again from the log');

    await Promise.all(readers.map((reader) => reader.resume()));
    // Meanwhile the tool went on to the end, and a client that reads gets it all.
    const waits = app.readerMemory().waits;
    assert.equal(outputOf(await collect(client, sent.executionId)), expected);
    t.diagnostic(`a client that reads made its reader wait ${app.readerMemory().waits - waits} times for 20 MB`);
    for (const r of received) {
      assert.equal(r.problem, undefined);
      assert.ok(r.done, `${r.lastId}: no done`);
      assert.equal(r.offset, CHARS, 'a reader did not get the whole output');
    }
  });
});
