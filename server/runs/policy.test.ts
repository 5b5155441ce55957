import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigSchema } from '../config/schema';
import { deniedMessage, policyFor } from './policy';

const mcpServers = { everything: { command: 'x' }, echo: { command: 'x' } };
const approvalsOf = (approvals: unknown) => ConfigSchema.parse({ mcpServers, approvals }).approvals;

test('defaults: a typed command runs, a call the model makes asks', () => {
  const none = approvalsOf(undefined);
  assert.deepEqual(none, { tools: {}, servers: {} });
  assert.deepEqual(policyFor(none, 'echo', 'user'), { policy: 'auto', setBy: null });
  assert.deepEqual(policyFor(none, 'everything.get-sum', 'model'), { policy: 'ask', setBy: null });
});

test('a configured policy applies to both; the tool beats its server', () => {
  const approvals = approvalsOf({ tools: { 'everything.echo': 'auto', shell: 'deny' }, servers: { everything: 'ask' } });
  assert.deepEqual(policyFor(approvals, 'everything.get-sum', 'user'), { policy: 'ask', setBy: 'approvals.servers.everything' });
  assert.deepEqual(policyFor(approvals, 'everything.echo', 'model'), { policy: 'auto', setBy: 'approvals.tools["everything.echo"]' });
  assert.deepEqual(policyFor(approvals, 'shell', 'user'), { policy: 'deny', setBy: 'approvals.tools.shell' });
  // A builtin's name is not a server key, and a server's entry covers only `<server>.<tool>`.
  assert.equal(policyFor(approvalsOf({ servers: { echo: 'deny' } }), 'echo', 'user').policy, 'auto');
});

test('the deny message names the tool, the policy and where it is set', () => {
  const approvals = approvalsOf({ tools: { shell: 'deny' } });
  assert.equal(deniedMessage('shell', policyFor(approvals, 'shell', 'user')), 'the tool "shell" is denied by approvals.tools.shell in fragments.config.json');
});

test('unknown keys and unknown policies are refused', () => {
  assert.equal(ConfigSchema.safeParse({ approvals: { tool: {} } }).success, false);
  assert.equal(ConfigSchema.safeParse({ approvals: { tools: { shell: 'never' } } }).success, false);
});

test('a server that is not configured is refused, so a misspelt deny cannot silently allow', () => {
  assert.equal(ConfigSchema.safeParse({ mcpServers, approvals: { servers: { everything: 'deny' }, tools: { 'everything.echo': 'ask' } } }).success, true);
  for (const approvals of [{ servers: { everyting: 'deny' } }, { tools: { 'everyting.echo': 'deny' } }]) {
    const parsed = ConfigSchema.safeParse({ mcpServers, approvals });
    assert.equal(parsed.success, false);
    assert.match(parsed.error?.issues[0]?.message ?? '', /no MCP server named "everyting" in mcpServers/);
  }
});
