import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createStreamStore, isAfter, type StreamProgress } from './createStreamStore';

interface Seen extends StreamProgress {
  events: string[];
}

/** A store that records events, flushed by hand (there are no animation frames in node). */
function recordingStore() {
  const flushes: (() => void)[] = [];
  const store = createStreamStore<Seen, string>(
    () => ({ lastEventId: null, done: false, events: [] }),
    (state, event) => ({ ...state, events: [...state.events, event], done: event === 'done' }),
    (flush) => flushes.push(flush),
  );
  return { store, flushAll: () => flushes.splice(0).forEach((flush) => flush()), pending: () => flushes.length };
}

test('event ids compare as numbers, not as strings', () => {
  assert.equal(isAfter('10', '9'), true);
  assert.equal(isAfter('9', '10'), false);
  assert.equal(isAfter('5', '5'), false);
  assert.equal(isAfter('1', null), true);
});

test('an event at or before the last applied id is a duplicate and dropped (a resume never repeats a line)', () => {
  const { store } = recordingStore();
  store.apply('s', '1', 'a');
  store.apply('s', '2', 'b');
  store.apply('s', '2', 'b again');
  store.apply('s', '1', 'a again');
  store.apply('s', '10', 'c');
  store.apply('s', '9', 'late');
  assert.deepEqual(store.get('s')?.events, ['a', 'b', 'c']);
  assert.equal(store.get('s')?.lastEventId, '10');
});

test('streams are kept apart by id', () => {
  const { store } = recordingStore();
  store.apply('one', '1', 'a');
  store.apply('two', '1', 'b');
  assert.deepEqual(store.get('one')?.events, ['a']);
  assert.deepEqual(store.get('two')?.events, ['b']);
  assert.equal(store.get('three'), undefined);
});

test('listeners hear once per flush however many events arrived, and only for their stream', () => {
  const { store, flushAll, pending } = recordingStore();
  let heardOne = 0;
  let heardTwo = 0;
  const stop = store.subscribe('one', () => heardOne++);
  store.subscribe('two', () => heardTwo++);
  for (let i = 1; i <= 100; i++) store.apply('one', String(i), `line ${i}`);
  assert.equal(pending(), 1);
  flushAll();
  assert.equal(heardOne, 1);
  assert.equal(heardTwo, 0);
  stop();
  store.apply('one', '101', 'more');
  flushAll();
  assert.equal(heardOne, 1);
});

test('update changes state outside the event flow without moving the resume point', () => {
  const { store } = recordingStore();
  store.apply('s', '3', 'a');
  store.update('s', (state) => ({ ...state, events: [...state.events, 'note'] }));
  assert.deepEqual(store.get('s')?.events, ['a', 'note']);
  assert.equal(store.get('s')?.lastEventId, '3');
});
