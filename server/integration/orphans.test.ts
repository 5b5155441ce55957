import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { collect, outputOf, sseClient, tempDir, typesOf } from './harness';
import { spawnServer, type ServerProcess } from './process';
import { instancesIn, isRunning, killLeftovers, processesWith, rawServer } from './processes';

const GATE_PROGRAM = fileURLToPath(new URL('./fixtures/gate-program.ts', import.meta.url));
const TSX = import.meta.resolve('tsx');

/**
 * A server that is SIGKILLed cannot stop what it started. Its next start must end what is still
 * running before it reports the runs interrupted (regression: `/shell command="sleep 45"` ran on
 * after the restart, so a retry ran it twice). With the sandbox, bwrap's --die-with-parent usually
 * ends it first; without one (builtins.shell.unsandboxed, no bwrap) only the recorded group does.
 */
describe('no orphans after a crash', () => {
  const servers: ServerProcess[] = [];
  const dirs: string[] = [];
  const gates: string[] = [];
  after(async () => {
    for (const server of servers) await server.kill();
    // When a test fails, the program it left running would keep this process from exiting.
    for (const gate of gates) for (const { pid } of processesWith(`${GATE_PROGRAM} ${gate}`)) process.kill(pid, 'SIGKILL');
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  const dir = () => {
    const made = tempDir();
    dirs.push(made);
    return made;
  };
  const start = async (dataDir: string, config: unknown, env: NodeJS.ProcessEnv = {}) => {
    const server = await spawnServer(dataDir, config, env);
    servers.push(server);
    return server;
  };

  for (const mode of ['sandboxed', 'unsandboxed'] as const) {
    it(`a shell program (${mode}) is gone once the restarted server serves, its run is interrupted, and a retry runs it once`, async () => {
      const dataDir = dir();
      const work = dir();
      const gate = `gate-${mode}-${process.pid}`;
      gates.push(gate);
      const config = { builtins: { shell: { allow: [process.execPath], cwd: work, unsandboxed: mode === 'unsandboxed' } } };
      // Without bwrap at all in the unsandboxed case: nothing but the record can end the program.
      const env = mode === 'unsandboxed' ? { FRAGMENTS_BWRAP: '/nonexistent/bwrap' } : {};
      const running = () => processesWith(`${GATE_PROGRAM} ${gate}`).filter((found) => found.comm !== 'bwrap');

      const first = await start(dataDir, config, env);
      const client = sseClient(first.url);
      const sent = await client.chat.send.mutate({ content: `/shell command="${process.execPath} --import ${TSX} ${GATE_PROGRAM} ${gate}"` });
      if (sent.type !== 'tool_execution') return assert.fail('not a tool execution');
      assert.match(outputOf(await collect(client, sent.executionId, { stopAfter: 2 })), /waiting/);
      assert.equal(running().length, 1, 'the program runs');
      await first.kill('SIGKILL');
      if (mode === 'unsandboxed') assert.equal(running().length, 1, 'nothing else ends it: it outlives the server');

      const second = await start(dataDir, config, env);
      // Serving means recovery is done: the program must be gone now, not eventually.
      assert.deepEqual(running(), [], 'the program the killed server left is gone');
      if (mode === 'unsandboxed') {
        const output = second.output();
        assert.match(output, /ended 1 process\(es\) the previous run left running: shell: .*node \(pid \d+\)\n[^]*closed 1 stream/);
      }
      const again = sseClient(second.url);
      const interrupted = await collect(again, sent.executionId);
      assert.deepEqual(typesOf(interrupted).slice(-3), ['tool_complete', 'tool_error', 'done']);
      const error = interrupted.at(-2)?.data;
      assert.equal(error?.type === 'tool_error' && error.error.code, 'SERVER_RESTARTED');
      assert.equal((await again.executions.get.query({ executionId: sent.executionId })).status, 'interrupted');

      const retried = await again.executions.retry.mutate({ executionId: sent.executionId });
      assert.match(outputOf(await collect(again, retried.executionId, { stopAfter: 2 })), /waiting/);
      assert.equal(running().length, 1, 'one program runs: the retry');
      writeFileSync(join(work, `${gate}.open`), '');
      const done = await collect(again, retried.executionId);
      assert.match(outputOf(done), /waiting\nreleased\n/);
      assert.equal(done.find((e) => e.data.type === 'tool_complete')?.data.type === 'tool_complete', true);
      assert.deepEqual(readFileSync(join(work, 'runs'), 'utf8').split('\n').filter(Boolean), [gate, gate], 'it ran twice in all: the first run and the retry');
    });
  }

  for (const mode of ['sandboxed', 'unsandboxed'] as const) {
    it(`an MCP stdio server that ignores its closed stdin (${mode}) is gone once the restarted server serves`, async () => {
      const dataDir = dir();
      const instances = join(dir(), 'instances');
      const config = { mcpServers: { raw: rawServer(instances, { IGNORE_STDIN_CLOSE: '1' }) } };
      const env = mode === 'unsandboxed' ? { FRAGMENTS_BWRAP: '/nonexistent/bwrap' } : {};
      try {
        const first = await start(dataDir, config, env);
        assert.match(first.output(), /MCP server "raw" connected/);
        const [leaked] = instancesIn(instances);
        assert.ok(leaked && isRunning(leaked));
        await first.kill('SIGKILL');
        if (mode === 'unsandboxed') assert.equal(isRunning(leaked), true, 'its stdin closed, and it runs on');
        const second = await start(dataDir, config, env);
        assert.equal(isRunning(leaked), false, 'the server the killed one left is gone');
        assert.equal(instancesIn(instances).length, 2, 'the new server started its own');
        await second.kill('SIGTERM');
      } finally {
        killLeftovers(instances);
      }
    });
  }
});
