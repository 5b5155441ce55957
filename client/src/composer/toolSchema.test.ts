import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ToolInfo } from '../../../shared/api';
import { matchEntries, paletteEntries } from './paletteEntries';
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

describe('prompts in the palette', () => {
  test('`/prompt <server>.<prompt>` is one command name of two words', () => {
    assert.deepEqual(readCommandInput('/prompt'), { stage: 'name', typed: 'prompt' });
    assert.deepEqual(readCommandInput('/prompt '), { stage: 'name', typed: 'prompt ' });
    assert.deepEqual(readCommandInput('/prompt every'), { stage: 'name', typed: 'prompt every' });
    assert.deepEqual(readCommandInput('/prompt   everything.args-prompt city=Paris'), { stage: 'arguments', tool: 'prompt everything.args-prompt' });
    // A tool whose name merely starts with "prompt" is still a tool.
    assert.deepEqual(readCommandInput('/prompts.list x=1'), { stage: 'arguments', tool: 'prompts.list' });
  });

  test('prompts are entries marked as prompts, with their arguments as hints', () => {
    const entries = paletteEntries(
      [tool('echo', { type: 'object', properties: { text: { type: 'string' } } })],
      [{ name: 'everything.args-prompt', server: 'everything', prompt: 'args-prompt', description: 'Asks', arguments: [{ name: 'state', required: false }, { name: 'city', description: 'Name of the city', required: true }] }],
    );
    assert.deepEqual(entries.map((entry) => [entry.name, entry.kind]), [['echo', 'builtin'], ['prompt everything.args-prompt', 'prompt']]);
    assert.deepEqual(argumentHints(entries[1] ?? tool('none')), [
      { name: 'city', type: 'string', required: true, description: 'Name of the city' },
      { name: 'state', type: 'string', required: false, description: undefined },
    ]);
    // Typing the server's name finds its tools first, then its prompts; `/prompt ` only prompts.
    assert.deepEqual(matchEntries(entries, 'prompt ').map((entry) => entry.name), ['prompt everything.args-prompt']);
    assert.deepEqual(matchEntries(entries, 'prompt args').map((entry) => entry.name), ['prompt everything.args-prompt']);
    assert.deepEqual(matchEntries(entries, 'prompt ech'), []);
    assert.deepEqual(matchEntries(entries, 'every').map((entry) => entry.name), ['prompt everything.args-prompt']);
    assert.deepEqual(matchEntries(entries, 'ec').map((entry) => entry.name), ['echo']);
  });
});
