import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { ToolResult } from '../../shared/events';
import { aiConfigFor, callTools, say, startFakeOpenAI, type FakeOpenAI } from './fixtures/openai-server';
import { collect, outputOf, sseClient, startTestApp, type Client, type TestApp, type Tracked } from './harness';
import { collectReply } from './replyStream';

const RESULTS_SERVER = fileURLToPath(new URL('./fixtures/results-server.ts', import.meta.url));

/**
 * Issue 21 item 6, "Results as MCP defines them", through the real pipeline: a real MCP server (on
 * the v2 server SDK, fixtures/results-server.ts) over stdio, chat.send, the queue, the stream log,
 * the fragment, a restart, and the AI model's view of the same results.
 */
describe('MCP results: content items, structuredContent and outputSchema, audiences, titles', () => {
  let fake: FakeOpenAI;
  let app: TestApp;
  let client: Client;
  const config = () => ({
    ai: aiConfigFor(fake),
    mcpServers: { results: { command: process.execPath, args: ['--import', 'tsx', RESULTS_SERVER] } },
    approvals: { servers: { results: 'auto' } },
    limits: { resultContentChars: 50_000 },
  });

  before(async () => {
    fake = await startFakeOpenAI();
    app = await startTestApp({ config: config() });
    client = sseClient(app.url);
  });
  after(async () => {
    await app.stop();
    await fake.close();
  });

  const run = async (command: string): Promise<{ events: Tracked[]; result: ToolResult; executionId: string; conversationId: string }> => {
    const sent = await client.chat.send.mutate({ content: command });
    if (sent.type !== 'tool_execution') throw new Error('not a tool execution');
    const events = await collect(client, sent.executionId);
    const complete = events.find((event) => event.data.type === 'tool_complete')?.data;
    if (complete?.type !== 'tool_complete') throw new Error('no tool_complete');
    return { events, result: complete.result, executionId: sent.executionId, conversationId: sent.conversationId };
  };

  it('lists each tool with its title (title, else annotations.title) and its outputSchema as sent', async () => {
    const tools = await client.tools.list.query();
    const byName = new Map(tools.map((tool) => [tool.name, tool]));
    assert.equal(byName.get('results.forecast')?.title, 'Weather forecast');
    assert.equal(byName.get('results.forecast-bad')?.title, 'Broken forecast');
    assert.equal(byName.get('results.nested')?.title, undefined);
    assert.deepEqual(byName.get('results.forecast')?.outputSchema?.required, ['rows']);
  });

  it('keeps structuredContent that matches the outputSchema, with no warning', async () => {
    const { result } = await run('/results.forecast');
    assert.equal(result.success, true);
    assert.deepEqual(result.structuredContent, { rows: [{ city: 'Oslo', temp: 3, sky: 'snow' }, { city: 'Lisbon', temp: 17, sky: 'sun' }] });
    assert.equal(result.warnings, undefined);
  });

  it('a mismatch is a warning naming the paths, not a failed run; so is an outputSchema with no structuredContent', async () => {
    const bad = await run('/results.forecast-bad');
    assert.equal(bad.result.success, true);
    assert.deepEqual(bad.result.structuredContent, { rows: [{ city: 'Oslo', temp: 'cold' }, { sky: 'sun' }] });
    assert.equal(bad.result.warnings?.length, 1);
    assert.match(bad.result.warnings?.[0] ?? '', /does not match the tool's outputSchema: .*rows\[0\]\.temp must be number/);
    assert.match(bad.result.warnings?.[0] ?? '', /rows\[1\]\.city is required/);
    assert.equal(outputOf(bad.events), 'two rows');
    assert.equal(bad.events.some((event) => event.data.type === 'tool_error'), false);

    const none = await run('/results.forecast-none');
    assert.equal(none.result.success, true);
    assert.match(none.result.warnings?.[0] ?? '', /has an outputSchema but returned no structuredContent/);
  });

  it('keeps images, audio, resource links and embedded resources as MCP content items, in order, and bounds their size', async () => {
    const media = await run('/results.media');
    assert.equal(outputOf(media.events), 'here is a picture');
    assert.deepEqual(media.result.content?.map((item) => [item.type, item.mimeType]), [['image', 'image/png'], ['audio', 'audio/wav'], ['image', 'image/svg+xml']]);
    assert.match(String(media.result.content?.[0]?.data), /^iVBORw0KGgo/);

    const links = await run('/results.links');
    assert.deepEqual(links.result.content, [
      { type: 'resource_link', uri: 'file:///project/report.csv', name: 'report.csv', title: 'Quarterly report', mimeType: 'text/csv', description: 'The numbers' },
      { type: 'resource', resource: { uri: 'file:///project/notes.md', mimeType: 'text/markdown', text: '# Notes\nshipped' } },
    ]);

    // 60,000 bytes are 80,000 characters of base64: past limits.resultContentChars (50,000) here.
    const big = await run('/results.big-image bytes=60000');
    assert.equal(big.result.success, true);
    assert.deepEqual(big.result.content, [{ type: 'image', mimeType: 'image/png', omitted: { field: 'data', chars: 80_000, limit: 50_000 } }]);
  });

  it('keeps text for one audience out of the output, in content; the model gets its own and not the user’s', async () => {
    const { result, events } = await run('/results.audiences');
    assert.equal(outputOf(events), 'for everyone');
    assert.deepEqual(result.content?.map((item) => item.text), ['only the user reads this', 'only the model reads this', 'the model again']);

    fake.script({ steps: callTools([{ id: 'call_1', name: 'results__audiences', arguments: '{}' }]) }, { steps: say('Done.') });
    const sent = await client.chat.send.mutate({ content: 'call it' });
    if (sent.type !== 'chat') throw new Error('not a chat message');
    await collectReply(client, sent.messageId);
    const toolMessage = fake.requests.at(-1)?.body.messages.find((message) => message.role === 'tool');
    assert.equal(toolMessage?.content, 'for everyone\nonly the model reads this\nthe model again');
  });

  it('replays every result identically, stream and fragment, after a restart', async () => {
    const runs = await Promise.all(['/results.forecast-bad', '/results.media', '/results.links', '/results.audiences', '/results.big-image bytes=60000'].map(run));
    const fragmentsBefore = await Promise.all(runs.map((r) => client.fragments.list.query({ conversationId: r.conversationId })));
    await app.stop(false);
    app = await startTestApp({ config: config(), dataDir: app.dataDir });
    client = sseClient(app.url);
    for (const [index, before] of runs.entries()) {
      assert.deepEqual(await collect(client, before.executionId), before.events, `replay of ${before.result.tool}`);
      const fragments = await client.fragments.list.query({ conversationId: before.conversationId });
      assert.deepEqual(fragments, fragmentsBefore[index]);
      const tool = fragments.find((fragment) => fragment.role === 'tool');
      assert.deepEqual(tool?.metadata.content, before.result.content);
      assert.deepEqual(tool?.metadata.warnings, before.result.warnings);
    }
  });
});
