import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { describe, it } from 'node:test';
import { foreignHostProblem, type HostPolicy } from './host';

/** A request as the check sees it: its Host header and the address and port it arrived at. */
function request(host: string | undefined, localAddress: string, localPort = 8787): IncomingMessage {
  return { headers: host === undefined ? {} : { host }, socket: { localAddress, localPort } } as unknown as IncomingMessage;
}

const allowed = (policy: HostPolicy, host: string | undefined, localAddress: string) => foreignHostProblem(request(host, localAddress), policy) === null;

describe('foreignHostProblem', () => {
  it('on a wildcard bind, answers the address a request arrived at and loopback names only over loopback', () => {
    const policy = { bindHost: '0.0.0.0', allowedHosts: [] };
    assert.ok(allowed(policy, '192.168.1.5:8787', '192.168.1.5'));
    assert.ok(allowed(policy, '192.168.1.5:8787', '::ffff:192.168.1.5'));
    assert.ok(allowed(policy, 'localhost:8787', '127.0.0.1'));
    assert.ok(allowed(policy, 'localhost:8787', '::ffff:127.0.0.1'));
    assert.ok(!allowed(policy, 'localhost:8787', '192.168.1.5'));
    assert.ok(!allowed(policy, '10.0.0.9:8787', '192.168.1.5'));
    assert.ok(!allowed(policy, 'myhost.lan:8787', '192.168.1.5'));
  });

  it('answers a HOST given as a name, IPv6 addresses in brackets, and allowedHosts on any port', () => {
    assert.ok(allowed({ bindHost: 'myhost.lan', allowedHosts: [] }, 'myhost.lan:8787', '192.168.1.5'));
    assert.ok(allowed({ bindHost: '::', allowedHosts: [] }, '[fd00::5]:8787', 'fd00::5'));
    assert.ok(allowed({ bindHost: '::1', allowedHosts: [] }, '[::1]:8787', '::1'));
    const proxied = { bindHost: '127.0.0.1', allowedHosts: ['chat.example.com'] };
    assert.ok(allowed(proxied, 'chat.example.com', '127.0.0.1'));
    assert.ok(allowed(proxied, 'chat.example.com:8443', '127.0.0.1'));
  });

  it('explains a refusal: the host, the setting to change; and a missing or malformed Host', () => {
    const policy = { bindHost: '127.0.0.1', allowedHosts: [] };
    const problem = foreignHostProblem(request('rebind.example:8787', '127.0.0.1'), policy) ?? '';
    assert.match(problem, /"rebind\.example:8787"/);
    assert.match(problem, /add "rebind\.example" to allowedHosts .* FRAGMENTS_ALLOWED_HOSTS/);
    assert.match(foreignHostProblem(request(undefined, '127.0.0.1'), policy) ?? '', /no Host header/);
    assert.match(foreignHostProblem(request('a b', '127.0.0.1'), policy) ?? '', /is not host\[:port\]/);
    // An explicit :80 is a port like any other (URL parsing would drop it).
    assert.ok(!allowed(policy, 'localhost:80', '127.0.0.1'));
    assert.equal(foreignHostProblem(request('localhost:80', '127.0.0.1', 80), policy), null);
  });
});
