import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ToolEvent } from '../../../shared/events';
import { initialToolRun, reduceToolEvent } from './toolStreamStore';

const run = (events: ToolEvent[]) => events.reduce(reduceToolEvent, initialToolRun());

test('output chunks become lines, stderr kept apart, and the run counts as started', () => {
  const state = run([
    { type: 'tool_output', content: '1\n2' },
    { type: 'tool_output', content: '0\n' },
    { type: 'tool_output', content: 'warning\n', stream: 'stderr' },
  ]);
  assert.deepEqual(state.output.lines, [
    { text: '1', kind: 'out' },
    { text: '20', kind: 'out' },
    { text: 'warning', kind: 'stderr' },
  ]);
  assert.equal(state.active, true);
  assert.equal(state.revision, 3);
});

test('progress keeps only the latest report', () => {
  const state = run([
    { type: 'tool_progress', progress: 1, total: 4 },
    { type: 'tool_progress', progress: 2, total: 4, message: 'half' },
  ]);
  assert.deepEqual(state.progress, { progress: 2, total: 4, message: 'half' });
});

test('a failed run ends with its result, its error and done', () => {
  const error = { message: 'cancelled by the user', code: 'CANCELLED', recoverable: true };
  const result = { tool: 'count', parameters: {}, executionTime: 12, success: false };
  const state = run([{ type: 'tool_complete', result }, { type: 'tool_error', error }, { type: 'done' }]);
  assert.deepEqual(state.result, result);
  assert.deepEqual(state.error, error);
  assert.equal(state.done, true);
});
