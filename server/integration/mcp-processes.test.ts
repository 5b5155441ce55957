import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { collect, outputOf, sseClient, startTestApp, tempDir, type Tracked } from './harness';
import { instancesIn, isRunning, killLeftovers, rawServer } from './processes';

/** No MCP server process outlives the connection that started it. */
const errorOf = (events: Tracked[]) => events.map((e) => e.data).find((data) => data.type === 'tool_error')?.error;

describe('MCP server processes', () => {
  it('are closed when start-up fails after spawning them (regression: EADDRINUSE left them running)', async () => {
    const dir = tempDir();
    // Not in the data dir: the sandbox hides it from the MCP server.
    const files = tempDir();
    const instancesFile = join(files, 'instances');
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const lines: string[] = [];
    try {
      const start = startTestApp({
        dataDir: dir,
        port: (taken.address() as AddressInfo).port,
        config: { mcpServers: { raw: rawServer(instancesFile) } },
        log: (line) => lines.push(line),
      });
      await assert.rejects(start, { code: 'EADDRINUSE' });
      assert.match(lines.join('\n'), /MCP server "raw" connected: 2 tools/);
      const [instance, ...more] = instancesIn(instancesFile);
      assert.ok(instance, 'the MCP server was spawned');
      assert.deepEqual(more, []);
      assert.equal(isRunning(instance), false, `MCP server ${instance} is gone`);
    } finally {
      killLeftovers(instancesFile);
      taken.close();
      rmSync(dir, { recursive: true, force: true });
      rmSync(files, { recursive: true, force: true });
    }
  });

  it('of a connection marked failed are stopped before a new one starts (regression: the old process ran on, unowned)', async () => {
    const dir = tempDir();
    const files = tempDir();
    const instancesFile = join(files, 'instances');
    const app = await startTestApp({ dataDir: dir, config: { mcpServers: { raw: rawServer(instancesFile) } } });
    try {
      const client = sseClient(app.url);
      const run = async (content: string) => {
        const sent = await client.chat.send.mutate({ content });
        if (sent.type !== 'tool_execution') throw new Error(`${content} was not a tool execution`);
        return collect(client, sent.executionId);
      };
      const first = outputOf(await run('/raw.instance'));
      assert.equal(isRunning(first), true, 'the first process runs');
      // A result that breaks the protocol is not the server's answer: the connection is marked failed.
      assert.equal(errorOf(await run('/raw.garbled'))?.code, 'MCP_SERVER_UNAVAILABLE');
      const raw = (await client.servers.list.query()).find((server) => server.name === 'raw');
      assert.equal(raw?.status, 'failed');
      assert.match(raw?.error ?? '', /^MCP server "raw" could not be reached: /, 'servers.list says why');
      // The next call reconnects: a new process answers, and the old one is gone.
      const second = outputOf(await run('/raw.instance'));
      assert.deepEqual(instancesIn(instancesFile), [first, second]);
      assert.notEqual(second, first);
      assert.equal(isRunning(first), false, `the failed connection's process ${first} is gone`);
      assert.equal(isRunning(second), true);
    } finally {
      await app.stop(false);
      killLeftovers(instancesFile);
      rmSync(dir, { recursive: true, force: true });
      rmSync(files, { recursive: true, force: true });
    }
  });
});
