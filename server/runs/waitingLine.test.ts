import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WaitingLine } from './waitingLine';

test('runs join at the end and move up as the ones ahead leave', () => {
  const line = new WaitingLine();
  assert.deepEqual(['a', 'b', 'c', 'd'].map((id) => line.join(id)), [1, 2, 3, 4]);
  assert.deepEqual(line.leave('a'), [
    { id: 'b', position: 1 },
    { id: 'c', position: 2 },
    { id: 'd', position: 3 },
  ]);
  // A run cancelled in the middle moves only those behind it.
  assert.deepEqual(line.leave('c'), [{ id: 'd', position: 2 }]);
  assert.deepEqual(line.leave('d'), []);
  assert.equal(line.leave('nope'), null);
  assert.equal(line.positionOf('b'), 1);
  assert.equal(line.positionOf('a'), null);
  assert.equal(line.size, 1);
});
