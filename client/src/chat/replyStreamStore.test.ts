import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ReplyEvent } from '../../../shared/events';
import { initialReply, reduceReplyEvent } from './replyStreamStore';

const reply = (events: ReplyEvent[]) => events.reduce(reduceReplyEvent, initialReply());

test('deltas add up to the reply; tool calls are listed; done ends it', () => {
  const state = reply([
    { type: 'reply_delta', content: 'Hel' },
    { type: 'tool_call', executionId: 'exec_1', tool: 'echo', parameters: { text: 'x' } },
    { type: 'reply_delta', content: 'lo' },
    { type: 'reply_complete', fragmentId: 'frag_a' },
    { type: 'done' },
  ]);
  assert.equal(state.text, 'Hello');
  assert.deepEqual(state.toolCalls, [{ executionId: 'exec_1', tool: 'echo' }]);
  assert.equal(state.done, true);
  assert.equal(state.error, null);
});

test('an error is kept with what was written before it', () => {
  const error = { message: 'the server restarted', code: 'SERVER_RESTARTED' as const, recoverable: true };
  const state = reply([{ type: 'reply_delta', content: 'Part' }, { type: 'reply_error', error }, { type: 'done' }]);
  assert.equal(state.text, 'Part');
  assert.deepEqual(state.error, error);
});
