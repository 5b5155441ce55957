import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ToolEvent } from '../../shared/events';
import { InputRequests, type InputHost } from './inputRequests';

function host(): InputHost & { events: ToolEvent[]; paused: number } {
  const h = {
    executionId: 'exec_1',
    events: [] as ToolEvent[],
    paused: 0,
    exchanges: [],
    append: (event: ToolEvent) => void h.events.push(event),
    pause: () => void h.paused++,
    resume: () => void h.paused--,
  };
  return h;
}

const question = { mode: 'form' as const, message: 'Name?', schema: { type: 'object', properties: { name: { type: 'string' } } } };

test('a request is in the stream, pauses the run until answered, and is answered once', async () => {
  const inputs = new InputRequests();
  const h = host();
  const answered = inputs.ask(h, question, { signal: new AbortController().signal });
  const asked = h.events[0];
  assert.ok(asked?.type === 'tool_input_required');
  assert.equal(h.paused, 1);
  assert.deepEqual(inputs.answer('exec_1', asked.requestId, 'accept', { name: 'Ada' }), { requestId: asked.requestId, action: 'accept', content: { name: 'Ada' } });
  assert.deepEqual(await answered, { requestId: asked.requestId, action: 'accept', content: { name: 'Ada' } });
  assert.equal(h.paused, 0);
  assert.deepEqual(h.events[1], { type: 'tool_input_answered', requestId: asked.requestId, action: 'accept', content: { name: 'Ada' } });
  assert.throws(() => inputs.answer('exec_1', asked.requestId, 'decline'), /is not open/);
  assert.deepEqual(h.exchanges, [{ request: { requestId: asked.requestId, ...question }, answer: { requestId: asked.requestId, action: 'accept', content: { name: 'Ada' } } }]);
});

test("another run's request is not this run's to answer", () => {
  const inputs = new InputRequests();
  const h = host();
  void inputs.ask(h, question, { signal: new AbortController().signal });
  const asked = h.events[0];
  assert.ok(asked?.type === 'tool_input_required');
  assert.throws(() => inputs.get('exec_2', asked.requestId), (error: Error & { code?: string }) => error.code === 'CONFLICT');
});

test('the run or the call ending closes it as cancel; the server finishing a URL flow as accept', async () => {
  const inputs = new InputRequests();
  const h = host();
  const ended = new AbortController();
  const cancelled = inputs.ask(h, question, { signal: ended.signal });
  ended.abort();
  assert.equal((await cancelled).action, 'cancel');
  const done = new AbortController();
  const completed = inputs.ask(h, { mode: 'url', message: 'Go', url: 'https://example.com/' }, { signal: new AbortController().signal, serverDone: done.signal });
  done.abort();
  assert.equal((await completed).action, 'accept');
  assert.deepEqual(h.events.map((event) => event.type), ['tool_input_required', 'tool_input_answered', 'tool_input_required', 'tool_input_answered']);
  assert.equal(h.paused, 0);
});
