import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { StatusBadge } from './StatusBadge';

type Props = Parameters<typeof StatusBadge>[0];
const badge = (props: Partial<Props> & Pick<Props, 'status'>) =>
  renderToString(createElement(StatusBadge, { queuePosition: null, startedAt: null, executionTime: null, ...props })).replaceAll('<!-- -->', '');

test('a denied run says Denied, in the quiet colours, with no time: nothing ran', () => {
  const out = badge({ status: 'failed', errorCode: 'DENIED', startedAt: null, finishedAt: 1_000 });
  assert.match(out, />Denied</);
  assert.match(out, /badge badge-denied/);
  assert.doesNotMatch(out, /Failed|ms/);
});

test('a cancelled run says how long it ran, from its record when it has no result', () => {
  assert.match(badge({ status: 'cancelled', startedAt: 10_000, finishedAt: 12_500 }), />Cancelled · 2\.5 s</);
  // Stopped in the queue: it never started, so there is no time to give.
  assert.match(badge({ status: 'cancelled', startedAt: null, finishedAt: 12_500 }), />Cancelled</);
});

test('a failure without a result is timed from its record; a result’s own time wins', () => {
  assert.match(badge({ status: 'failed', errorCode: 'TOOL_TIMEOUT', startedAt: 0, finishedAt: 1_500 }), />Failed · 1\.5 s</);
  assert.match(badge({ status: 'succeeded', executionTime: 42, startedAt: 0, finishedAt: 9_000 }), />Done · 42 ms</);
});

test('a running tool that asked the user says it waits for the answer', () => {
  assert.match(badge({ status: 'running', startedAt: 1_000, waitingForInput: true }), />Waiting for your answer</);
});
