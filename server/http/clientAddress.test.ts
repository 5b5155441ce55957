import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { describe, it } from 'node:test';
import { clientAddressOf, trustedProxyProblem } from './clientAddress';

function request(peer: string, forwarded?: string | string[]): IncomingMessage {
  return { socket: { remoteAddress: peer }, headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded } } as unknown as IncomingMessage;
}

describe('client address (trustedProxies)', () => {
  it('without trusted proxies, the socket peer, whatever X-Forwarded-For says', () => {
    const of = clientAddressOf([]);
    assert.equal(of(request('127.0.0.1', '203.0.113.7')), '127.0.0.1');
    assert.equal(of(request('::ffff:192.0.2.1')), '192.0.2.1');
  });

  it('from a trusted proxy, the rightmost hop that is not a trusted proxy', () => {
    const of = clientAddressOf(['127.0.0.1', '10.0.0.0/8', '::1']);
    assert.equal(of(request('127.0.0.1', '203.0.113.7')), '203.0.113.7');
    assert.equal(of(request('::ffff:127.0.0.1', '203.0.113.7')), '203.0.113.7');
    // What the client wrote itself (left) is not believed: the proxy appended the real peer.
    assert.equal(of(request('127.0.0.1', '198.51.100.1, 203.0.113.7')), '203.0.113.7');
    // Through two trusted proxies.
    assert.equal(of(request('127.0.0.1', '203.0.113.7, 10.1.2.3')), '203.0.113.7');
    assert.equal(of(request('::1', ['203.0.113.7', '10.1.2.3'])), '203.0.113.7');
    assert.equal(of(request('127.0.0.1', '2001:db8::5')), '2001:db8::5');
    // No header, or one that holds no address: the last hop that can be believed.
    assert.equal(of(request('127.0.0.1')), '127.0.0.1');
    assert.equal(of(request('127.0.0.1', 'unknown')), '127.0.0.1');
    assert.equal(of(request('127.0.0.1', '203.0.113.7, garbage, 10.1.2.3')), '10.1.2.3');
  });

  it('from any other peer, the header is ignored', () => {
    const of = clientAddressOf(['10.0.0.1']);
    assert.equal(of(request('192.0.2.9', '203.0.113.7')), '192.0.2.9');
  });

  it('names what is wrong with an entry', () => {
    assert.equal(trustedProxyProblem('127.0.0.1'), null);
    assert.equal(trustedProxyProblem('10.0.0.0/8'), null);
    assert.equal(trustedProxyProblem('fd00::/8'), null);
    assert.match(trustedProxyProblem('proxy.example.com') ?? '', /"proxy.example.com" is not an IP address or subnet/);
    assert.match(trustedProxyProblem('10.0.0.0/33') ?? '', /the prefix length must be 0 to 32/);
    assert.match(trustedProxyProblem('10.0.0.0/8/1') ?? '', /is not an IP address or subnet/);
  });
});
