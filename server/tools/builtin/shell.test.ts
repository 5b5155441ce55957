import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { Tool, ToolCallResult } from '../types';
import { createShellTool } from './shell';

/** Runs the tool for real and keeps what it printed. */
async function run(tool: Tool, command: string): Promise<{ result: ToolCallResult; output: string }> {
  let output = '';
  const ctx = { signal: new AbortController().signal, output: (text: string) => void (output += text), progress: () => undefined };
  const result = await tool.call({ command }, ctx);
  return { result, output };
}

describe('shell tool environment', () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
  });

  it('does not pass the server’s secrets to programs (regression: FRAGMENTS_TOKEN reached `env`), only a whitelist and builtins.shell.env', async () => {
    process.env.FRAGMENTS_TOKEN = 'token-that-must-not-leak';
    process.env.OPENAI_API_KEY = 'key-that-must-not-leak';
    process.env.LANG = 'C.UTF-8';
    const tool = createShellTool({ allow: ['env'], env: { GREETING: 'hello from the config' } });
    const { result, output } = await run(tool, 'env');
    assert.equal(result.isError, false);
    assert.doesNotMatch(output, /must-not-leak/);
    assert.match(output, /^GREETING=hello from the config$/m);
    assert.match(output, /^PATH=/m);
    assert.match(output, /^LANG=C\.UTF-8$/m);
  });
});
