import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PROFILE_SCHEMA } from '../../../server/integration/fixtures/elicit-schema';
import { contentOf, displayValue, fieldsOf, hostOf, initialValues, problemsByField } from './schemaForm';

const schema = PROFILE_SCHEMA as unknown as Record<string, unknown>;

test('each field kind the spec allows becomes its input, with titles, descriptions and required marks', () => {
  const fields = fieldsOf(schema);
  const kinds = Object.fromEntries(fields.map((field) => [field.name, field.kind]));
  assert.deepEqual(kinds, {
    name: 'text', email: 'email', homepage: 'url', birthday: 'date', meeting: 'datetime', age: 'integer',
    height: 'number', subscribe: 'boolean', color: 'select', size: 'select', tags: 'multiselect', rooms: 'multiselect',
  });
  const name = fields.find((field) => field.name === 'name');
  assert.deepEqual([name?.label, name?.description, name?.required, name?.minLength], ['Full name', 'As on your passport', true, 1]);
  assert.deepEqual(fields.find((field) => field.name === 'size')?.choices, [{ value: 's', label: 'Small' }, { value: 'l', label: 'Large' }]);
  assert.deepEqual(fields.find((field) => field.name === 'rooms')?.choices, [{ value: 'a', label: 'Room A' }, { value: 'b', label: 'Room B' }]);
  assert.deepEqual(fields.find((field) => field.name === 'age'), { name: 'age', label: 'Age', kind: 'integer', required: false, choices: [], min: 0, max: 150 });
});

test('defaults are pre-filled; an untouched empty input is left out so the server applies its default', () => {
  const values = initialValues(schema);
  assert.deepEqual(values, { name: '', email: '', homepage: '', birthday: '', meeting: '', age: '', height: '1.75', subscribe: false, color: 'green', size: '', tags: ['news'], rooms: [] });
  const content = contentOf(fieldsOf(schema), { ...values, name: 'Ada', age: '36', height: '' });
  assert.deepEqual(content, { name: 'Ada', age: 36, subscribe: false, color: 'green', tags: ['news'], rooms: [] });
});

test('a date-time is sent as an ISO instant; a number that does not parse is sent as typed for the server to name', () => {
  const fields = fieldsOf(schema);
  const content = contentOf(fields, { meeting: '2026-12-04T10:30', age: 'twelve' });
  assert.equal(content.meeting, new Date('2026-12-04T10:30').toISOString());
  assert.equal(content.age, 'twelve');
});

test("the server's refusal is split by field; the rest stays under the form", () => {
  const fields = fieldsOf(schema);
  const split = problemsByField('invalid answer: field "email" (Email) must match format "email"; field "name" (Full name) is required', fields);
  assert.deepEqual(split, { byField: { email: 'must match format "email"', name: 'is required' }, rest: null });
  assert.deepEqual(problemsByField('request x is not open', fields), { byField: {}, rest: 'request x is not open' });
});

test('answers read as their labels; a URL is shown by its host', () => {
  const fields = fieldsOf(schema);
  assert.equal(displayValue(fields.find((f) => f.name === 'rooms'), ['a', 'b']), 'Room A, Room B');
  assert.equal(displayValue(fields.find((f) => f.name === 'subscribe'), false), 'No');
  assert.equal(hostOf('https://auth.example.com:8443/consent?x=1'), 'auth.example.com:8443');
  assert.equal(hostOf('not a url'), 'not a url');
});
