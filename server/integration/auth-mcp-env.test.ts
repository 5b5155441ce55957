import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { collect, edgeStdio, outputOf, sseClient, startTestApp } from './harness';

/** A spawned MCP server gets a whitelist of the server's environment plus its entry's `env`, never the server's secrets. */
describe('MCP stdio environment', () => {
  it('passes HOME, PATH, … and the entry env, not FRAGMENTS_TOKEN, OPENAI_API_KEY or anything else of the server', async () => {
    const saved = { ...process.env };
    process.env.FRAGMENTS_TOKEN = 'token-that-must-not-reach-mcp';
    process.env.OPENAI_API_KEY = 'sk-that-must-not-reach-mcp';
    process.env.SOME_OTHER_VARIABLE = 'nor-this';
    const app = await startTestApp({ config: { mcpServers: { edge: edgeStdio({ ENTRY_VARIABLE: 'given' }) } } });
    try {
      const client = sseClient(app.url);
      const sent = await client.chat.send.mutate({ content: '/edge.env' });
      if (sent.type !== 'tool_execution') return assert.fail('not a tool execution');
      const names = JSON.parse(outputOf(await collect(client, sent.executionId))) as string[];
      assert.ok(names.includes('ENTRY_VARIABLE'), 'the entry env arrives');
      assert.ok(names.includes('PATH'), 'the whitelist arrives');
      // PWD: the sandbox (bubblewrap) sets it to the working directory.
      const allowed = new Set(['HOME', 'LOGNAME', 'PATH', 'SHELL', 'TERM', 'USER', 'PWD', 'ENTRY_VARIABLE']);
      assert.deepEqual(names.filter((name) => !allowed.has(name)), [], 'nothing else: no FRAGMENTS_TOKEN, OPENAI_API_KEY, SOME_OTHER_VARIABLE');
    } finally {
      await app.stop();
      for (const name of ['FRAGMENTS_TOKEN', 'OPENAI_API_KEY', 'SOME_OTHER_VARIABLE']) {
        if (name in saved) process.env[name] = saved[name];
        else delete process.env[name];
      }
    }
  });
});
