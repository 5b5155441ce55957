/**
 * The wrong-token rate limit behind a reverse proxy, against a real server on 127.0.0.1:0. The
 * test plays the proxy: its requests come from 127.0.0.1 and carry X-Forwarded-For.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from './harness';
import { rawRequest } from './rawHttp';

const TOKEN = 'trusted-proxy-test-token';

function wrongToken(app: TestApp, forwardedFor: string): Promise<number> {
  return rawRequest(app.url, '/trpc/tools.list', { headers: { authorization: 'Bearer wrong', 'x-forwarded-for': forwardedFor } }).then((res) => res.status);
}

describe('trustedProxies', () => {
  let trusting: TestApp;
  let plain: TestApp;

  before(async () => {
    trusting = await startTestApp({ token: TOKEN, config: { trustedProxies: ['127.0.0.1', '::1'] } });
    plain = await startTestApp({ token: TOKEN });
  });
  after(async () => {
    await trusting.stop();
    await plain.stop();
  });

  it('behind a trusted proxy, each forwarded client has its own wrong-token limit', async () => {
    for (let i = 0; i < 10; i++) assert.equal(await wrongToken(trusting, '203.0.113.1'), 401);
    assert.equal(await wrongToken(trusting, '203.0.113.1'), 429, 'the guessing client is limited');
    // Through a second trusted hop it is the same client.
    assert.equal(await wrongToken(trusting, '203.0.113.1, 127.0.0.1'), 429);
    // Regression: every user behind the proxy shared the proxy's address, so all were limited.
    assert.equal(await wrongToken(trusting, '203.0.113.2'), 401, 'another client is not');
    // A client cannot name itself: the proxy appends the real peer, and that is the key.
    assert.equal(await wrongToken(trusting, '203.0.113.1, 203.0.113.3'), 401);
    const right = await rawRequest(trusting.url, '/trpc/tools.list', { headers: { authorization: `Bearer ${TOKEN}`, 'x-forwarded-for': '203.0.113.2' } });
    assert.equal(right.status, 200);
  });

  it('without the setting, X-Forwarded-For is ignored: a client cannot escape its limit by sending one', async () => {
    for (let i = 0; i < 10; i++) assert.equal(await wrongToken(plain, `198.51.100.${i}`), 401);
    assert.equal(await wrongToken(plain, '198.51.100.200'), 429);
  });
});
