import assert from 'node:assert/strict';
import { test } from 'node:test';
import { modelCalls } from './modelCalls';

const call = (executionId: string) => ({ executionId, tool: 'echo', parameters: { text: executionId } });

test('calls are kept per conversation with the reply that made them, each once', () => {
  modelCalls.record('conv_a', 'msg_1', [call('exec_1')]);
  modelCalls.record('conv_a', 'msg_1', [call('exec_1'), call('exec_2')]);
  modelCalls.record('conv_b', 'msg_9', [call('exec_9')]);
  assert.deepEqual(
    modelCalls.of('conv_a').map((c) => [c.executionId, c.messageId, c.conversationId]),
    [
      ['exec_1', 'msg_1', 'conv_a'],
      ['exec_2', 'msg_1', 'conv_a'],
    ],
  );
  assert.deepEqual(modelCalls.of('conv_b').map((c) => c.executionId), ['exec_9']);
});

test('nothing new keeps the same list, so the timeline is not rebuilt for nothing', () => {
  modelCalls.record('conv_c', 'msg_1', [call('exec_1')]);
  const before = modelCalls.of('conv_c');
  modelCalls.record('conv_c', 'msg_1', [call('exec_1')]);
  assert.equal(modelCalls.of('conv_c'), before);
  assert.deepEqual(modelCalls.of('conv_unknown'), []);
});
