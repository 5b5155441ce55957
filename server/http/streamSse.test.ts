import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sseStreamProducer } from '@trpc/server/unstable-core-do-not-import';
import { SSE_RECONNECT_AFTER_INACTIVITY_MS } from '../trpc';
import { FRAMES } from './streamSse';

/**
 * The fast path's connected, ping and return frames against tRPC's own SSE producer. The event
 * frames are compared end to end in server/integration/sse-contract.test.ts, which strips pings
 * (each writer pings on its own idle timer), so the ping is pinned here.
 */
describe('streamSse frames', () => {
  it('are the bytes tRPC writes for connected, ping and return', async () => {
    let stop = () => {};
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const stream = sseStreamProducer({
      data: (async function* () {
        await stopped;
      })(),
      ping: { enabled: true, intervalMs: 1 },
      client: { reconnectAfterInactivityMs: SSE_RECONNECT_AFTER_INACTIVITY_MS },
    });
    let text = '';
    const decoder = new TextDecoder();
    const reader = stream.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      text += decoder.decode(read.value, { stream: true });
      // The first ping is in: let the data end so tRPC writes its return frame.
      if (text.includes('event: ping')) stop();
    }
    const pings = (text.length - FRAMES.connected.length - FRAMES.return.length) / FRAMES.ping.length;
    assert.ok(Number.isInteger(pings) && pings >= 1, text);
    assert.equal(text, FRAMES.connected + FRAMES.ping.repeat(pings) + FRAMES.return);
  });
});
