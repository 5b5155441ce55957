import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OutputSchemaCheck } from './outputCheck';

const schema = {
  type: 'object',
  properties: { rows: { type: 'array', items: { type: 'object', properties: { city: { type: 'string' }, temp: { type: 'number' } }, required: ['city'] } } },
  required: ['rows'],
};

describe('OutputSchemaCheck', () => {
  const check = new OutputSchemaCheck();
  it('says nothing for a matching result, or a tool without an outputSchema', () => {
    assert.deepEqual(check.check('t', schema, { isError: false, structuredContent: { rows: [{ city: 'Oslo', temp: 3 }] } }), []);
    assert.deepEqual(check.check('u', undefined, { isError: false, structuredContent: 42 }), []);
  });

  it('names the path that failed', () => {
    const [warning] = check.check('t', schema, { isError: false, structuredContent: { rows: [{ city: 'Oslo' }, { temp: 'warm' }] } });
    assert.match(warning ?? '', /does not match the tool's outputSchema/);
    assert.match(warning ?? '', /rows\[1\]\.city is required/);
    assert.match(warning ?? '', /rows\[1\]\.temp must be number/);
  });

  it('warns when a tool with an outputSchema returns no structuredContent, but not for an isError result', () => {
    assert.match(check.check('t', schema, { isError: false })[0] ?? '', /returned no structuredContent/);
    assert.deepEqual(check.check('t', schema, { isError: true }), []);
  });

  it('reads a schema without $schema as 2020-12 and one that says draft-07 as draft-07', () => {
    // prefixItems is a 2020-12 keyword; draft-07 ignores it.
    const tuple = { type: 'array', prefixItems: [{ type: 'string' }] };
    assert.equal(check.check('a', tuple, { isError: false, structuredContent: [1] }).length, 1);
    assert.equal(check.check('b', { $schema: 'http://json-schema.org/draft-07/schema#', ...tuple }, { isError: false, structuredContent: [1] }).length, 0);
  });

  it('never fetches a remote $ref: the schema is reported unusable instead', () => {
    const remote = { type: 'object', properties: { a: { $ref: 'https://example.invalid/schemas/a.json' } } };
    assert.match(check.check('r', remote, { isError: false, structuredContent: { a: 1 } })[0] ?? '', /outputSchema is unusable \(can't resolve reference/);
  });
});
