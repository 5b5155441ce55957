import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ReplyEvent } from '../../../shared/events';
import { initialReply, reduceReplyEvent } from './replyStreamStore';

const reply = (events: ReplyEvent[]) => events.reduce(reduceReplyEvent, initialReply());

test('deltas add up to the reply; tool calls are listed with what they asked for; done ends it', () => {
  const state = reply([
    { type: 'reply_delta', content: 'Hel' },
    { type: 'tool_call', executionId: 'exec_1', tool: 'echo', parameters: { text: 'x' } },
    { type: 'reply_delta', content: 'lo' },
    { type: 'tool_call', executionId: 'exec_2', tool: 'everything.get-sum', parameters: { a: 1, b: 2 } },
    { type: 'reply_complete', fragmentId: 'frag_a' },
    { type: 'done' },
  ]);
  assert.equal(state.text, 'Hello');
  assert.deepEqual(state.toolCalls, [
    { executionId: 'exec_1', tool: 'echo', parameters: { text: 'x' } },
    { executionId: 'exec_2', tool: 'everything.get-sum', parameters: { a: 1, b: 2 } },
  ]);
  assert.equal(state.done, true);
  assert.equal(state.error, null);
  assert.equal(state.stopped, false);
});

test('a tool call told twice (a replayed log) is one call, and text alone keeps the list as it was', () => {
  const call: ReplyEvent = { type: 'tool_call', executionId: 'exec_1', tool: 'echo', parameters: {} };
  const once = reply([call]);
  assert.equal(reduceReplyEvent(once, call).toolCalls.length, 1);
  assert.equal(reduceReplyEvent(once, { type: 'reply_delta', content: 'x' }).toolCalls, once.toolCalls);
});

test('an error is kept with what was written before it', () => {
  const error = { message: 'the server restarted', code: 'SERVER_RESTARTED' as const, recoverable: true };
  const state = reply([{ type: 'reply_delta', content: 'Part' }, { type: 'reply_error', error }, { type: 'done' }]);
  assert.equal(state.text, 'Part');
  assert.deepEqual(state.error, error);
});

test('a CANCELLED error is a stop: the partial text stays, marked stopped, not failed', () => {
  const error = { message: 'stopped by the user', code: 'CANCELLED' as const, recoverable: true };
  const state = reply([{ type: 'reply_delta', content: 'Part' }, { type: 'reply_error', error }, { type: 'done' }]);
  assert.equal(state.text, 'Part');
  assert.equal(state.stopped, true);
  assert.equal(state.error, null);
});
