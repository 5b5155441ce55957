import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ToolNameTable } from './toolNames';

const VALID = /^[a-zA-Z0-9_-]{1,64}$/;

describe('ToolNameTable', () => {
  it('gives every tool a name the API accepts and maps it back', () => {
    const names = ['echo', 'everything.get-sum', 'edge.weird name!', `srv.${'x'.repeat(100)}`];
    const table = new ToolNameTable(names);
    for (const name of names) {
      const api = table.apiName(name);
      assert.match(api, VALID);
      assert.equal(table.toolName(api), name);
    }
    assert.equal(table.apiName('everything.get-sum'), 'everything__get-sum');
  });

  it('keeps colliding names apart', () => {
    const names = ['a.b', 'a__b', 'a_b', 'a b', `s.${'y'.repeat(80)}`, `s.${'y'.repeat(81)}`];
    const table = new ToolNameTable(names);
    const api = names.map((name) => table.apiName(name));
    assert.equal(new Set(api).size, names.length);
    for (const [i, name] of names.entries()) {
      assert.match(api[i] ?? '', VALID);
      assert.equal(table.toolName(api[i] ?? ''), name);
    }
    assert.equal(table.toolName('never_offered'), undefined);
  });
});
