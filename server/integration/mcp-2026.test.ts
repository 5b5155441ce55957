import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { eventually } from './gate';
import { EDGE_SERVER, EDGE_SERVER_2026, collect, edgeStdio, outputOf, sseClient, startEdgeHttp, startTestApp, tempDir, type Client, type TestApp, type Tracked } from './harness';

const errorOf = (events: Tracked[]) => {
  const error = events.find((e) => e.data.type === 'tool_error')?.data;
  return error?.type === 'tool_error' ? error.error : undefined;
};

/**
 * Issue 21, item 1: a server that speaks only 2026-07-28 (no initialize: server/discover, a
 * _meta envelope per request, subscriptions/listen) gets every guarantee a 2025 server gets,
 * over stdio and over Streamable HTTP. The same tools as the 2025 edge server (edge-server.ts),
 * which still connects on the 2025 handshake beside it.
 */
describe('a server that speaks only MCP 2026-07-28', () => {
  let app: TestApp;
  let client: Client;
  let http: Awaited<ReturnType<typeof startEdgeHttp>>;
  let markerDir: string;
  let marker: string;

  before(async () => {
    markerDir = tempDir();
    marker = join(markerDir, 'cancelled.txt');
    http = await startEdgeHttp({ CANCEL_MARKER: marker }, EDGE_SERVER_2026);
    app = await startTestApp({
      mcpPingIntervalMs: 300,
      config: {
        timeouts: { tools: { 'next.slow': { idleMs: 2000 }, 'nexthttp.slow': { idleMs: 2000 } } },
        mcpServers: {
          next: edgeStdio({ CANCEL_MARKER: marker }, EDGE_SERVER_2026),
          nexthttp: { url: http.url },
          old: edgeStdio(),
          strict: { command: process.execPath, args: ['--import', 'tsx', EDGE_SERVER, 'stdio-strict'] },
        },
      },
    });
    client = sseClient(app.url);
  });
  after(async () => {
    await app.stop();
    http.kill();
    rmSync(markerDir, { recursive: true, force: true });
  });

  const run = async (content: string) => {
    const sent = await client.chat.send.mutate({ content });
    if (sent.type !== 'tool_execution') throw new Error(`${content} was not a tool execution`);
    return sent;
  };

  it('connects each server on the revision it speaks', async () => {
    const servers = await client.tools.servers.query();
    const version = (name: string) => servers.find((server) => server.name === name)?.protocolVersion;
    assert.equal(version('next'), '2026-07-28');
    assert.equal(version('nexthttp'), '2026-07-28');
    assert.match(version('old') ?? '', /^2025-/);
    // It exits on the server/discover probe: started again on the 2025 handshake.
    assert.match(version('strict') ?? '', /^2025-/);
    const tools = (await client.tools.list.query()).map((tool) => tool.name);
    assert.ok(tools.includes('next.burst') && tools.includes('nexthttp.burst'), tools.join(', '));
  });

  it('runs the tools of a 2025 server that exits on the revision probe', async () => {
    assert.equal(outputOf(await collect(client, (await run('/strict.slow steps=1 stepMs=1')).executionId)), 'slow done after 1 steps');
  });

  for (const server of ['next', 'nexthttp']) {
    it(`keeps every progress and log notification of ${server}, in order`, async () => {
      const events = await collect(client, (await run(`/${server}.burst count=40`)).executionId);
      const progress = events.flatMap((e) => (e.data.type === 'tool_progress' ? [e.data.progress] : []));
      const logs = events.flatMap((e) => (e.data.type === 'tool_output' && e.data.stream === 'log' ? e.data.content.split('\n').filter(Boolean) : []));
      assert.deepEqual(progress, Array.from({ length: 40 }, (_, i) => i + 1));
      assert.deepEqual(logs, Array.from({ length: 40 }, (_, i) => `[info] edge: burst log ${i + 1}`));
      assert.equal(outputOf(events), 'burst sent 40 log messages and 40 progress notifications');
    });

    it(`follows ${server} when it adds a tool (subscriptions/listen)`, async () => {
      await collect(client, (await run(`/${server}.add-tool`)).executionId);
      const listed = async () => (await client.tools.list.query()).some((tool) => tool.name === `${server}.late`);
      assert.ok(await eventually(listed, 60_000), `${server}.late is listed`);
      assert.equal(outputOf(await collect(client, (await run(`/${server}.late`)).executionId)), 'late tool ran');
    });

    it(`reports an isError result of ${server} as TOOL_ERROR`, async () => {
      const events = await collect(client, (await run(`/${server}.fail`)).executionId);
      assert.equal(errorOf(events)?.code, 'TOOL_ERROR');
      assert.match(errorOf(events)?.message ?? '', /disk quota exceeded/);
    });
  }

  it('sends a cancel that reaches a 2026-07-28 server', async () => {
    rmSync(marker, { force: true });
    const sent = await run('/next.slow steps=200 stepMs=50');
    await collect(client, sent.executionId, { stopAfter: 2 });
    await client.executions.cancel.mutate({ executionId: sent.executionId });
    assert.equal(errorOf(await collect(client, sent.executionId))?.code, 'CANCELLED');
    assert.ok(await eventually(() => existsSync(marker)), 'the server recorded the cancel');
    assert.match(readFileSync(marker, 'utf8'), /slow/);
  });

  for (const server of ['next', 'nexthttp']) {
    it(`does not end a long call of ${server} that keeps reporting progress`, async () => {
      // 3 s in all against an idle limit of 2 s, and ten liveness checks (300 ms apart) on HTTP.
      const events = await collect(client, (await run(`/${server}.slow steps=6 stepMs=500`)).executionId);
      assert.equal(errorOf(events), undefined);
      assert.equal(outputOf(events), 'slow done after 6 steps');
    });
  }

  it('reports a stdio server that dies mid-call with its stderr, and restarts it for the next call', async () => {
    const error = errorOf(await collect(client, (await run('/next.crash afterMs=50')).executionId));
    assert.equal(error?.code, 'MCP_SERVER_CRASHED');
    assert.match(error?.message ?? '', /exited during the call[^]*simulated crash/);
    assert.equal(outputOf(await collect(client, (await run('/next.slow steps=1 stepMs=1')).executionId)), 'slow done after 1 steps');
  });

  it('fails a call promptly when the Streamable HTTP server stops answering (no ping in 2026-07-28)', async () => {
    // hang never answers; the liveness check (server/discover) goes on answering until the
    // process is stopped, and then fails the call instead of waiting for a timeout.
    const sent = await run('/nexthttp.hang');
    await collect(client, sent.executionId, { stopAfter: 1 });
    http.proc.kill('SIGSTOP');
    try {
      const events = await collect(client, sent.executionId);
      assert.equal(errorOf(events)?.code, 'MCP_SERVER_UNAVAILABLE');
      assert.match(errorOf(events)?.message ?? '', /stopped answering/);
    } finally {
      http.proc.kill('SIGCONT');
    }
  });
});
