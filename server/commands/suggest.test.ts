import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { nearestNames } from './suggest';

const known = [
  'echo',
  'count',
  'shell',
  'everything.echo',
  'everything.get-sum',
  'everything.get-env',
  'everything.longRunningOperation',
  'files.read_file',
];

// [query, expected]
const cases: Array<[string, string[]]> = [
  ['ech', ['echo', 'everything.echo']],
  ['ecoh', ['echo', 'everything.echo']],
  ['ECHO', ['echo', 'everything.echo']],
  ['Count', ['count']],
  ['coutn', ['count']],
  ['shel', ['shell']],
  ['get-sum', ['everything.get-sum']],
  ['getsum', ['everything.get-sum']],
  ['get', ['everything.get-env', 'everything.get-sum']],
  ['everthing.echo', ['everything.echo', 'echo']],
  ['everything.ecoh', ['everything.echo', 'echo']],
  ['everything.get-sun', ['everything.get-sum']],
  ['everything.get', ['everything.get-env', 'everything.get-sum']],
  ['evrything.get-sum', ['everything.get-sum']],
  ['nosuch.longrunning', ['everything.longRunningOperation']],
  ['other.echo', ['echo', 'everything.echo']],
  ['long', ['everything.longRunningOperation']],
  ['longrunningoperation', ['everything.longRunningOperation']],
  ['read-file', ['files.read_file']],
  ['file', ['files.read_file']],
  ['hi', []],
  ['xyz', []],
  ['e', []],
  ['', []],
  ['totally-unrelated', []],
  ['😀', []],
];

describe('nearestNames', () => {
  for (const [query, expected] of cases) {
    test(JSON.stringify(query), () => {
      assert.deepEqual(nearestNames(query, known), expected);
    });
  }

  test('max limits the number of suggestions', () => {
    assert.deepEqual(nearestNames('ech', known, 1), ['echo']);
    assert.deepEqual(nearestNames('ech', known, 0), []);
    assert.equal(nearestNames('everything', known).length, 3);
  });

  test('the order does not depend on the order of the known names', () => {
    const reversed = [...known].reverse();
    for (const [query] of cases) assert.deepEqual(nearestNames(query, reversed), nearestNames(query, known), query);
  });

  test('duplicates in the known names are suggested once', () => {
    assert.deepEqual(nearestNames('ech', ['echo', 'echo']), ['echo']);
  });

  test('no known names, no suggestions', () => {
    assert.deepEqual(nearestNames('echo', []), []);
  });
});
