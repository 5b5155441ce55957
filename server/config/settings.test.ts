import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadEnv } from './env';
import { loadConfig, parseConfig } from './load';
import { AI_DEFAULTS } from './schema';
import { loadSettings, mergeSettings } from './settings';

const FILE_AI = { baseUrl: 'http://file.example/v1', apiKey: 'file-key', model: 'file-model' };
/** The file's ai block as parsed: the keys it omits take their defaults. */
const PARSED_AI = { ...AI_DEFAULTS, ...FILE_AI };

function fileConfig() {
  return { config: parseConfig(JSON.stringify({ ai: FILE_AI }), 'cfg.json'), source: 'cfg.json' };
}

describe('settings', () => {
  it('keeps the file ai when no OPENAI_* / FRAGMENTS_MODEL is set', () => {
    assert.deepEqual(mergeSettings(loadEnv({}), fileConfig()).config.ai, PARSED_AI);
  });

  it('lets each ai variable that is set override its field, and only that field', () => {
    const only = (env: NodeJS.ProcessEnv) => mergeSettings(loadEnv(env), fileConfig()).config.ai;
    assert.deepEqual(only({ OPENAI_BASE_URL: 'http://env.example/v1' }), { ...PARSED_AI, baseUrl: 'http://env.example/v1' });
    assert.deepEqual(only({ OPENAI_API_KEY: 'env-key' }), { ...PARSED_AI, apiKey: 'env-key' });
    assert.deepEqual(only({ FRAGMENTS_MODEL: 'env-model' }), { ...PARSED_AI, model: 'env-model' });
    // An empty variable counts as unset, as everywhere in the environment.
    assert.deepEqual(only({ OPENAI_API_KEY: '' }), PARSED_AI);
    const noFile = { config: parseConfig('{}', 'cfg.json'), source: null };
    assert.deepEqual(mergeSettings(loadEnv({ FRAGMENTS_MODEL: 'm' }), noFile).config.ai, { ...AI_DEFAULTS, model: 'm' });
    assert.throws(() => loadEnv({ OPENAI_BASE_URL: 'not-a-url' }), /the environment is invalid:\n {2}OPENAI_BASE_URL/);
  });

  it('does not mutate the config read from the file, and freezes what it returns', () => {
    const file = fileConfig();
    const before = structuredClone(file.config);
    const settings = mergeSettings(loadEnv({ OPENAI_BASE_URL: 'http://env.example/v1', FRAGMENTS_MODEL: 'env-model' }), file);
    assert.deepEqual(file.config, before);
    assert.ok(!Object.isFrozen(file.config) && !Object.isFrozen(file.config.ai));
    assert.equal(settings.config.ai.model, 'env-model');
    for (const part of [settings, settings.config, settings.config.ai, settings.config.queue, settings.allowedOrigins]) {
      assert.ok(Object.isFrozen(part));
    }
    assert.throws(() => {
      (settings.config.queue as { concurrency: number }).concurrency = 99;
    }, TypeError);
  });

  it('reads env and the config file once into one object', () => {
    const dir = mkdtempSync(join(tmpdir(), 'settings-'));
    writeFileSync(join(dir, 'fragments.config.json'), JSON.stringify({ ai: FILE_AI, queue: { concurrency: 2 } }));
    const settings = loadSettings({ PORT: '0', FRAGMENTS_ALLOWED_ORIGINS: 'http://localhost:5173', FRAGMENTS_DISABLE_SSE: '1', FRAGMENTS_MODEL: 'x' }, dir);
    assert.equal(settings.configSource, join(dir, 'fragments.config.json'));
    assert.deepEqual(
      { port: settings.port, host: settings.host, allowedOrigins: settings.allowedOrigins, disableSse: settings.disableSse },
      { port: 0, host: '127.0.0.1', allowedOrigins: ['http://localhost:5173'], disableSse: true },
    );
    assert.equal(settings.config.queue.concurrency, 2);
    assert.deepEqual(settings.config.ai, { ...PARSED_AI, model: 'x' });
    assert.deepEqual(loadConfig({}, dir).config.ai, PARSED_AI);
    assert.deepEqual(settings.allowedHosts, []);
    assert.throws(() => loadSettings({ FRAGMENTS_CONFIG: 'missing.json' }, dir), /FRAGMENTS_CONFIG names .*missing\.json/);
  });

  it('allows the hosts of config allowedHosts and of FRAGMENTS_ALLOWED_HOSTS, each once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'settings-'));
    writeFileSync(join(dir, 'fragments.config.json'), JSON.stringify({ allowedHosts: ['chat.example.com', 'proxy.lan'] }));
    const settings = loadSettings({ FRAGMENTS_ALLOWED_HOSTS: 'proxy.lan,other.example' }, dir);
    assert.deepEqual(settings.allowedHosts, ['chat.example.com', 'proxy.lan', 'other.example']);
    assert.ok(Object.isFrozen(settings.allowedHosts));
    writeFileSync(join(dir, 'fragments.config.json'), JSON.stringify({ allowedHosts: ['chat.example.com:443'] }));
    assert.throws(() => loadSettings({}, dir), /allowedHosts\[0\]: "chat\.example\.com:443" is not a host name .*write chat\.example\.com/);
  });

  it('trusts the proxies of config trustedProxies and of FRAGMENTS_TRUSTED_PROXIES, each once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'settings-'));
    writeFileSync(join(dir, 'fragments.config.json'), JSON.stringify({ trustedProxies: ['127.0.0.1', '10.0.0.0/8'] }));
    assert.deepEqual(loadSettings({ FRAGMENTS_TRUSTED_PROXIES: '10.0.0.0/8,::1' }, dir).trustedProxies, ['127.0.0.1', '10.0.0.0/8', '::1']);
    writeFileSync(join(dir, 'fragments.config.json'), JSON.stringify({ trustedProxies: ['proxy.lan'] }));
    assert.throws(() => loadSettings({}, dir), /trustedProxies\[0\]: "proxy\.lan" is not an IP address or subnet/);
  });
});
