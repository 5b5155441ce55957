import assert from 'node:assert/strict';
import { it } from 'node:test';
import { ToolRegistry } from './registry';

it('refuses a builtin named "prompt": /prompt is the command word of MCP prompts', () => {
  const registry = new ToolRegistry();
  const tool = { name: 'prompt', description: '', inputSchema: {}, source: { kind: 'builtin' as const }, call: async () => ({ isError: false, text: '' }) };
  assert.throws(() => registry.addBuiltin(tool as never), /"prompt" is the command word of MCP prompts, not a tool name/);
});
