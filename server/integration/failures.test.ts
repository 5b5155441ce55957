import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createGates, eventually } from './gate';
import { processesWith } from './processes';
import { EDGE_SERVER, collect, edgeStdio, outputOf, sseClient, startEdgeHttp, startTestApp, typesOf, type Client, type TestApp, type Tracked } from './harness';

const errorOf = (events: Tracked[]) => {
  const error = events.find((e) => e.data.type === 'tool_error')?.data;
  return error?.type === 'tool_error' ? error.error : undefined;
};

/** Issue 3: cancel, tool errors, crashes, timeouts and dead servers each end the stream with tool_error and done. */
describe('failures end streams plainly and nothing hangs', () => {
  let app: TestApp;
  let client: Client;
  let edgeHttp: Awaited<ReturnType<typeof startEdgeHttp>>;
  let marker: string;
  let markerDir: string;
  const gates = createGates();

  before(async () => {
    edgeHttp = await startEdgeHttp();
    const dataDir = (await import('./harness')).tempDir();
    // Not in the data dir, which the sandbox hides from MCP servers.
    markerDir = (await import('./harness')).tempDir();
    marker = join(markerDir, 'cancelled.txt');
    app = await startTestApp({
      dataDir,
      mcpPingIntervalMs: 300,
      extraTools: [
        gates.tool,
        {
          name: 'explode',
          description: 'throws',
          inputSchema: { type: 'object' },
          source: { kind: 'builtin' },
          call: () => Promise.reject(new Error('kaboom: the widget is missing')),
        },
      ],
      config: {
        queue: { concurrency: 2, maxQueued: 2 },
        timeouts: { tools: { 'edge.hang': { idleMs: 400 }, 'edge.slow': { idleMs: 2000 } } },
        builtins: { shell: { allow: ['sleep', 'sh'] } },
        mcpServers: {
          edge: edgeStdio({ CANCEL_MARKER: marker }),
          edgehttp: { url: edgeHttp.url },
          broken: { command: process.execPath, args: ['--import', 'tsx', EDGE_SERVER, 'fail-start'] },
        },
      },
    });
    client = sseClient(app.url);
  });
  after(async () => {
    await app.stop();
    edgeHttp.kill();
    rmSync(markerDir, { recursive: true, force: true });
  });

  const run = async (content: string) => {
    const sent = await client.chat.send.mutate({ content });
    if (sent.type !== 'tool_execution') throw new Error(`${content} was not a tool execution`);
    return sent;
  };

  it('cancels a queued execution: it never runs, its stream ends with CANCELLED and done', async () => {
    // Two held runs fill both slots, so the third waits in the queue until we cancel it.
    const a = await run('/hold name=queued-a');
    const b = await run('/hold name=queued-b');
    const queued = await run('/count to=5 intervalMs=1');
    assert.equal((await client.executions.get.query({ executionId: queued.executionId })).queuePosition, 1);
    await client.executions.cancel.mutate({ executionId: queued.executionId });
    const events = await collect(client, queued.executionId);
    // It waited (first in line) and never started.
    assert.deepEqual(typesOf(events), ['tool_queued', 'tool_complete', 'tool_error', 'done']);
    assert.deepEqual(events[0]?.data, { type: 'tool_queued', position: 1 });
    assert.equal(errorOf(events)?.code, 'CANCELLED');
    const execution = await client.executions.get.query({ executionId: queued.executionId });
    assert.equal(execution.status, 'cancelled');
    assert.equal(execution.startedAt, null);
    for (const sent of [a, b]) await client.executions.cancel.mutate({ executionId: sent.executionId });
    for (const sent of [a, b]) assert.equal(errorOf(await collect(client, sent.executionId))?.code, 'CANCELLED');
  });

  it('cancels a running MCP call: the server receives notifications/cancelled and the fragment says success false', async () => {
    const sent = await run('/edge.slow steps=100 stepMs=50');
    // tool_started, then the call's first sign of life: the MCP server has the call.
    await collect(client, sent.executionId, { stopAfter: 2 });
    await client.executions.cancel.mutate({ executionId: sent.executionId });
    const events = await collect(client, sent.executionId);
    assert.deepEqual(typesOf(events).slice(-3), ['tool_complete', 'tool_error', 'done']);
    assert.equal(errorOf(events)?.code, 'CANCELLED');
    const fragments = await client.fragments.list.query({ conversationId: sent.conversationId, role: 'tool' });
    assert.equal(fragments[0]?.metadata.success, false);
    // The edge server notes the cancel on its next step.
    assert.ok(await eventually(() => existsSync(marker)), 'the edge server recorded the cancel');
    assert.match(readFileSync(marker, 'utf8'), /slow/);
  });

  it('cancels a running process by killing it and what it started (regression: an orphaned sleep held the pipe for 30 s)', async () => {
    // A duration of its own marks this sleep: its pid, as the sandboxed shell sees it, means nothing out here.
    const duration = `30.${process.pid}`;
    const sent = await run(`/shell command="sh -c 'sleep ${duration} & echo $!; wait'"`);
    // tool_started, then the first output: the pid.
    const started = await collect(client, sent.executionId, { stopAfter: 2 });
    assert.equal(started[0]?.data.type, 'tool_started');
    assert.ok(Number(outputOf(started).trim()) > 0);
    const sleeping = () => processesWith(`sleep ${duration}`).filter((found) => found.comm === 'sleep');
    assert.equal(sleeping().length, 1, 'the sleep runs');
    await client.executions.cancel.mutate({ executionId: sent.executionId });
    const events = await collect(client, sent.executionId);
    assert.equal(errorOf(events)?.code, 'CANCELLED');
    // A killed process stays a zombie until init reaps it (seconds here); that counts as gone.
    assert.ok(await eventually(() => sleeping().length === 0), 'the sleep the shell started is gone');
  });

  it('reports an isError result as TOOL_ERROR with the tool’s own words, not recoverable', async () => {
    const events = await collect(client, (await run('/edge.fail')).executionId);
    assert.deepEqual(typesOf(events), ['tool_started', 'tool_output', 'tool_complete', 'tool_error', 'done']);
    assert.deepEqual(errorOf(events), { message: 'the edge tool refused: disk quota exceeded', code: 'TOOL_ERROR', recoverable: false });
  });

  it('reports a tool that throws as EXCEPTION with its message', async () => {
    const events = await collect(client, (await run('/explode')).executionId);
    assert.deepEqual(errorOf(events), { message: 'the tool threw: kaboom: the widget is missing', code: 'EXCEPTION', recoverable: true });
  });

  it('says why an MCP server failed to start, with its stderr, when one of its tools is called', async () => {
    const servers = await client.servers.list.query();
    const broken = servers.find((s) => s.name === 'broken');
    assert.equal(broken?.status, 'failed');
    assert.match(broken?.error ?? '', /cannot open \/nonexistent/);
    const health = (await (await fetch(`${app.url}/healthz`)).json()) as { mcpServers: Record<string, unknown>[] };
    assert.deepEqual(health.mcpServers.find((s) => s.name === 'broken'), { name: 'broken', state: 'failed', toolCount: 0 }, '/healthz tells no details');
    await assert.rejects(client.chat.send.mutate({ content: '/broken.anything' }), (error: Error) => {
      assert.match(error.message, /could not connect to MCP server "broken"[^]*cannot open \/nonexistent\/config\.toml/);
      return true;
    });
  });

  it('reports a non-zero exit of a process with its code', async () => {
    const events = await collect(client, (await run('/shell command="sh -c \'echo oops >&2; exit 7\'"')).executionId);
    assert.match(errorOf(events)?.message ?? '', /sh exited with code 7/);
    assert.ok(events.some((e) => e.data.type === 'tool_output' && e.data.stream === 'stderr' && e.data.content === 'oops\n'));
  });

  it('times out a tool that shows no sign of life, even one that ignores cancellation', async () => {
    const events = await collect(client, (await run('/edge.hang')).executionId);
    assert.equal(errorOf(events)?.code, 'TIMEOUT');
    assert.match(errorOf(events)?.message ?? '', /no output or progress for 400 ms/);
    assert.equal(errorOf(events)?.recoverable, true);
  });

  it('does not time out a long tool that keeps reporting progress', async () => {
    // 3 s in all against an idle limit of 2 s: progress every 0.5 s keeps it alive.
    const events = await collect(client, (await run('/edge.slow steps=6 stepMs=500')).executionId);
    assert.equal(errorOf(events), undefined);
    assert.equal(outputOf(events), 'slow done after 6 steps');
  });

  it('reports a stdio server that dies mid-call with its stderr, and restarts it for the next call', async () => {
    const events = await collect(client, (await run('/edge.crash afterMs=50')).executionId);
    const error = errorOf(events);
    assert.equal(error?.code, 'MCP_SERVER_CRASHED');
    assert.equal(error?.recoverable, true);
    assert.match(error?.message ?? '', /exited during the call[^]*simulated crash/);
    const next = await collect(client, (await run('/edge.slow steps=1 stepMs=1')).executionId);
    assert.equal(outputOf(next), 'slow done after 1 steps');
  });

  it('fails calls promptly when a Streamable HTTP server dies mid-call', async () => {
    const sent = await run('/edgehttp.slow steps=1000 stepMs=50');
    // tool_started, then the call's first sign of life.
    await collect(client, sent.executionId, { stopAfter: 2 });
    edgeHttp.kill();
    const events = await collect(client, sent.executionId);
    assert.equal(errorOf(events)?.code, 'MCP_SERVER_UNAVAILABLE');
    assert.equal(errorOf(events)?.recoverable, true);
  });

  it('refuses a command when the queue is full, with TOO_MANY_REQUESTS, storing nothing', async () => {
    // Two run and two wait: the queue (maxQueued 2) is full until the test cancels them.
    const sent = await Promise.all([1, 2, 3, 4].map((i) => run(`/hold name=full-${i}`)));
    const before = (await client.fragments.list.query({ limit: 1000 })).length;
    await assert.rejects(client.chat.send.mutate({ content: '/echo text=one-too-many' }), /queue is full/);
    assert.equal((await client.fragments.list.query({ limit: 1000 })).length, before);
    for (const s of sent) await client.executions.cancel.mutate({ executionId: s.executionId });
    for (const s of sent) await collect(client, s.executionId);
  });

  it('streams a 20 MB result whole, in chunks of at most 64 KiB, with a small tool_complete and a marked preview', async () => {
    const chars = 20 * 1024 * 1024;
    const sent = await run(`/edge.big chars=${chars}`);
    const events = await collect(client, sent.executionId);
    const outputs = events.filter((e) => e.data.type === 'tool_output');
    assert.equal(outputOf(events).length, chars);
    assert.ok(outputs.every((e) => e.data.type === 'tool_output' && e.data.content.length <= 64 * 1024));
    const complete = events.find((e) => e.data.type === 'tool_complete');
    assert.ok(JSON.stringify(complete).length < 2000);
    const [fragment] = await client.fragments.list.query({ conversationId: sent.conversationId, role: 'tool' });
    assert.equal(fragment?.metadata.output_truncated, true);
    assert.equal(fragment?.metadata.output_chars, chars);
    assert.match(fragment?.content ?? '', /\[output truncated: the first 1048576 of 20971520 characters/);
  });

  it('leaves no listener behind when clients go away mid-stream', async () => {
    // Held after its first line: the five readers leave while it is still live.
    const sent = await run('/hold name=listeners');
    await Promise.all([1, 2, 3, 4, 5].map(() => collect(client, sent.executionId, { stopAfter: 1 })));
    gates.release('listeners');
    const events = await collect(client, sent.executionId);
    assert.equal(typesOf(events).at(-1), 'done');
    // Unsubscribed readers' waiters are gone; the finished stream holds none.
    assert.ok(await eventually(() => app.services.log.waiterCount() === 0), `${app.services.log.waiterCount()} readers left parked`);
  });
});
