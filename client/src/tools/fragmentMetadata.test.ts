import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Fragment } from '../../../shared/api';
import { executionFromFragment, isOutputCut, runFromFragment, runRecordOf, wholeLines } from './fragmentMetadata';

const metadata = {
  type: 'tool_execution',
  execution_id: 'exec_1',
  tool: 'shell',
  parameters: { command: 'seq 5' },
  execution_time: 40,
  success: true,
  status: 'succeeded',
  output_chars: 10,
};

function toolFragment(content: string, extra: Partial<Fragment> = {}, meta: Record<string, unknown> = metadata): Fragment {
  return { id: 'frag_t', conversationId: 'conv_1', sessionId: 'sess_1', role: 'tool', content, metadata: meta, createdAt: 1000, ...extra };
}

test('only a tool fragment with the shared metadata is a run', () => {
  assert.equal(runRecordOf(toolFragment(''))?.executionId, 'exec_1');
  assert.equal(runRecordOf(toolFragment('', { role: 'user' })), null);
  assert.equal(runRecordOf(toolFragment('', {}, { ...metadata, execution_id: 7 })), null);
  assert.equal(runRecordOf(toolFragment('', {}, { type: 'tool_command', tool: 'x', parameters: {} })), null);
});

test('a run rebuilt from its fragment is finished, with its output, result and error', () => {
  const error = { message: 'boom', code: 'TOOL_ERROR', recoverable: false };
  const fragment = toolFragment('1\n2\n', {}, { ...metadata, success: false, status: 'failed', error });
  const meta = runRecordOf(fragment);
  assert.ok(meta);
  const run = runFromFragment(fragment, meta);
  assert.equal(run.done, true);
  assert.deepEqual(run.output.lines.map((line) => line.text), ['1', '2']);
  assert.equal(run.result?.executionTime, 40);
  assert.equal(run.result?.outputChars, 10);
  assert.deepEqual(run.error, error);
});

test('output cut by the list or by the executor is known as cut', () => {
  const whole = toolFragment('1\n2\n');
  const listCut = toolFragment('1\n2\n3', { contentChars: 10 });
  const previewed = toolFragment('1\n', {}, { ...metadata, output_truncated: true });
  const check = (fragment: Fragment) => {
    const meta = runRecordOf(fragment);
    assert.ok(meta);
    return isOutputCut(fragment, meta);
  };
  assert.deepEqual([whole, listCut, previewed].map(check), [false, true, true]);
});

test('a cut output shows whole lines only', () => {
  assert.equal(wholeLines('1\n2\n3'), '1\n2\n');
  assert.equal(wholeLines('1\n2\n'), '1\n2\n');
  assert.equal(wholeLines('no newline at all'), 'no newline at all');
  const fragment = toolFragment('1\n2\n3', { contentChars: 10 });
  const meta = runRecordOf(fragment);
  assert.ok(meta);
  assert.deepEqual(runFromFragment(fragment, meta).output.lines.map((line) => line.text), ['1', '2']);
});

test('an unlisted run is rebuilt from its fragment with its own status and times', () => {
  const fragment = toolFragment('', {}, { ...metadata, status: 'cancelled', success: false });
  const meta = runRecordOf(fragment);
  assert.ok(meta);
  const execution = executionFromFragment(fragment, meta);
  assert.equal(execution.id, 'exec_1');
  assert.equal(execution.status, 'cancelled');
  assert.equal(execution.createdAt, 960);
  assert.equal(execution.finishedAt, 1000);
});
