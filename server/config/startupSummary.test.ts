import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseConfig } from './load';
import { startupSummary } from './startupSummary';

const config = (json: unknown) => parseConfig(JSON.stringify(json), 'cfg.json');

test('with a model configured, the start-up lines name it and where it is, never the key', () => {
  const lines = startupSummary({
    config: config({ ai: { baseUrl: 'http://127.0.0.1:11434/v1', apiKey: 'sk-secret', model: 'llama3.2' } }),
    configSource: null,
  });
  assert.deepEqual(lines, ['config: none', 'tools: builtin only', 'AI model: llama3.2 at http://127.0.0.1:11434/v1']);
  assert.doesNotMatch(lines.join('\n'), /sk-secret/);
});

test('without one, they say so and how to set one; MCP servers are named', () => {
  const lines = startupSummary({ config: config({ mcpServers: { everything: { command: 'npx', args: [] } } }), configSource: 'fragments.config.json' });
  assert.equal(lines[0], 'config: fragments.config.json');
  assert.equal(lines[1], 'tools: builtin + MCP servers everything');
  assert.match(lines[2] ?? '', /^AI model: none .*OPENAI_BASE_URL/);
});
