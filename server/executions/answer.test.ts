import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PROFILE_SCHEMA } from '../integration/fixtures/elicit-schema';
import { checkedAnswer } from './answer';

const schema = PROFILE_SCHEMA as unknown as Record<string, unknown>;

test('fields left out get their defaults; given ones are kept as they are', () => {
  assert.deepEqual(checkedAnswer(schema, { name: 'Ada', email: 'a@b.co', color: 'red' }), {
    name: 'Ada', email: 'a@b.co', color: 'red', height: 1.75, subscribe: false, tags: ['news'],
  });
});

test('every bad field is named, with its title, in one message', () => {
  assert.throws(
    () => checkedAnswer(schema, { email: 'nope', age: 1.5, tags: ['spam'], birthday: 'yesterday' }),
    (error: Error & { code?: string }) =>
      error.code === 'BAD_ARGUMENTS' &&
      /field "name" \(Full name\) is required/.test(error.message) &&
      /field "email" \(Email\) must match format "email"/.test(error.message) &&
      /field "age" \(Age\) must be integer/.test(error.message) &&
      /field "tags" \(Tags\) must be one of "news", "tips", "offers"/.test(error.message) &&
      /field "birthday" \(Birthday\) must match format "date"/.test(error.message),
  );
});

test("a schema the server got wrong is the server's problem, said so", () => {
  assert.throws(() => checkedAnswer({ type: 'object', properties: { a: { type: 'nonsense' } } }, {}), /the server's requested schema is invalid/);
});
