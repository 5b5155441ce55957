import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ReadBuffer, type JSONRPCMessage } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import fc from 'fast-check';
import { LinearReadBuffer } from './readBuffer';
import { StartedStdioTransport } from './transport';

type LineBuffer = Pick<LinearReadBuffer, 'append' | 'readMessage'>;

/** Feeds `chunks` one by one, reading every whole message after each, as the transport does; a bad line is noted. */
function feed(buffer: LineBuffer, chunks: Buffer[]): (JSONRPCMessage | 'bad')[] {
  const out: (JSONRPCMessage | 'bad')[] = [];
  for (const chunk of chunks) {
    buffer.append(chunk);
    for (;;) {
      try {
        const message = buffer.readMessage();
        if (message === null) break;
        out.push(message);
      } catch {
        out.push('bad');
      }
    }
  }
  return out;
}

const message = (id: number, text = 'x'): JSONRPCMessage => ({ jsonrpc: '2.0', id, result: { text } });

/** `bytes` cut at the given offsets. */
function cut(bytes: Buffer, offsets: number[]): Buffer[] {
  const points = [...new Set(offsets.map((offset) => offset % (bytes.length + 1)))].sort((a, b) => a - b);
  return [...points, bytes.length].map((end, i) => bytes.subarray(i === 0 ? 0 : (points[i - 1] ?? 0), end)).filter((part) => part.length > 0);
}

describe('the stdio line buffer', () => {
  it('reads what the SDK’s ReadBuffer reads, however the pipe cuts the bytes', () => {
    const line = fc.oneof(
      fc.record({ id: fc.nat(), text: fc.string({ unit: 'grapheme' }) }).map(({ id, text }) => `${JSON.stringify(message(id, text))}\n`),
      fc.record({ id: fc.nat(), text: fc.string() }).map(({ id, text }) => `${JSON.stringify(message(id, text))}\r\n`),
      fc.constant('not json\n'),
      fc.constant('{"jsonrpc":"1.0"}\n'),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 8 }), fc.string(), fc.array(fc.nat(), { maxLength: 12 }), (lines, tail, offsets) => {
        const bytes = Buffer.from(lines.join('') + tail.replaceAll('\n', ''));
        const chunks = cut(bytes, offsets);
        assert.deepEqual(feed(new LinearReadBuffer(1e9), chunks), feed(new ReadBuffer(), chunks));
      }),
    );
  });

  it('keeps an unfinished line until its newline comes, and refuses to hold more than its limit', () => {
    const buffer = new LinearReadBuffer(64);
    const text = JSON.stringify(message(1));
    assert.deepEqual(feed(buffer, [Buffer.from(text.slice(0, 10)), Buffer.from(text.slice(10))]), []);
    assert.deepEqual(feed(buffer, [Buffer.from('\n')]), [message(1)]);
    assert.throws(() => buffer.append(Buffer.alloc(65)), /ReadBuffer exceeded maximum size of 64 bytes/);
    assert.equal(buffer.readMessage(), null, 'what it held is dropped');
  });

  it('reads one 20 MB message delivered in 64 KiB chunks', () => {
    const big = Buffer.from(`${JSON.stringify(message(7, 'y'.repeat(20 * 1024 * 1024)))}\n`);
    const chunks = Array.from({ length: Math.ceil(big.length / 65536) }, (_, i) => big.subarray(i * 65536, (i + 1) * 65536));
    const [read] = feed(new LinearReadBuffer(256 * 1024 * 1024), chunks);
    assert.ok(read && read !== 'bad' && 'result' in read);
    assert.equal((read.result as { text: string }).text.length, 20 * 1024 * 1024);
  });

  it('is the buffer the app’s stdio transport reads with (the SDK keeps it in a private field, _readBuffer)', () => {
    const transport = new StartedStdioTransport({ command: 'true', maxBufferSize: 1024 });
    assert.ok(Reflect.get(transport, '_readBuffer') instanceof LinearReadBuffer);
    // A subclass: the SDK probes its revision on this process, not on a second copy (transport.ts).
    assert.ok(transport instanceof StdioClientTransport);
    assert.notEqual(Object.getPrototypeOf(transport), StdioClientTransport.prototype);
  });
});
