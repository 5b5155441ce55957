import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cellText, tableOf } from './structured';

test('an array of flat objects is a table, columns in first-seen order, missing cells empty', () => {
  const table = tableOf([{ city: 'Oslo', temp: 3 }, { city: 'Lisbon', sky: 'sun', ok: true, note: null }]);
  assert.deepEqual(table?.columns, ['city', 'temp', 'sky', 'ok', 'note']);
  assert.equal(cellText(table?.rows[1]?.temp), '');
  assert.equal(cellText(table?.rows[1]?.ok), 'true');
  assert.equal(cellText(table?.rows[1]?.note), 'null');
});

test('anything else is not a table: nested values, non-objects, empty arrays, objects', () => {
  assert.equal(tableOf([{ a: { b: 1 } }]), null);
  assert.equal(tableOf([{ a: [1] }]), null);
  assert.equal(tableOf([1, 2]), null);
  assert.equal(tableOf([{ a: 1 }, 'x']), null);
  assert.equal(tableOf([]), null);
  assert.equal(tableOf([{}]), null);
  assert.equal(tableOf({ a: 1 }), null);
});
