import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ToolInfo } from '../../../shared/api';
import { argumentHints, filterTools, readCommandInput } from './toolSchema';

const tool = (name: string, inputSchema: Record<string, unknown> = {}): ToolInfo => ({
  name,
  description: '',
  inputSchema,
  source: { kind: 'builtin' },
});

describe('argumentHints', () => {
  test('required arguments first, each with a short type and its description', () => {
    const hints = argumentHints(
      tool('count', {
        type: 'object',
        properties: {
          intervalMs: { type: 'integer' },
          to: { type: 'integer', description: 'last number' },
          mode: { enum: ['up', 'down'] },
          tags: { type: 'array', items: { type: 'string' } },
          either: { anyOf: [{ type: 'string' }, { type: 'number' }] },
          loose: {},
        },
        required: ['to'],
      }),
    );
    assert.deepEqual(hints, [
      { name: 'to', type: 'integer', required: true, description: 'last number' },
      { name: 'intervalMs', type: 'integer', required: false, description: undefined },
      { name: 'mode', type: '"up" | "down"', required: false, description: undefined },
      { name: 'tags', type: 'string[]', required: false, description: undefined },
      { name: 'either', type: 'string | number', required: false, description: undefined },
      { name: 'loose', type: 'any', required: false, description: undefined },
    ]);
  });

  test('a schema without properties gives no hints', () => {
    assert.deepEqual(argumentHints(tool('echo', { type: 'object' })), []);
    assert.deepEqual(argumentHints(tool('echo', { properties: 'nonsense', required: 'to' })), []);
  });
});

describe('filterTools', () => {
  const tools = ['echo', 'count', 'everything.echo', 'everything.get-sum'].map((name) => tool(name));
  test('name prefixes first, then names that contain what was typed, case-insensitively', () => {
    assert.deepEqual(filterTools(tools, 'EC').map((t) => t.name), ['echo', 'everything.echo']);
    assert.deepEqual(filterTools(tools, '').length, 4);
    assert.deepEqual(filterTools(tools, 'nothing'), []);
  });
  test('a title matches too, after the names', () => {
    const titled = [...tools, { ...tool('results.forecast'), title: 'Weather forecast' }];
    assert.deepEqual(filterTools(titled, 'weather').map((t) => t.name), ['results.forecast']);
    assert.deepEqual(filterTools(titled, 'e').map((t) => t.name).at(-1), 'results.forecast');
  });
});

describe('readCommandInput', () => {
  test('a name being typed, then its arguments', () => {
    assert.deepEqual(readCommandInput('/'), { stage: 'name', typed: '' });
    assert.deepEqual(readCommandInput('/ech'), { stage: 'name', typed: 'ech' });
    assert.deepEqual(readCommandInput('/echo '), { stage: 'arguments', tool: 'echo' });
    assert.deepEqual(readCommandInput('/echo text=hi'), { stage: 'arguments', tool: 'echo' });
  });

  test('plain text and an escaped slash are not commands', () => {
    assert.equal(readCommandInput('hello'), null);
    assert.equal(readCommandInput('//echo'), null);
    assert.equal(readCommandInput(''), null);
  });
});
