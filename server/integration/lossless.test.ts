import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { collect, edgeStdio, sseClient, startEdgeHttp, tempDir, wsClient, type Tracked } from './harness';
import { spawnServer, type ServerProcess } from './process';

/**
 * Regression: the event log used to replace an unseen `tool_progress` with the next one, so a tool
 * that reported quickly kept 4 of its 300 progress messages. Every notification a tool sends must be
 * in the log, in order, for every reader: live, resumed mid-way, and replayed after a SIGKILL.
 */
const BURST = 3000;

/** What the tool said, one entry per log line or progress notification, in stream order. */
function notifications(events: Tracked[]): string[] {
  const said: string[] = [];
  for (const { data } of events) {
    if (data.type === 'tool_progress') said.push(`progress ${data.progress}/${data.total}: ${data.message ?? ''}`);
    else if (data.type === 'tool_output' && data.stream === 'log') said.push(...data.content.split('\n').filter(Boolean));
  }
  return said;
}

const expectedBurst = Array.from({ length: BURST }, (_, i) => [
  `[info] edge: burst log ${i + 1}`,
  `progress ${i + 1}/${BURST}: step ${i + 1} of ${BURST}`,
]).flat();

describe('no notification is lost', () => {
  let dataDir: string;
  let server: ServerProcess;
  let edgeHttp: Awaited<ReturnType<typeof startEdgeHttp>>;
  let config: unknown;

  before(async () => {
    dataDir = tempDir();
    edgeHttp = await startEdgeHttp();
    config = { mcpServers: { edge: edgeStdio(), remote: { url: edgeHttp.url } } };
    server = await spawnServer(dataDir, config);
  });
  after(async () => {
    await server.kill();
    edgeHttp.kill();
  });

  for (const tool of ['edge.burst', 'remote.burst']) {
    it(`keeps all ${BURST} progress and ${BURST} log notifications of ${tool}, in order, live over SSE and WebSocket and resumed`, async (t) => {
      const client = sseClient(server.url);
      const ws = wsClient(server.url);
      // A WebSocket client left open reconnects forever and keeps the test process alive.
      t.after(() => ws.close());
      const sent = await client.chat.send.mutate({ content: `/${tool} count=${BURST}` });
      if (sent.type !== 'tool_execution') return assert.fail('not a tool execution');
      const [overSse, overWs] = await Promise.all([collect(client, sent.executionId), collect(ws.client, sent.executionId)]);
      assert.deepEqual(notifications(overSse), expectedBurst);
      assert.deepEqual(overWs, overSse, 'WebSocket readers get the same events as SSE readers');

      // Resume from the middle: exactly the rest, nothing twice.
      const middle = Math.floor(overSse.length / 2);
      const rest = await collect(ws.client, sent.executionId, { lastEventId: overSse[middle]?.id });
      assert.deepEqual(rest, overSse.slice(middle + 1));
      assert.deepEqual(notifications([...overSse.slice(0, middle + 1), ...rest]), expectedBurst);
    });
  }

  it('keeps every progress of a builtin tool that reports in a tight loop', async () => {
    const client = sseClient(server.url);
    for (const [to, intervalMs] of [[20, 1], [2000, 0]] as const) {
      const sent = await client.chat.send.mutate({ content: `/count to=${to} intervalMs=${intervalMs}` });
      if (sent.type !== 'tool_execution') return assert.fail('not a tool execution');
      const events = await collect(client, sent.executionId);
      const progress = events.flatMap((e) => (e.data.type === 'tool_progress' ? [e.data.progress] : []));
      assert.deepEqual(progress, Array.from({ length: to }, (_, i) => i + 1), `count to=${to} intervalMs=${intervalMs}`);
      // Each line lands before its own progress, never merged across it.
      const order = events.flatMap((e) => (e.data.type === 'tool_output' ? [`line ${e.data.content.trim()}`] : e.data.type === 'tool_progress' ? [`progress ${e.data.progress}`] : []));
      assert.deepEqual(order, Array.from({ length: to }, (_, i) => [`line ${i + 1}`, `progress ${i + 1}`]).flat());
    }
  });

  it('replays the same notifications after the server is SIGKILLed and started again', async () => {
    const client = sseClient(server.url);
    const sent = await client.chat.send.mutate({ content: `/edge.burst count=${BURST}` });
    if (sent.type !== 'tool_execution') return assert.fail('not a tool execution');
    const live = await collect(client, sent.executionId);
    await server.kill('SIGKILL');
    server = await spawnServer(dataDir, config);
    const replayed = await collect(sseClient(server.url), sent.executionId);
    assert.deepEqual(replayed, live);
    assert.deepEqual(notifications(replayed), expectedBurst);
  });
});
