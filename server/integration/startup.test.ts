import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { tempDir } from './harness';
import { spawnServer } from './process';

const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url));
const runMain = (env: NodeJS.ProcessEnv) =>
  spawnSync(process.execPath, ['--import', 'tsx', MAIN], { env: { ...process.env, PORT: '0', ...env }, encoding: 'utf8', timeout: 30_000 });

describe('start-up', () => {
  it('starts with no configuration at all and serves the builtin tools', async () => {
    const dir = tempDir();
    const server = await spawnServer(dir, {});
    const health = (await (await fetch(`${server.url}/healthz`)).json()) as { ok: boolean; tools: number };
    assert.equal(health.ok, true);
    assert.ok(health.tools >= 2);
    await server.kill('SIGTERM');
    assert.equal(server.proc.exitCode, 0, 'SIGTERM shuts down cleanly');
  });

  it('stops on a bad config file with a message naming the file, the field and the problem', () => {
    const dir = tempDir();
    const path = join(dir, 'fragments.config.json');
    writeFileSync(path, JSON.stringify({ mcpServers: { everything: { command: 42 } } }));
    const result = runMain({ FRAGMENTS_CONFIG: path, FRAGMENTS_DATA_DIR: dir });
    assert.equal(result.status, 1);
    assert.match(result.stderr, new RegExp(`cannot start: ${path.replaceAll('.', '\\.')} is invalid`));
    assert.match(result.stderr, /mcpServers\.everything/);
  });

  it('refuses a non-loopback HOST without FRAGMENTS_TOKEN', () => {
    const result = runMain({ HOST: '0.0.0.0', FRAGMENTS_DATA_DIR: tempDir(), FRAGMENTS_TOKEN: '' });
    assert.equal(result.status, 1);
    assert.match(result.stderr, /HOST=0\.0\.0\.0 is not a loopback address: set FRAGMENTS_TOKEN/);
  });

  it('stops on a database file that is garbage or cut short, naming the file and what to do, with no stack trace', () => {
    for (const [what, bytes] of [
      ['garbage', Buffer.from('this is not a database, just some text that happens to sit here\n'.repeat(100))],
      ['cut short', Buffer.from('SQLite format 3\u0000' + 'x'.repeat(40))],
    ] as const) {
      const dir = tempDir();
      const file = join(dir, 'fragments.sqlite');
      writeFileSync(file, bytes);
      const result = runMain({ FRAGMENTS_DATA_DIR: dir });
      assert.equal(result.status, 1, what);
      assert.ok(result.stderr.includes(`cannot start: the database ${file}`), `${what}: ${result.stderr}`);
      assert.match(result.stderr, /PRAGMA integrity_check/);
      assert.match(result.stderr, /npm run backup/);
      assert.doesNotMatch(result.stderr, /\n\s+at /, `${what}: no stack trace`);
    }
  });

  it('refuses a non-loopback HOST with a weak FRAGMENTS_TOKEN, saying what is needed', () => {
    const result = runMain({ HOST: '0.0.0.0', FRAGMENTS_DATA_DIR: tempDir(), FRAGMENTS_TOKEN: 'a' });
    assert.equal(result.status, 1);
    assert.match(result.stderr, /FRAGMENTS_TOKEN is 1 characters long: off loopback the token must be at least 16 characters with no whitespace/);
  });
});
