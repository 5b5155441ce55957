import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { StreamEvent } from '../../shared/events';
import { collect, sseClient, startTestApp, wsClient, type TestApp } from './harness';

/** The harness's clients hold every event to shared/events.ts: a stored event that breaks it fails the test that reads it. */
describe('the contract link', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
    // A log written past the executor, as a bug in a new event writer would write it.
    app.services.log.create('exec_malformed', 'tool');
    app.services.log.append('exec_malformed', { type: 'tool_progress', progress: 'half' } as unknown as StreamEvent);
    app.services.log.append('exec_malformed', { type: 'done' });
    app.services.log.flush();
  });
  after(() => app.stop());

  const refusal = /chat\.streamTool[^]*does not match tracked\(ToolEventSchema\)[^]*expected number[^]*data\.progress/;

  it('fails an SSE subscription whose event does not match ToolEventSchema, saying what is wrong', async () => {
    await assert.rejects(collect(sseClient(app.url), 'exec_malformed'), refusal);
  });

  it('does the same over WebSocket', async () => {
    const ws = wsClient(app.url);
    try {
      await assert.rejects(collect(ws.client, 'exec_malformed'), refusal);
    } finally {
      await ws.close();
    }
  });

  it('lets events that match through', async () => {
    const client = sseClient(app.url);
    const sent = await client.chat.send.mutate({ content: '/echo text=fine' });
    if (sent.type !== 'tool_execution') return assert.fail('not a tool execution');
    assert.equal((await collect(client, sent.executionId)).at(-1)?.data.type, 'done');
  });
});
