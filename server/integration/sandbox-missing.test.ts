import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TRPCClientError } from '@trpc/client';
import { requestError } from './contract';
import { collect, edgeStdio, outputOf, sseClient, startTestApp } from './harness';

/** Where bubblewrap is missing (or cannot sandbox): start-up says so once, MCP servers start as they are, `shell` is off unless opted in. */
describe('without bubblewrap', () => {
  const bwrap = '/nonexistent/bwrap';
  const refusedWith = (code: string, message: RegExp) => (error: unknown) => {
    assert.ok(error instanceof TRPCClientError, String(error));
    const data = requestError(error);
    assert.equal(data.code, 'BAD_REQUEST');
    assert.equal(data.appCode, code);
    assert.match(error.message, message);
    return true;
  };

  it('says so at start-up, starts MCP servers unsandboxed, and disables shell saying how to fix it', async () => {
    const lines: string[] = [];
    const app = await startTestApp({ bwrap, log: (line) => lines.push(line), config: { builtins: { shell: { allow: ['ls'] } }, mcpServers: { edge: edgeStdio() } } });
    try {
      const said = lines.filter((line) => line.startsWith('sandbox:'));
      assert.equal(said.length, 1, 'one line');
      assert.match(said[0] ?? '', /^sandbox: none — \/nonexistent\/bwrap was not found\. MCP stdio servers start unsandboxed: they can read FRAGMENTS_TOKEN and OPENAI_API_KEY/);
      assert.match(said[0] ?? '', /The shell tool is disabled[^]*apt-get install bubblewrap/);
      const client = sseClient(app.url);
      await assert.rejects(
        client.chat.send.mutate({ content: '/shell command=ls' }),
        refusedWith('TOOL_DISABLED', /the shell tool is disabled: it runs programs only in a bubblewrap sandbox, and \/nonexistent\/bwrap was not found; install bubblewrap \(Debian\/Ubuntu: apt-get install bubblewrap\) and restart, or set builtins\.shell\.unsandboxed to true/),
      );
      const sent = await client.chat.send.mutate({ content: '/edge.env' });
      if (sent.type !== 'tool_execution') return assert.fail('not a tool execution');
      const names = JSON.parse(outputOf(await collect(client, sent.executionId))) as string[];
      assert.ok(names.includes('PATH'), 'the MCP server runs');
      assert.ok(!names.includes('PWD'), 'not through bwrap (which sets PWD)');
    } finally {
      await app.stop();
    }
  });

  it('with builtins.shell.unsandboxed: runs programs, refusing the known launching options at send', async () => {
    const lines: string[] = [];
    const app = await startTestApp({ bwrap, log: (line) => lines.push(line), config: { builtins: { shell: { allow: ['ls', 'find'], unsandboxed: true } } } });
    try {
      assert.match(lines.find((line) => line.startsWith('sandbox:')) ?? '', /The shell tool runs its programs unsandboxed \(builtins\.shell\.unsandboxed\), refusing only known program-launching options/);
      const client = sseClient(app.url);
      const sent = await client.chat.send.mutate({ content: '/shell command="ls -d /"' });
      if (sent.type !== 'tool_execution') return assert.fail('not a tool execution');
      assert.equal(outputOf(await collect(client, sent.executionId)), '/\n');
      await assert.rejects(client.chat.send.mutate({ content: `/shell command="find / -maxdepth 0 -exec id ;"` }), refusedWith('BAD_ARGUMENTS', /^find -exec runs another program/));
    } finally {
      await app.stop();
    }
  });
});
