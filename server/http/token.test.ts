import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { describe, it } from 'node:test';
import { SESSION_COOKIE, createAuth } from './token';

function request(headers: Record<string, string> = {}, url = '/trpc/tools.list', remoteAddress = '10.0.0.1'): IncomingMessage {
  return { headers, url, socket: { remoteAddress } } as unknown as IncomingMessage;
}

describe('createAuth', () => {
  it('accepts the token and the session cookie, whose value is not the token', () => {
    const auth = createAuth('s3cret-token');
    assert.equal(auth.check(request({ authorization: 'Bearer s3cret-token' }), null), 'ok');
    assert.equal(auth.check(request(), { token: 's3cret-token' }), 'ok');
    assert.equal(auth.check(request({}, '/trpc/x?token=s3cret-token'), null), 'ok');
    assert.equal(auth.check(request(), null), 'missing');
    const cookie = auth.sessionCookie(request());
    assert.doesNotMatch(cookie, /s3cret-token/);
    assert.match(cookie, /; Path=\/; HttpOnly; SameSite=Strict$/);
    const value = cookie.split(';')[0] ?? '';
    assert.equal(auth.check(request({ cookie: `other=1; ${value}` }), null), 'ok');
    assert.equal(auth.check(request({ cookie: `${SESSION_COOKIE}=forged` }), null), 'missing', 'a wrong cookie is no credential, and no failure');
    assert.equal(createAuth('s3cret-token').check(request({ cookie: value }), null), 'missing', 'another process (a restart) has another key');
  });

  it('marks the cookie Secure behind https or X-Forwarded-Proto: https', () => {
    const auth = createAuth('t');
    assert.match(auth.sessionCookie(request({ 'x-forwarded-proto': 'https' })), /; Secure$/);
    assert.doesNotMatch(auth.sessionCookie(request({ 'x-forwarded-proto': 'http' })), /Secure/);
  });

  it('limits wrong tokens per address: then even the right token is refused unread, a cookie still works, other addresses too', () => {
    let now = 0;
    const auth = createAuth('right', { maxFailures: 2, windowMs: 1_000, now: () => now });
    const cookie = (auth.sessionCookie(request()).split(';')[0]) ?? '';
    assert.equal(auth.check(request({ authorization: 'Bearer right' }), null), 'ok', 'successes do not count');
    assert.equal(auth.checkToken(request(), 'wrong'), 'wrong');
    assert.equal(auth.checkToken(request(), 'wrong'), 'wrong');
    assert.equal(auth.checkToken(request(), 'right'), 'limited');
    assert.equal(auth.retryAfterSeconds(request()), 1);
    assert.equal(auth.check(request({ cookie }), null), 'ok');
    assert.equal(auth.checkToken(request({}, '/', '10.0.0.2'), 'right'), 'ok');
    now = 1_000;
    assert.equal(auth.checkToken(request(), 'right'), 'ok', 'the window ended');
  });

  it('with no token configured, everything is ok', () => {
    assert.equal(createAuth(undefined).check(request(), null), 'ok');
  });
});
