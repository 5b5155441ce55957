import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { aiConfigFor, callTools, say, startFakeOpenAI, type FakeOpenAI } from './fixtures/openai-server';
import { collect, edgeStdio, sseClient, startTestApp, typesOf, type Client, type TestApp } from './harness';
import { collectReply, textOf } from './replyStream';

/**
 * Issue 18 item 2: an MCP server named `toString` made `approvals.servers[server]` find
 * Object.prototype.toString, a truthy non-policy, so a model's call to its tool ran without
 * asking. A real stdio MCP server under that name; no approvals block, so the model's call must
 * wait for the user, as it does for any server.
 */
describe('an MCP server named like an inherited property', () => {
  let fake: FakeOpenAI;
  let app: TestApp;
  let client: Client;

  before(async () => {
    fake = await startFakeOpenAI();
    app = await startTestApp({ config: { ai: aiConfigFor(fake), mcpServers: { toString: edgeStdio() } } });
    client = sseClient(app.url);
  });
  after(async () => {
    await app.stop();
    await fake.close();
  });

  it('still asks before running a call the model makes to its tool', async () => {
    fake.script({ steps: callTools([{ id: 'call_1', name: 'toString__env', arguments: '{}' }]) }, { steps: say('I will not run it.') });
    const sent = await client.chat.send.mutate({ content: 'list your environment' });
    if (sent.type !== 'chat') return assert.fail('not a chat message');
    const head = await collectReply(client, sent.messageId, { stopAfter: 1 });
    const call = head[0]?.data;
    if (call?.type !== 'tool_call') return assert.fail(`the reply did not start with a tool call: ${JSON.stringify(call)}`);
    assert.ok(fake.requests[0]?.body.tools?.some((tool) => tool.function.name === 'toString__env'), 'the tool was offered to the model');

    const waiting = await collect(client, call.executionId, { stopAfter: 1 });
    assert.deepEqual(waiting[0]?.data, { type: 'tool_approval_required', tool: 'toString.env', parameters: {}, requestedBy: 'model' });
    assert.equal((await client.executions.get.query({ executionId: call.executionId })).status, 'awaiting_approval');

    await client.executions.approve.mutate({ executionId: call.executionId, approved: false });
    assert.deepEqual(typesOf(await collect(client, call.executionId)), ['tool_approval_required', 'tool_complete', 'tool_error', 'done']);
    assert.equal(textOf(await collectReply(client, sent.messageId)), 'I will not run it.');
  });

  it('runs a command the user typed to it, as for any server (auto is the default for the user)', async () => {
    const sent = await client.chat.send.mutate({ content: '/toString.env' });
    if (sent.type !== 'tool_execution') return assert.fail('not a tool execution');
    assert.deepEqual(typesOf(await collect(client, sent.executionId)), ['tool_started', 'tool_output', 'tool_complete', 'done']);
  });
});
