import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from './errors';
import { loadEnv } from './env';

/** The error loadEnv throws for `env`, which must name `variable`. */
function refusal(env: NodeJS.ProcessEnv, variable: string): string {
  try {
    loadEnv(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    assert.match(error.message, new RegExp(`^the environment is invalid:\\n  ${variable}`, 'm'));
    return error.message;
  }
  return assert.fail(`loadEnv accepted ${JSON.stringify(env)}`);
}

describe('environment', () => {
  it('requires a token off loopback', () => {
    assert.equal(loadEnv({}).PORT, 8787);
    assert.equal(loadEnv({}).HOST, '127.0.0.1');
    assert.throws(() => loadEnv({ HOST: '0.0.0.0' }), /FRAGMENTS_TOKEN/);
    assert.equal(loadEnv({ HOST: '0.0.0.0', FRAGMENTS_TOKEN: 's3cret-s3cret-s3cret' }).FRAGMENTS_TOKEN, 's3cret-s3cret-s3cret');
    refusal({ PORT: 'eighty' }, 'PORT');
  });

  it('reads FRAGMENTS_TRUSTED_PROXIES as a comma list of addresses or subnets, naming a bad entry', () => {
    assert.deepEqual(loadEnv({}).FRAGMENTS_TRUSTED_PROXIES, []);
    assert.deepEqual(loadEnv({ FRAGMENTS_TRUSTED_PROXIES: '127.0.0.1, 10.0.0.0/8,,::1' }).FRAGMENTS_TRUSTED_PROXIES, ['127.0.0.1', '10.0.0.0/8', '::1']);
    const message = refusal({ FRAGMENTS_TRUSTED_PROXIES: '127.0.0.1,proxy.local' }, 'FRAGMENTS_TRUSTED_PROXIES');
    assert.match(message, /"proxy.local" is not an IP address or subnet \(e.g. 127.0.0.1, 10.0.0.0\/8, ::1\)/);
  });

  it('refuses a weak token off loopback: under 16 characters or with whitespace, without quoting it', () => {
    const cases: [string, RegExp][] = [
      ['a', /FRAGMENTS_TOKEN is 1 characters long/],
      ['0123456789abcde', /FRAGMENTS_TOKEN is 15 characters long/],
      [' ', /FRAGMENTS_TOKEN contains whitespace/],
      ['0123456789abcdef 0123456789abcdef', /FRAGMENTS_TOKEN contains whitespace/],
      ['0123456789abcdef\t', /FRAGMENTS_TOKEN contains whitespace/],
    ];
    for (const [token, pattern] of cases) {
      assert.throws(() => loadEnv({ HOST: '0.0.0.0', FRAGMENTS_TOKEN: token }), (error: Error) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, /^HOST=0\.0\.0\.0 is not a loopback address and /);
        assert.match(error.message, pattern);
        assert.match(error.message, /at least 16 characters with no whitespace/);
        if (token.trim().length > 2) assert.ok(!error.message.includes(token.trim()), 'the refusal does not print the token');
        return true;
      });
    }
    assert.equal(loadEnv({ HOST: '0.0.0.0', FRAGMENTS_TOKEN: '0123456789abcdef' }).FRAGMENTS_TOKEN, '0123456789abcdef');
    // On loopback the token is the user's choice: nothing else can reach the port.
    assert.equal(loadEnv({ FRAGMENTS_TOKEN: 'a' }).FRAGMENTS_TOKEN, 'a');
  });

  it('reads FRAGMENTS_ALLOWED_ORIGINS as a comma list, blanks dropped', () => {
    assert.deepEqual(loadEnv({}).FRAGMENTS_ALLOWED_ORIGINS, []);
    assert.deepEqual(loadEnv({ FRAGMENTS_ALLOWED_ORIGINS: '' }).FRAGMENTS_ALLOWED_ORIGINS, []);
    assert.deepEqual(loadEnv({ FRAGMENTS_ALLOWED_ORIGINS: ' , ,' }).FRAGMENTS_ALLOWED_ORIGINS, []);
    assert.deepEqual(
      loadEnv({ FRAGMENTS_ALLOWED_ORIGINS: 'http://localhost:5173,, https://chat.example.com ,' }).FRAGMENTS_ALLOWED_ORIGINS,
      ['http://localhost:5173', 'https://chat.example.com'],
    );
  });

  it('refuses a FRAGMENTS_ALLOWED_ORIGINS entry that is not an origin, naming the variable and the entry', () => {
    const cases: [string, RegExp][] = [
      ['localhost:5173', /"localhost:5173" is not an http or https origin/],
      ['not a url', /"not a url" is not an origin; expected scheme:\/\/host\[:port\]/],
      ['http://localhost:5173/', /"http:\/\/localhost:5173\/" is not an origin .*write http:\/\/localhost:5173$/m],
      ['https://a.example/app', /write https:\/\/a\.example$/m],
      ['ftp://files.example', /not an http or https origin/],
    ];
    for (const [entry, message] of cases) {
      const text = refusal({ FRAGMENTS_ALLOWED_ORIGINS: `http://ok.example,${entry}` }, 'FRAGMENTS_ALLOWED_ORIGINS\\[1\\]');
      assert.match(text, message);
    }
  });

  it('reads FRAGMENTS_ALLOWED_HOSTS as a comma list of host names, and refuses a URL, a port or upper case, naming the entry', () => {
    assert.deepEqual(loadEnv({}).FRAGMENTS_ALLOWED_HOSTS, []);
    assert.deepEqual(loadEnv({ FRAGMENTS_ALLOWED_HOSTS: ' chat.example.com, ,[::1],10.0.0.5 ' }).FRAGMENTS_ALLOWED_HOSTS, ['chat.example.com', '[::1]', '10.0.0.5']);
    const cases: [string, RegExp][] = [
      ['https://chat.example.com', /"https:\/\/chat\.example\.com" is not a host name/],
      ['chat.example.com:443', /write chat\.example\.com$/m],
      ['Chat.Example.com', /write chat\.example\.com$/m],
      ['a b', /"a b" is not a host name/],
    ];
    for (const [entry, message] of cases) {
      assert.match(refusal({ FRAGMENTS_ALLOWED_HOSTS: `ok.example,${entry}` }, 'FRAGMENTS_ALLOWED_HOSTS\\[1\\]'), message);
    }
  });

  it('reads FRAGMENTS_DISABLE_SSE as 1, 0 or unset, and refuses anything else', () => {
    assert.equal(loadEnv({}).FRAGMENTS_DISABLE_SSE, false);
    assert.equal(loadEnv({ FRAGMENTS_DISABLE_SSE: '0' }).FRAGMENTS_DISABLE_SSE, false);
    assert.equal(loadEnv({ FRAGMENTS_DISABLE_SSE: '1' }).FRAGMENTS_DISABLE_SSE, true);
    for (const value of ['true', 'yes', '2', ' 1']) {
      assert.match(refusal({ FRAGMENTS_DISABLE_SSE: value }, 'FRAGMENTS_DISABLE_SSE'), new RegExp(`expected 1 \\(SSE off\\) or 0 \\(SSE on\\), not "${value}"`));
    }
  });
});
