import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError } from './errors';
import { loadConfig, parseConfig } from './load';

describe('config', () => {
  it('accepts the standard mcpServers block and fills defaults', () => {
    const config = parseConfig(
      JSON.stringify({
        mcpServers: {
          everything: { command: 'npx', args: ['mcp-server-everything'], env: {} },
          remote: { url: 'http://127.0.0.1:3001/mcp' },
        },
      }),
      'fragments.config.json',
    );
    assert.deepEqual(config.mcpServers.everything, { command: 'npx', args: ['mcp-server-everything'], env: {} });
    assert.deepEqual(config.mcpServers.remote, { url: 'http://127.0.0.1:3001/mcp', headers: {} });
    assert.equal(config.queue.concurrency, 4);
    assert.equal(config.timeouts.default.idleMs, 300_000);
    assert.deepEqual(config.builtins.shell.allow, []);
    assert.deepEqual(config.ai, { contextBudgetChars: 48_000, firstTokenTimeoutMs: 120_000, idleTimeoutMs: 60_000, maxToolRounds: 8 });
  });

  const bad: [string, string, RegExp][] = [
    ['not JSON', '{"mcpServers": ', /cfg\.json is not valid JSON/],
    ['a server with neither command nor url', '{"mcpServers": {"x": {"args": []}}}', /mcpServers\.x: expected either/],
    ['a dotted server name', '{"mcpServers": {"a.b": {"command": "x"}}}', /mcpServers\["a\.b"\]: server names may only hold letters, digits/],
    ['an approval policy that does not exist', '{"approvals": {"tools": {"echo": "maybe"}}}', /approvals\.tools\.echo: Invalid option: expected one of "auto"\|"ask"\|"deny"/],
    ['approvals for a server that is not configured', '{"approvals": {"servers": {"nope": "deny"}}}', /approvals\.servers\.nope: no MCP server named "nope" in mcpServers/],
    ['a wrong type', '{"queue": {"concurrency": "four"}}', /queue\.concurrency: .*number/],
    ['an unknown key', '{"mcpServer": {}}', /\(top level\): unknown field\(s\) "mcpServer"/],
    ['a non-http url', '{"mcpServers": {"x": {"url": "ftp://h/mcp"}}}', /mcpServers\.x/],
    ['a "disabled" that is not a boolean', '{"mcpServers": {"x": {"command": "x", "disabled": "yes"}}}', /mcpServers\.x: disabled: Invalid input: expected boolean, received string/],
    ['an unknown key in a server entry', '{"mcpServers": {"x": {"url": "http://h/mcp", "disable": true}}}', /mcpServers\.x: unknown field\(s\) "disable"/],
    ['a negative ai.maxToolRounds', '{"ai": {"maxToolRounds": -1}}', /ai\.maxToolRounds: .*>=0/],
    ['an unknown ai key', '{"ai": {"temperature": 0.2}}', /ai: unknown field\(s\) "temperature"/],
    ['a relative shell program path', '{"builtins": {"shell": {"allow": ["./ls"]}}}', /builtins\.shell\.allow.*0.*: a program name \(looked up on PATH\) or an absolute path/],
  ];
  for (const [label, text, message] of bad) {
    it(`refuses ${label} with a message naming the file and the field`, () => {
      assert.throws(() => parseConfig(text, 'cfg.json'), (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, /cfg\.json/);
        assert.match(error.message, message);
        return true;
      });
    });
  }

  it('uses defaults when there is no config file, and refuses a missing FRAGMENTS_CONFIG', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    assert.equal(loadConfig({}, dir).source, null);
    assert.throws(() => loadConfig({ FRAGMENTS_CONFIG: 'nope.json' }, dir), /FRAGMENTS_CONFIG names .*nope\.json/);
    writeFileSync(join(dir, 'fragments.config.json'), '{"queue": {"maxQueued": -1}}');
    assert.throws(() => loadConfig({}, dir), /fragments\.config\.json[^]*queue\.maxQueued/);
  });
});
