import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TRPCClientError } from '@trpc/client';
import { fileURLToPath } from 'node:url';
import { RECONNECT_HINT } from '../servers/ready';
import { edgeStdio, everythingStdio, sseClient, startTestApp, tempDir, typesOf, collect, wsClient, type Client, type TestApp } from './harness';
import { statusIn, watchServers } from './serverWatch';

const FLAKY_SERVER = fileURLToPath(new URL('./fixtures/flaky-server.ts', import.meta.url));

/** Issue 21, item 2: servers.list / servers.reconnect / servers.onChange against real MCP servers. */
describe('server status and reconnect', () => {
  let app: TestApp;
  let client: Client;
  let readyDir: string;
  let readyFile: string;
  const fragmentCount = async () => (await client.fragments.list.query({ limit: 1000 })).length;
  const refusal = async (content: string) => {
    try {
      await client.chat.send.mutate({ content });
    } catch (error) {
      assert.ok(error instanceof TRPCClientError, String(error));
      return { code: (error.data as { code?: string } | undefined)?.code, message: error.message };
    }
    return assert.fail(`${content} was not refused`);
  };

  before(async () => {
    // Outside the data dir, which the sandbox hides from MCP servers.
    readyDir = tempDir();
    readyFile = join(readyDir, 'ready');
    app = await startTestApp({
      config: {
        mcpServers: {
          everything: everythingStdio(),
          // Exits at start until readyFile exists.
          flaky: { command: process.execPath, args: ['--import', 'tsx', FLAKY_SERVER], env: { READY_FILE: readyFile } },
          edge: edgeStdio(),
          off: { command: process.execPath, args: ['-e', 'process.exit(9)'], disabled: true },
        },
      },
    });
    client = sseClient(app.url);
  });
  after(async () => {
    await app.stop();
    rmSync(readyDir, { recursive: true, force: true });
  });

  it('lists every server: connected with its revision and tools, failed with the reason, disabled', async () => {
    const servers = await client.servers.list.query();
    assert.deepEqual(servers.map((s) => [s.name, s.status]), [['everything', 'connected'], ['flaky', 'failed'], ['edge', 'connected'], ['off', 'disabled']]);
    const [everything, flaky, , off] = servers;
    assert.match(everything?.protocolVersion ?? '', /^\d{4}-\d{2}-\d{2}$/);
    assert.ok((everything?.toolCount ?? 0) > 5, 'server-everything offers its tools');
    assert.equal(everything?.error, null);
    assert.equal(everything?.serverInfo?.name, 'mcp-servers/everything');
    assert.match(flaky?.error ?? '', /could not connect to MCP server "flaky"[^]*flaky: fatal: missing \[redacted\]; create it to start/);
    assert.equal(flaky?.protocolVersion, null);
    assert.deepEqual(off, { name: 'off', transport: 'stdio', status: 'disabled', protocolVersion: null, error: null, toolCount: 0, serverInfo: null });
    assert.ok(!(await client.tools.list.query()).some((tool) => tool.name.startsWith('off.')), 'a disabled server offers no tools');
    assert.deepEqual(await client.tools.servers.query(), servers, 'tools.servers is the same list');
  });

  it('/healthz uses the same status values, without details', async () => {
    const health = (await (await fetch(`${app.url}/healthz`)).json()) as { mcpServers: { name: string; state: string }[] };
    assert.deepEqual(health.mcpServers.map((s) => [s.name, s.state]), [['everything', 'connected'], ['flaky', 'failed'], ['edge', 'connected'], ['off', 'disabled']]);
  });

  it('refuses a command for a disabled server at send, storing nothing', async () => {
    const before = await fragmentCount();
    const refused = await refusal('/off.anything');
    assert.equal(refused.code, 'SERVICE_UNAVAILABLE');
    assert.match(refused.message, /^MCP server "off" is disabled \("disabled": true in its entry in fragments\.config\.json\): remove that/);
    assert.equal(await fragmentCount(), before);
  });

  it('refuses a command for a server that still fails, naming the error and the Reconnect button, storing nothing', async () => {
    const before = await fragmentCount();
    const refused = await refusal('/flaky.hello');
    assert.equal(refused.code, 'SERVICE_UNAVAILABLE');
    assert.match(refused.message, /could not connect to MCP server "flaky"[^]*flaky: fatal: missing/);
    assert.ok(refused.message.endsWith(RECONNECT_HINT), refused.message);
    assert.equal(await fragmentCount(), before);
  });

  it('refuses a command for a server that needs sign-in, saying so, storing nothing', async () => {
    const edge = app.services.mcp.get('edge');
    assert.ok(edge);
    // The state the OAuth sign-in sets when a server answers 401 (issue 21 item 3).
    edge.state = 'needs_auth';
    try {
      assert.equal(statusIn(await client.servers.list.query(), 'edge'), 'needs_auth');
      const before = await fragmentCount();
      const refused = await refusal('/edge.env');
      assert.equal(refused.code, 'SERVICE_UNAVAILABLE');
      assert.match(refused.message, /^MCP server "edge" needs you to sign in: open Servers in the sidebar and press Sign in/);
      assert.equal(await fragmentCount(), before);
    } finally {
      await app.services.mcp.get('edge')?.reconnect();
    }
    assert.equal(statusIn(await client.servers.list.query(), 'edge'), 'connected');
  });

  it('reconnect: a fixed server comes up, and onChange tells the subscriber', async () => {
    const watch = watchServers(client);
    try {
      await watch.until((list) => statusIn(list, 'flaky') === 'failed');
      writeFileSync(readyFile, 'fixed');
      const answer = await client.servers.reconnect.mutate({ name: 'flaky' });
      assert.equal(answer.status, 'connected');
      assert.equal(answer.toolCount, 1);
      assert.equal(answer.error, null);
      assert.equal(answer.serverInfo?.name, 'flaky');
      assert.match(answer.protocolVersion ?? '', /^\d{4}-\d{2}-\d{2}$/);
      const live = await watch.until((list) => statusIn(list, 'flaky') === 'connected');
      assert.equal(live.find((s) => s.name === 'flaky')?.toolCount, 1);
      const sent = await client.chat.send.mutate({ content: '/flaky.hello name=panel' });
      if (sent.type !== 'tool_execution') return assert.fail('not a tool run');
      assert.deepEqual(typesOf(await collect(client, sent.executionId)), ['tool_started', 'tool_output', 'tool_complete', 'done']);
      // Broken again: reconnect answers failed with the reason (an answer, not an error).
      rmSync(readyFile);
      const broken = await client.servers.reconnect.mutate({ name: 'flaky' });
      assert.equal(broken.status, 'failed');
      assert.match(broken.error ?? '', /flaky: fatal: missing/);
      await watch.until((list) => statusIn(list, 'flaky') === 'failed');
      // Fixed behind the app's back: a command retries the failed server on use, as before.
      writeFileSync(readyFile, 'fixed again');
      const retried = await client.chat.send.mutate({ content: '/flaky.hello' });
      assert.equal(retried.type, 'tool_execution');
      await watch.until((list) => statusIn(list, 'flaky') === 'connected');
    } finally {
      watch.close();
    }
  });

  it('a server that crashes is failed with the reason, and onChange says so', async () => {
    const watch = watchServers(client);
    try {
      await watch.until((list) => statusIn(list, 'edge') === 'connected');
      const sent = await client.chat.send.mutate({ content: '/edge.crash afterMs=1' });
      if (sent.type !== 'tool_execution') return assert.fail('not a tool run');
      await collect(client, sent.executionId);
      const list = await watch.until((servers) => statusIn(servers, 'edge') === 'failed');
      assert.match(list.find((s) => s.name === 'edge')?.error ?? '', /MCP server "edge" closed the connection[^]*simulated crash/);
      // /healthz said `closed` here before it shared the status values.
      const health = (await (await fetch(`${app.url}/healthz`)).json()) as { mcpServers: { name: string; state: string }[] };
      assert.equal(health.mcpServers.find((s) => s.name === 'edge')?.state, 'failed');
    } finally {
      watch.close();
    }
  });

  it('onChange works over the WebSocket too', async () => {
    const ws = wsClient(app.url);
    const watch = watchServers(ws.client);
    try {
      const list = await watch.until((servers) => servers.length === 4);
      assert.equal(statusIn(list, 'off'), 'disabled');
    } finally {
      watch.close();
      await ws.close();
    }
  });

  it('reconnect ends a running call of that server saying so, not as a crash', async () => {
    await client.servers.reconnect.mutate({ name: 'edge' });
    const sent = await client.chat.send.mutate({ content: '/edge.slow steps=100000 stepMs=20' });
    if (sent.type !== 'tool_execution') return assert.fail('not a tool run');
    let reconnected: Promise<unknown> | undefined;
    // The first progress proves the call is in flight on the server.
    const events = await collect(client, sent.executionId, {
      onEvent: (event) => {
        if (event.data.type === 'tool_progress') reconnected ??= client.servers.reconnect.mutate({ name: 'edge' });
      },
    });
    assert.equal(((await reconnected) as { status: string }).status, 'connected');
    const error = events.find((e) => e.data.type === 'tool_error')?.data;
    assert.equal(error?.type === 'tool_error' && error.error.code, 'MCP_SERVER_UNAVAILABLE');
    assert.equal(error?.type === 'tool_error' && error.error.message, 'MCP server "edge" was reconnected (Servers panel) during the call');
  });

  it('reconnect: an unknown name is NOT_FOUND naming it; a disabled server is CONFLICT saying why', async () => {
    await assert.rejects(client.servers.reconnect.mutate({ name: 'nope' }), (error: TRPCClientError<never>) => {
      assert.equal((error.data as unknown as { code?: string }).code, 'NOT_FOUND');
      assert.equal(error.message, 'no MCP server named "nope" in mcpServers (configured: "everything", "flaky", "edge", "off")');
      return true;
    });
    await assert.rejects(client.servers.reconnect.mutate({ name: 'off' }), (error: TRPCClientError<never>) => {
      assert.equal((error.data as unknown as { code?: string }).code, 'CONFLICT');
      assert.match(error.message, /^MCP server "off" is disabled/);
      return true;
    });
  });
});
