import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Fragment } from '../../../shared/api';
import { earlierCursor, oldestFirst } from './fragmentPages';

const fragment = (id: string): Fragment => ({
  id,
  conversationId: 'conv_1',
  sessionId: 'sess_1',
  role: 'user',
  content: id,
  metadata: {},
  createdAt: 0,
});
const ids = (fragments: Fragment[]) => fragments.map((f) => f.id);

test('a full page points back from its oldest fragment; a short page is the start', () => {
  assert.equal(earlierCursor([fragment('b'), fragment('c')], 2), 'b');
  assert.equal(earlierCursor([fragment('c')], 2), undefined);
  assert.equal(earlierCursor([], 2), undefined);
});

test('pages (newest first) read oldest first', () => {
  const newest = [fragment('c'), fragment('d')];
  const earlier = [fragment('a'), fragment('b')];
  assert.deepEqual(ids(oldestFirst([newest, earlier])), ['a', 'b', 'c', 'd']);
  assert.deepEqual(ids(oldestFirst([])), []);
});

test('a fragment two pages both hold shows once', () => {
  assert.deepEqual(ids(oldestFirst([[fragment('b'), fragment('c')], [fragment('a'), fragment('b')]])), ['a', 'b', 'c']);
});
