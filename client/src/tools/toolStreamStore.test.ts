import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ErrorCode, ToolEvent } from '../../../shared/events';
import { initialToolRun, reduceToolEvent, statusOfRun } from './toolStreamStore';

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
  assert.equal(state.started, true);
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
  const error = { message: 'cancelled by the user', code: 'CANCELLED' as const, recoverable: true };
  const result = { tool: 'count', parameters: {}, executionTime: 12, success: false };
  const state = run([{ type: 'tool_complete', result }, { type: 'tool_error', error }, { type: 'done' }]);
  assert.deepEqual(state.result, result);
  assert.deepEqual(state.error, error);
  assert.equal(state.done, true);
});

test('a queued run shows its place as the queue moves, then runs: the status comes from the stream alone', () => {
  const states: ReturnType<typeof run>[] = [];
  const events: ToolEvent[] = [
    { type: 'tool_queued', position: 2 },
    { type: 'tool_queued', position: 1 },
    { type: 'tool_started', startedAt: 1_700_000_000_000 },
    { type: 'tool_output', content: 'hi\n' },
    { type: 'tool_complete', result: { tool: 'echo', parameters: {}, executionTime: 3, success: true } },
    { type: 'done' },
  ];
  let state = initialToolRun();
  assert.equal(statusOfRun(state), null, 'nothing known before the first event');
  for (const event of events) states.push((state = reduceToolEvent(state, event)));
  assert.deepEqual(
    states.map((s) => [statusOfRun(s), s.queuePosition]),
    [
      ['queued', 2],
      ['queued', 1],
      ['running', null],
      ['running', null],
      ['succeeded', null],
      ['succeeded', null],
    ],
  );
  assert.equal(state.startedAt, 1_700_000_000_000);
});

test('the status of an ended run follows its error code (the shared map) or its result', () => {
  const ended = (code: ErrorCode) => run([{ type: 'tool_complete', result: { tool: 't', parameters: {}, executionTime: 1, success: false } }, { type: 'tool_error', error: { message: 'x', code, recoverable: true } }]);
  assert.equal(statusOfRun(ended('CANCELLED')), 'cancelled');
  assert.equal(statusOfRun(ended('SERVER_RESTARTED')), 'interrupted');
  assert.equal(statusOfRun(ended('TIMEOUT')), 'failed');
  assert.equal(statusOfRun(run([{ type: 'tool_complete', result: { tool: 't', parameters: {}, executionTime: 1, success: false } }])), 'failed');
});

test('a run cancelled while queued never shows as running', () => {
  const state = run([
    { type: 'tool_queued', position: 1 },
    { type: 'tool_complete', result: { tool: 't', parameters: {}, executionTime: 0, success: false } },
    { type: 'tool_error', error: { message: 'cancelled by the user', code: 'CANCELLED', recoverable: true } },
    { type: 'done' },
  ]);
  assert.equal(state.started, false);
  assert.equal(statusOfRun(state), 'cancelled');
});
