import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { describe, it } from 'node:test';
import { TRPCClientError } from '@trpc/client';
import { requestError } from './contract';
import { aiConfigFor, callTools, say, startFakeOpenAI } from './fixtures/openai-server';
import { collect, sseClient, startTestApp, tempDir, type TestApp } from './harness';
import { collectReply, errorOf } from './replyStream';

/** Rows of every table a command would write to: none may change for a refused one. */
function counts(app: TestApp): Record<string, number> {
  const count = (table: string) => (app.services.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  return Object.fromEntries(['conversations', 'sessions', 'fragments', 'executions', 'streams', 'stream_events'].map((table) => [table, count(table)]));
}

/** A BAD_REQUEST whose message is the shell tool's allow-list refusal. */
const notAllowed = (program: string) => (error: unknown) => {
  assert.ok(error instanceof TRPCClientError, String(error));
  const data = requestError(error);
  assert.equal(data.code, 'BAD_REQUEST');
  assert.equal(data.appCode, 'BAD_ARGUMENTS');
  assert.match(error.message, new RegExp(`^"${program}"( \\(.*\\))? is not an allowed program; builtins\\.shell\\.allow permits: ls`));
  return true;
};

/**
 * A shell command naming a program that is not allowed is refused where it enters, like bad
 * arguments: at chat.send, at executions.retry and in a model's tool call (the model is told), with
 * BAD_REQUEST and nothing stored (regression: it was stored and queued, then failed as a run).
 */
describe('a shell program that is not allowed is refused at send', () => {
  it('chat.send: BAD_REQUEST naming the program and what is allowed; nothing stored, in a new conversation or an old one', async () => {
    const app = await startTestApp({ config: { builtins: { shell: { allow: ['ls'] } } } });
    try {
      const client = sseClient(app.url);
      const before = counts(app);
      await assert.rejects(client.chat.send.mutate({ content: '/shell command="rm -rf /tmp/nothing"' }), notAllowed('rm'));
      await assert.rejects(client.chat.send.mutate({ content: '/shell command="./ls"' }), notAllowed('./ls'));
      assert.deepEqual(counts(app), before);
      // In an existing conversation too: its fragments are untouched.
      const ok = await client.chat.send.mutate({ content: '/shell command="ls /"' });
      if (ok.type !== 'tool_execution') return assert.fail('not a tool execution');
      await collect(client, ok.executionId);
      const kept = counts(app);
      await assert.rejects(client.chat.send.mutate({ content: '/shell command=cat', conversationId: ok.conversationId }), notAllowed('cat'));
      assert.deepEqual(counts(app), kept);
    } finally {
      await app.stop();
    }
  });

  it('executions.retry: a run of a program the config no longer allows is refused, no new run stored', async () => {
    const dataDir = tempDir();
    const first = await startTestApp({ dataDir, config: { builtins: { shell: { allow: ['ls', 'cat'] } } } });
    const client = sseClient(first.url);
    const sent = await client.chat.send.mutate({ content: '/shell command="cat /etc/hostname"' });
    if (sent.type !== 'tool_execution') return assert.fail('not a tool execution');
    await collect(client, sent.executionId);
    await first.stop(false);
    const second = await startTestApp({ dataDir, config: { builtins: { shell: { allow: ['ls'] } } } });
    try {
      const again = sseClient(second.url);
      const before = counts(second);
      await assert.rejects(again.executions.retry.mutate({ executionId: sent.executionId }), notAllowed('cat'));
      assert.deepEqual(counts(second), before);
    } finally {
      await second.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('a model’s tool call: the model is told why, nothing ran and no run is stored', async () => {
    const fake = await startFakeOpenAI();
    const app = await startTestApp({ config: { ai: aiConfigFor(fake), builtins: { shell: { allow: ['ls'] } }, approvals: { tools: { shell: 'auto' } } } });
    try {
      const client = sseClient(app.url);
      fake.script({ steps: callTools([{ id: 'c1', name: 'shell', arguments: '{"command": "curl http://example.com"}' }]) }, { steps: say('Refused.') });
      const sent = await client.chat.send.mutate({ content: 'fetch it' });
      if (sent.type !== 'chat') return assert.fail('not a chat message');
      const events = await collectReply(client, sent.messageId);
      assert.equal(errorOf(events), undefined);
      assert.deepEqual(events.filter((e) => e.data.type === 'tool_call'), [], 'no run was announced');
      const told = fake.requests.at(-1)?.body.messages.at(-1);
      assert.equal(told?.role, 'tool');
      assert.match(told?.content ?? '', /^Refused, nothing ran: "curl" \(.*\) is not an allowed program; builtins\.shell\.allow permits: ls/);
      assert.equal(counts(app).executions, 0);
    } finally {
      await app.stop();
      await fake.close();
    }
  });
});
