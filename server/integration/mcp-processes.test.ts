import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { collect, outputOf, sseClient, startTestApp, tempDir, type Tracked } from './harness';

/** No MCP server process outlives the connection that started it. */
const RAW_SERVER = fileURLToPath(new URL('./fixtures/raw-server.ts', import.meta.url));
const rawServer = (pidFile: string) => ({ command: process.execPath, args: ['--import', 'tsx', RAW_SERVER], env: { PID_FILE: pidFile } });

/** The pid of every raw server process started so far, in order. */
function pidsIn(file: string): number[] {
  try {
    return readFileSync(file, 'utf8').split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** Whether the process exists. The SDK waits for a child it closes to exit, so a closed one is reaped and gone. */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** When a test fails, what it left running would keep this test process from ever exiting. */
function killLeftovers(pidFile: string): void {
  for (const pid of pidsIn(pidFile)) if (isRunning(pid)) process.kill(pid, 'SIGKILL');
}

const errorOf = (events: Tracked[]) => events.map((e) => e.data).find((data) => data.type === 'tool_error')?.error;

describe('MCP server processes', () => {
  it('are closed when start-up fails after spawning them (regression: EADDRINUSE left them running)', async () => {
    const dir = tempDir();
    const pidFile = join(dir, 'pids');
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const lines: string[] = [];
    try {
      const start = startTestApp({
        dataDir: dir,
        port: (taken.address() as AddressInfo).port,
        config: { mcpServers: { raw: rawServer(pidFile) } },
        log: (line) => lines.push(line),
      });
      await assert.rejects(start, { code: 'EADDRINUSE' });
      assert.match(lines.join('\n'), /MCP server "raw" connected: 2 tools/);
      const [pid, ...more] = pidsIn(pidFile);
      assert.ok(pid, 'the MCP server was spawned');
      assert.deepEqual(more, []);
      assert.equal(isRunning(pid), false, `MCP server process ${pid} is gone`);
    } finally {
      killLeftovers(pidFile);
      taken.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('of a connection marked failed are stopped before a new one starts (regression: the old process ran on, unowned)', async () => {
    const dir = tempDir();
    const pidFile = join(dir, 'pids');
    const app = await startTestApp({ dataDir: dir, config: { mcpServers: { raw: rawServer(pidFile) } } });
    try {
      const client = sseClient(app.url);
      const run = async (content: string) => {
        const sent = await client.chat.send.mutate({ content });
        if (sent.type !== 'tool_execution') throw new Error(`${content} was not a tool execution`);
        return collect(client, sent.executionId);
      };
      const first = Number(outputOf(await run('/raw.pid')));
      // A result that breaks the protocol is not the server's answer: the connection is marked failed.
      assert.equal(errorOf(await run('/raw.garbled'))?.code, 'MCP_SERVER_UNAVAILABLE');
      assert.equal((await client.tools.servers.query()).find((server) => server.name === 'raw')?.state, 'failed');
      // The next call reconnects: a new process answers, and the old one is gone.
      const second = Number(outputOf(await run('/raw.pid')));
      assert.deepEqual(pidsIn(pidFile), [first, second]);
      assert.notEqual(second, first);
      assert.equal(isRunning(first), false, `the failed connection's process ${first} is gone`);
    } finally {
      await app.stop(false);
      killLeftovers(pidFile);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
