/**
 * Issue 18 item 2: a name the user picks for a config map's key must mean only its own entry. Over
 * every name Object.prototype and Function.prototype hold, and random names, for every map the
 * config has: a reserved name is refused with its path, any other is kept, and the answers that
 * depend on it (approval policy, timeouts, environments) are those of an ordinary name.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { stdioEnvironment } from '../mcp/transport';
import { policyFor } from '../runs/policy';
import { timeoutsFor } from '../runs/timeouts';
import { programEnvironment } from '../tools/builtin/shell';
import { ConfigError, fieldOf } from './errors';
import { parseConfig } from './load';
import { RESERVED_KEYS } from './ownKeys';
import type { Config, StdioServerConfig } from './schema';

const INHERITED = [...new Set([...Object.getOwnPropertyNames(Object.prototype), ...Object.getOwnPropertyNames(Function.prototype), 'prototype'])];
/** Server names may only hold letters, digits, `-` and `_`; every inherited name above fits. */
const name = fc.oneof(fc.constantFrom(...INHERITED), fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/));
const policy = fc.constantFrom('auto', 'ask', 'deny' as const);
const requestedBy = fc.constantFrom('user', 'model' as const);

/** Configured entries for other names, so the lookups have something to miss. */
const BASE = {
  mcpServers: { plain: { command: 'x' }, everything: { command: 'x' } },
  approvals: { servers: { everything: 'deny' }, tools: { 'everything.echo': 'auto', shell: 'deny' } },
  timeouts: { tools: { shell: { idleMs: 7 } } },
} as const;

/** Every config map keyed by a user's name: where it is, and a config holding `key` in it. */
const MAPS: { path: string[]; with(key: string): unknown }[] = [
  { path: ['mcpServers'], with: (key) => ({ mcpServers: { [key]: { command: 'x' } } }) },
  { path: ['mcpServers', 's', 'env'], with: (key) => ({ mcpServers: { s: { command: 'x', env: { [key]: 'v' } } } }) },
  { path: ['mcpServers', 's', 'headers'], with: (key) => ({ mcpServers: { s: { url: 'http://127.0.0.1:1/mcp', headers: { [key]: 'v' } } } }) },
  { path: ['approvals', 'servers'], with: (key) => ({ mcpServers: { [key]: { command: 'x' } }, approvals: { servers: { [key]: 'ask' } } }) },
  { path: ['approvals', 'tools'], with: (key) => ({ approvals: { tools: { [key]: 'ask' } } }) },
  { path: ['timeouts', 'tools'], with: (key) => ({ timeouts: { tools: { [key]: { idleMs: 5 } } } }) },
  { path: ['builtins', 'shell', 'env'], with: (key) => ({ builtins: { shell: { env: { [key]: 'v' } } } }) },
];

/** The config file text, as JSON.parse will read it: a computed `__proto__` key is an own property, and JSON.stringify writes it. */
const parse = (raw: unknown): Config => parseConfig(JSON.stringify(raw), 'cfg.json');

function mapAt(config: Config, path: string[]): Record<string, unknown> {
  return path.reduce<unknown>((value, key) => (value as Record<string, unknown>)[key], config) as Record<string, unknown>;
}

describe('config maps keyed by a user’s name', () => {
  test('a reserved name is refused naming its path; any other is kept as an own entry', () => {
    fc.assert(
      fc.property(name, fc.constantFrom(...MAPS), (key, map) => {
        if (RESERVED_KEYS.has(key)) {
          assert.throws(() => parse(map.with(key)), (error: Error) => {
            assert.ok(error instanceof ConfigError);
            assert.ok(error.message.includes(`${fieldOf([...map.path, key])}: "${key}" cannot be used as a name`), error.message);
            return true;
          });
          return;
        }
        const held = mapAt(parse(map.with(key)), map.path);
        assert.ok(Object.hasOwn(held, key), `${fieldOf([...map.path, key])} was dropped`);
      }),
      { examples: INHERITED.flatMap((key) => MAPS.map((map): [string, (typeof MAPS)[number]] => [key, map])) },
    );
  });

  test('a name with no entry gets the answer an ordinary unknown name gets', () => {
    const config = parse(BASE);
    fc.assert(
      fc.property(name.filter((key) => !RESERVED_KEYS.has(key)), requestedBy, (key, who) => {
        // `key` as a server with no approvals entry of its own, and as a tool name (a builtin's).
        const asServer = parse({ ...BASE, mcpServers: { ...BASE.mcpServers, [key]: { command: 'x' } } });
        const unknownServer = key === 'everything' ? 'plain' : key;
        assert.deepEqual(policyFor(asServer.approvals, `${unknownServer}.tool`, who), policyFor(asServer.approvals, 'plain.tool', who));
        if (key !== 'shell') {
          assert.deepEqual(policyFor(config.approvals, key, who), policyFor(config.approvals, 'no-such-tool', who));
          assert.deepEqual(timeoutsFor(config.timeouts, key), timeoutsFor(config.timeouts, 'no-such-tool'));
          assert.deepEqual(timeoutsFor(config.timeouts, `${key}.tool`), config.timeouts.default);
        }
        // An environment holds exactly the whitelist and what was configured.
        assert.ok(!Object.hasOwn(programEnvironment(config.builtins.shell.env, {}), key));
      }),
      { examples: INHERITED.filter((key) => !RESERVED_KEYS.has(key)).map((key): [string, 'model'] => [key, 'model']) },
    );
  });

  test('a name with an entry gets that entry, as an ordinary name would', () => {
    fc.assert(
      fc.property(name.filter((key) => !RESERVED_KEYS.has(key)), policy, requestedBy, fc.integer({ min: 1, max: 1e6 }), (key, chosen, who, idleMs) => {
        const config = parse({
          mcpServers: { [key]: { command: 'x', env: { [key]: 'server env' } } },
          approvals: { servers: { [key]: chosen }, tools: { [key]: chosen } },
          timeouts: { tools: { [key]: { idleMs } } },
          builtins: { shell: { env: { [key]: 'shell env' } } },
        });
        assert.deepEqual(policyFor(config.approvals, `${key}.tool`, who), { policy: chosen, setBy: fieldOf(['approvals', 'servers', key]) });
        assert.deepEqual(policyFor(config.approvals, key, who), { policy: chosen, setBy: fieldOf(['approvals', 'tools', key]) });
        assert.deepEqual(timeoutsFor(config.timeouts, key), { ...config.timeouts.default, idleMs });
        assert.deepEqual(programEnvironment(config.builtins.shell.env, {}), { [key]: 'shell env' });
        assert.equal(stdioEnvironment(config.mcpServers[key] as StdioServerConfig)[key], 'server env');
      }),
      { examples: INHERITED.filter((key) => !RESERVED_KEYS.has(key)).map((key): [string, 'ask', 'model', number] => [key, 'ask', 'model', 9]) },
    );
  });

  test('a config file with __proto__ anywhere is refused, not read with the key dropped', () => {
    assert.throws(
      () => parseConfig('{"mcpServers": {"__proto__": {"command": "x"}}, "approvals": {"servers": {"__proto__": "auto"}}}', 'cfg.json'),
      /cfg\.json is invalid:\n {2}mcpServers\.__proto__: "__proto__" cannot be used as a name: every JavaScript object has a property of that name; rename it\n {2}approvals\.servers\.__proto__: /,
    );
    assert.throws(() => parseConfig('{"queue": {"__proto__": {"concurrency": 99}}}', 'cfg.json'), /queue\.__proto__: "__proto__" cannot be used/);
  });
});
