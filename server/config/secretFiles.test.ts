import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ConfigError } from './errors';
import { loadEnv } from './env';
import { loadSettings } from './settings';

describe('secrets read from files (FRAGMENTS_TOKEN_FILE, OPENAI_API_KEY_FILE)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fragments-secrets-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  it('reads each secret from its file, trailing newlines trimmed, and lists the files', () => {
    const token = file('token', 'tok-from-a-file\n');
    const key = file('key', 'sk-from-a-file\r\n\n');
    const env = loadEnv({ FRAGMENTS_TOKEN_FILE: token, OPENAI_API_KEY_FILE: key });
    assert.equal(env.FRAGMENTS_TOKEN, 'tok-from-a-file');
    assert.equal(env.OPENAI_API_KEY, 'sk-from-a-file');
    assert.deepEqual(env.secretFiles, [token, key]);
    // Inner whitespace and a leading space are the secret's own.
    assert.equal(loadEnv({ FRAGMENTS_TOKEN_FILE: file('spaced', ' a b \n') }).FRAGMENTS_TOKEN, ' a b ');
  });

  it('resolves a relative path from the working directory, and a token from a file counts off loopback', () => {
    file('relative', 'tok-relative-0123456789');
    const env = loadEnv({ HOST: '0.0.0.0', FRAGMENTS_TOKEN_FILE: 'relative' }, dir);
    assert.equal(env.FRAGMENTS_TOKEN, 'tok-relative-0123456789');
    assert.deepEqual(env.secretFiles, [join(dir, 'relative')]);
  });

  it('refuses a variable and its _FILE both set, naming both', () => {
    const token = file('both', 'x');
    assert.throws(() => loadEnv({ FRAGMENTS_TOKEN: 'y', FRAGMENTS_TOKEN_FILE: token }), (error: Error) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, /both FRAGMENTS_TOKEN and FRAGMENTS_TOKEN_FILE are set/);
      return true;
    });
    assert.throws(() => loadEnv({ OPENAI_API_KEY: 'y', OPENAI_API_KEY_FILE: token }), /both OPENAI_API_KEY and OPENAI_API_KEY_FILE are set/);
    // An empty variable is unset, as everywhere: no conflict.
    assert.equal(loadEnv({ FRAGMENTS_TOKEN: '', FRAGMENTS_TOKEN_FILE: token }).FRAGMENTS_TOKEN, 'x');
  });

  it('refuses a missing, unreadable or empty file, naming the variable and the file', () => {
    const missing = join(dir, 'nope');
    assert.throws(() => loadEnv({ FRAGMENTS_TOKEN_FILE: missing }), new RegExp(`FRAGMENTS_TOKEN_FILE=${missing}: cannot read ${missing} \\(ENOENT\\)`));
    assert.throws(() => loadEnv({ OPENAI_API_KEY_FILE: dir }), new RegExp(`OPENAI_API_KEY_FILE=${dir}: cannot read ${dir} \\(EISDIR\\)`));
    assert.throws(() => loadEnv({ FRAGMENTS_TOKEN_FILE: file('empty', '\n') }), /FRAGMENTS_TOKEN_FILE=.*empty: .*empty is empty/);
    if (process.getuid?.() !== 0) {
      const locked = file('locked', 'x');
      chmodSync(locked, 0);
      assert.throws(() => loadEnv({ FRAGMENTS_TOKEN_FILE: locked }), /cannot read .*locked \(EACCES\)/);
    }
  });

  it('reaches the settings: the token, the AI key and the files to hide', () => {
    const settings = loadSettings({ FRAGMENTS_TOKEN_FILE: file('t2', 'tok2\n'), OPENAI_API_KEY_FILE: file('k2', 'key2') }, dir);
    assert.equal(settings.token, 'tok2');
    assert.equal(settings.config.ai.apiKey, 'key2');
    assert.deepEqual(settings.secretFiles, [join(dir, 't2'), join(dir, 'k2')]);
  });
});
