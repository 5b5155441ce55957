import assert from 'node:assert/strict';
import { request, type IncomingMessage } from 'node:http';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { toolEvent } from './contract';
import { createGates, eventually } from './gate';
import { collect, edgeStdio, outputOf, sseClient, startTestApp, type TestApp } from './harness';

/** Reads an SSE stream over a raw socket, so the test controls when (and whether) bytes are read. */
function openRaw(url: string): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    request(url, { headers: { accept: 'text/event-stream' } }, resolve).on('error', reject).end();
  });
}

function readAll(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: string[] = [];
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      parts.push(chunk);
      if (chunk.includes('"type":"done"')) resolve(parts.join(''));
    });
    res.on('error', reject);
    res.resume();
  });
}

/** Issue 3 point 7: a client that stops reading holds back nobody, and gets everything when it reads again. */
describe('slow and vanished clients', () => {
  let app: TestApp;
  const gates = createGates();
  before(async () => {
    app = await startTestApp({ config: { mcpServers: { edge: edgeStdio() } }, extraTools: [gates.tool] });
  });
  after(() => app.stop());

  it('lets the tool and other clients finish while one client reads nothing, then serves it the whole 20 MB', async () => {
    const client = sseClient(app.url);
    const chars = 20 * 1024 * 1024;
    const sent = await client.chat.send.mutate({ content: `/edge.big chars=${chars}` });
    if (sent.type !== 'tool_execution') return assert.fail('not a tool execution');
    const stalled = await openRaw(sent.streamUrl);
    stalled.pause();

    const fast = await collect(client, sent.executionId);
    assert.equal(outputOf(fast).length, chars);
    assert.equal((await client.executions.get.query({ executionId: sent.executionId })).status, 'succeeded');

    const text = await readAll(stalled);
    const content = [...text.matchAll(/^data: (\{"type":"tool_output".*)$/gm)]
      .map((match) => toolEvent(JSON.parse(match[1] ?? '{}'), 'a raw SSE event'))
      .map((event) => (event.type === 'tool_output' ? event.content : ''))
      .join('');
    assert.equal(content.length, chars);
  });

  it('keeps server memory flat for a WebSocket client that stops reading, and still serves it all', async () => {
    const client = sseClient(app.url);
    const chars = 20 * 1024 * 1024;
    const sent = await client.chat.send.mutate({ content: `/edge.big chars=${chars}` });
    if (sent.type !== 'tool_execution') return assert.fail('not a tool execution');
    const socket = new WebSocket(`${app.url.replace('http', 'ws')}/trpc`);
    await new Promise((resolve) => socket.once('open', resolve));
    const received: string[] = [];
    let done!: () => void;
    const finished = new Promise<void>((resolve) => (done = resolve));
    socket.on('message', (raw: Buffer) => {
      // tRPC's keep-alive is a bare PING every 15 s, not JSON; a run that slow is a busy box, not a bug.
      if (raw.toString() === 'PING') return void socket.send('PONG');
      const message = JSON.parse(raw.toString()) as { result?: { data?: { data?: unknown } } };
      const data = message.result?.data?.data;
      const event = data === undefined ? undefined : toolEvent(data, 'a raw WebSocket event');
      if (event?.type === 'tool_output') received.push(event.content);
      if (event?.type === 'done') done();
    });
    socket.send(JSON.stringify({ id: 1, method: 'subscription', params: { path: 'chat.streamTool', input: { executionId: sent.executionId } } }));
    // Stop reading the socket: the kernel buffers fill, then the server would buffer the rest.
    const raw = (socket as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    raw.pause();

    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, app.webSocketBufferedBytes())), 5);
    await collect(client, sent.executionId);
    await new Promise((resolve) => setTimeout(resolve, 300));
    clearInterval(sampler);
    assert.ok(peak < 2 * 1024 * 1024, `the server held ${peak} bytes for the stalled socket`);

    raw.resume();
    await finished;
    socket.close();
    assert.equal(received.join('').length, chars);
  });

  it('survives a tool that emits 200k events as fast as it can (regression: the server crashed with a stack overflow)', async () => {
    const client = sseClient(app.url);
    const sent = await client.chat.send.mutate({ content: '/count to=100000 intervalMs=0' });
    if (sent.type !== 'tool_execution') return assert.fail('not a tool execution');
    // 200k events (every progress is kept) through the real tRPC client take about 30 s here when
    // the box is quiet, and past 60 s when it is busy: the bound only catches a hang.
    const events = await collect(client, sent.executionId, { timeoutMs: 600_000 });
    assert.equal(events.at(-1)?.data.type, 'done');
    assert.equal(outputOf(events).split('\n').length - 1, 100_000);
    assert.equal((await client.executions.get.query({ executionId: sent.executionId })).status, 'succeeded');
  });

  it('cleans up a subscription whose client vanished without a word, while the stream goes on', async () => {
    const client = sseClient(app.url);
    // Held after its first line: it stays live until the test releases it.
    const sent = await client.chat.send.mutate({ content: '/hold name=vanished' });
    if (sent.type !== 'tool_execution') return assert.fail('not a tool execution');
    const res = await openRaw(sent.streamUrl);
    await new Promise((resolve) => res.once('data', resolve));
    // The held stream has nothing more to send, so its one reader is parked on it.
    assert.ok(await eventually(() => app.services.log.waiterCount() === 1), 'the live reader is parked on the stream');
    res.destroy();
    assert.ok(await eventually(() => app.services.log.waiterCount() === 0), 'the vanished reader is gone');
    assert.equal((await client.executions.get.query({ executionId: sent.executionId })).status, 'running');
    gates.release('vanished');
    const events = await collect(client, sent.executionId);
    assert.equal(outputOf(events), 'holding vanished\nreleased vanished', 'the stream went on to its end');
    assert.equal(events.at(-1)?.data.type, 'done');
  });
});
