import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { InputAnswer } from '../../shared/events';
import type { InputQuestion, ToolContext } from '../tools/types';
import { Elicitations, questionOf } from './elicitation';

/** A call's context that records what it was asked and answers `answer`. */
function call(answer: InputAnswer['action'] = 'decline'): ToolContext & { asked: InputQuestion[] } {
  const asked: InputQuestion[] = [];
  return {
    asked,
    signal: new AbortController().signal,
    output: () => undefined,
    progress: () => undefined,
    ask: async (question) => {
      asked.push(question);
      return { requestId: 'input_1', action: answer };
    },
  };
}

test('a URL that is not http(s) is refused to the server: the page would make it a link', () => {
  assert.throws(() => questionOf({ mode: 'url', message: 'm', url: 'javascript:alert(1)' }), /only http and https URLs are opened, not javascript:/);
  assert.throws(() => questionOf({ mode: 'url', message: 'm', url: 'not a url' }), /is not a URL/);
  assert.deepEqual(questionOf({ mode: 'url', message: 'm', url: 'https://a.example/x' }), { mode: 'url', message: 'm', url: 'https://a.example/x' });
  // A form without mode is a form (2025-06-18 servers send none).
  assert.deepEqual(questionOf({ message: 'm', requestedSchema: { type: 'object' } }), { mode: 'form', message: 'm', schema: { type: 'object' } });
});

test('a request while no call of the server runs is refused with the reason', async () => {
  await assert.rejects(new Elicitations('srv').handle({ params: { message: 'hi', requestedSchema: {} } }), /answers elicitation from "srv" only while one of its tools runs/);
});

test('a request goes to the call it runs inside, else to the call its progress token names', async () => {
  const elicitations = new Elicitations('srv');
  const first = call();
  const second = call('accept');
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  const firstCall = elicitations.within(first, 'srv-1', () => held);
  // Inside the second call's own async context: it is the one asked, though the first started first.
  const answer = await elicitations.within(second, 'srv-2', () => elicitations.handle({ params: { message: 'inside', requestedSchema: {} } }));
  assert.deepEqual(answer, { action: 'accept' });
  assert.deepEqual([first.asked.length, second.asked.length], [0, 1]);
  // From outside any call (a stdio message), a progress token of ours picks the call.
  const third = call();
  const thirdCall = elicitations.within(third, 'srv-3', () => held);
  await elicitations.handle({ params: { message: 'by token', requestedSchema: {}, _meta: { progressToken: 'srv-3' } } });
  assert.deepEqual([first.asked.length, third.asked.length], [0, 1]);
  // With neither, the call that started first.
  await elicitations.handle({ params: { message: 'unknown', requestedSchema: {} } });
  assert.equal(first.asked.length, 1);
  release();
  await Promise.all([firstCall, thirdCall]);
});
