import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StringDecoder } from 'node:string_decoder';
import { after, before, describe, it } from 'node:test';
import { tracked } from '@trpc/server';
import { sseStreamProducer } from '@trpc/server/unstable-core-do-not-import';
import { EventSource } from 'eventsource';
import { FRAMES } from '../server/http/streamSse';
import { openSse, SseParser, type SseEvent } from './lean-sse';

/**
 * The lean SSE parser against the `eventsource` package (what tRPC's httpSubscriptionLink reads
 * with) on the same bytes from a real HTTP server: tRPC's own SSE writer, the app's fast-path
 * writer (server/http/streamSse.ts), the raw floor's writer, and the spec's corner cases. The bytes
 * are cut at every byte boundary, multi-byte UTF-8 characters included, and decoded as
 * `setEncoding('utf8')` does.
 */

const TEXT = ['c0@1720000000000.123+0.456;', 'héllo wörld ✓ — 日本語 🚀🎉', 'line1\nline2\r\nline3', 'quote " and \\ backslash', ''];
const EVENTS = [
  { type: 'tool_started', startedAt: 1720000000000 },
  ...TEXT.map((content) => ({ type: 'tool_output', content })),
  { type: 'tool_progress', progress: 1, total: 3, message: 'c1@1720000000100.5+0.1; ünïcødé 🧪' },
  { type: 'done', status: 'completed' },
];

const KNOWN_TYPES = ['message', 'connected', 'ping', 'return', 'end', 'custom', 'serialized-error'];
/** The event each writer ends its stream with (the EventSource is closed on it, or it would reconnect). */
const LAST: Record<string, string> = { '/trpc': 'return', '/app': 'return', '/raw': 'end', '/spec': 'end' };

async function writeTrpc(res: import('node:http').ServerResponse): Promise<void> {
  const stream = sseStreamProducer({
    data: (async function* () {
      for (const [i, event] of EVENTS.entries()) yield tracked(String(i + 1), event);
    })(),
    ping: { enabled: false, intervalMs: 1000 },
    client: { reconnectAfterInactivityMs: 20_000 },
  });
  const reader = stream.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) res.write(read.value);
}

let server: Server;
let base = '';
before(async () => {
  server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
    switch (req.url) {
      case '/trpc':
        void writeTrpc(res).then(() => res.end());
        return;
      case '/app':
        // server/http/streamSse.ts's pump, frame for frame.
        res.write(FRAMES.connected);
        res.write(FRAMES.ping);
        for (const [i, event] of EVENTS.entries()) res.write(`data: ${JSON.stringify(event)}\nid: ${i + 1}\n\n\n`);
        res.end(FRAMES.return);
        return;
      case '/raw':
        // bench/raw-servers.ts
        res.write('data: h;\n\n');
        for (const text of TEXT.filter((t) => !t.includes('\n'))) res.write(`data: ${text}\n\n`);
        res.end('event: end\ndata: end\n\n');
        return;
      case '/spec':
        res.end(
          '\uFEFF: a comment\r\n' +
            'data:no space\r\n\r\n' +
            'data:  two spaces, one kept\r\r' +
            'data: multi\ndata: line\ndata\n\n' +
            'event: custom\r\ndata: cr lf ✓\r\nid: 7\r\n\r\n' +
            'id: 8\nretry: 100\nunknown: field\n\n' + // no data: not dispatched, but the id sticks
            'data: after id ½\n\n' +
            'event: custom\nevent: message\ndata: last event field wins\n\n' +
            'data\n\n' + // a data field with no colon: an empty data line
            'id: 9\0x\ndata: NUL in id is ignored\n\n' +
            'event: end\ndata: bye 🎉\n\n',
        );
        return;
      default:
        res.end();
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => server.close());

function bytesOf(path: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    get(`${base}${path}`, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (chunk: Buffer) => parts.push(chunk));
      res.on('end', () => resolve(Buffer.concat(parts)));
      res.on('error', reject);
    }).on('error', reject);
  });
}

/** What the `eventsource` package makes of the stream. */
function reference(path: string): Promise<Seen[]> {
  return new Promise((resolve, reject) => {
    const events: Seen[] = [];
    const es = new EventSource(`${base}${path}`);
    const timer = setTimeout(() => {
      es.close();
      reject(new Error(`no "${LAST[path]}" event from ${path}`));
    }, 5000);
    for (const type of KNOWN_TYPES) {
      es.addEventListener(type, (event) => {
        events.push({ type: event.type, data: event.data, lastEventId: event.lastEventId });
        if (type === LAST[path]) {
          clearTimeout(timer);
          es.close();
          resolve(events);
        }
      });
    }
  });
}

/** What `eventsource` reports: an event's lastEventId is its own id field ('' without one), not the spec's sticky one. */
type Seen = { type: string; data: string; lastEventId: string };
const asEventSource = (event: SseEvent): Seen => ({ type: event.type, data: event.data, lastEventId: event.id ?? '' });

function parse(bytes: Buffer, cuts: number[]): Seen[] {
  const events: Seen[] = [];
  const parser = new SseParser((event) => events.push(asEventSource(event)));
  const decoder = new StringDecoder('utf8');
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    parser.push(decoder.write(bytes.subarray(from, cut)));
    from = cut;
  }
  parser.push(decoder.end());
  return events;
}

describe('lean SSE parser', () => {
  for (const path of Object.keys(LAST)) {
    it(`reads ${path} as eventsource does, cut at every byte`, async () => {
      const [bytes, expected] = await Promise.all([bytesOf(path), reference(path)]);
      assert.ok(expected.length >= 3, `eventsource saw ${expected.length} events`);
      assert.deepEqual(parse(bytes, []), expected);
      for (let cut = 1; cut < bytes.length; cut++) assert.deepEqual(parse(bytes, [cut]), expected, `cut at byte ${cut}`);
      // Every byte on its own: each multi-byte character arrives split.
      assert.deepEqual(
        parse(
          bytes,
          Array.from({ length: bytes.length - 1 }, (_, i) => i + 1),
        ),
        expected,
      );
    });
  }

  it('holds multi-byte UTF-8 in the streams it is tested on', async () => {
    for (const path of ['/trpc', '/app', '/spec']) {
      const bytes = await bytesOf(path);
      assert.notEqual(bytes.length, bytes.toString('utf8').length, path);
    }
  });

  it('reads the same events over node:http with openSse', async () => {
    for (const path of Object.keys(LAST)) {
      const expected = await reference(path);
      const events: Seen[] = [];
      const ended = new Promise<void>((resolve, reject) => {
        openSse(`${base}${path}`, { onEvent: (event) => events.push(asEventSource(event)), onEnd: resolve, onError: (message) => reject(new Error(message)) });
      });
      await ended;
      assert.deepEqual(events, expected, path);
    }
  });
});
