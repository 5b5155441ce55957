/**
 * Whose request this is, for what is counted per client (wrong-token rate limit, live
 * subscriptions). Behind a reverse proxy every request's socket peer is the proxy, so every user
 * would share one count; with `trustedProxies` set (config or FRAGMENTS_TRUSTED_PROXIES), a
 * request whose peer is one of them is keyed by `X-Forwarded-For` instead: its rightmost entry
 * that is not itself a trusted proxy. Entries left of that were written by the client and are
 * never believed, and the header from any other peer is ignored, so nobody picks their own key.
 */
import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';

/** `::ffff:10.0.0.1` (an IPv4 peer on a dual-stack socket) is 10.0.0.1. */
function plain(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

function family(address: string): 'ipv4' | 'ipv6' | null {
  const version = isIP(address);
  return version === 4 ? 'ipv4' : version === 6 ? 'ipv6' : null;
}

/** Why an entry of trustedProxies is not an address or a subnet (a.b.c.d, a.b.c.d/n, IPv6 likewise), or null. */
export function trustedProxyProblem(entry: string): string | null {
  const [address = '', bits, extra] = entry.split('/');
  const kind = family(address);
  if (!kind || extra !== undefined) return `"${entry}" is not an IP address or subnet (e.g. 127.0.0.1, 10.0.0.0/8, ::1)`;
  if (bits === undefined) return null;
  const max = kind === 'ipv4' ? 32 : 128;
  if (!/^[0-9]{1,3}$/.test(bits) || Number(bits) > max) return `"${entry}": the prefix length must be 0 to ${max}`;
  return null;
}

export type ClientAddressOf = (req: IncomingMessage) => string;

/** The client address of a request, given the proxies whose X-Forwarded-For is believed (entries checked by trustedProxyProblem). */
export function clientAddressOf(trustedProxies: readonly string[]): ClientAddressOf {
  const trusted = new BlockList();
  for (const entry of trustedProxies) {
    const [address = '', bits] = entry.split('/');
    const kind = family(address) ?? 'ipv4';
    if (bits === undefined) trusted.addAddress(address, kind);
    else trusted.addSubnet(address, Number(bits), kind);
  }
  const isTrusted = (address: string): boolean => {
    const kind = family(address);
    return kind !== null && trusted.check(address, kind);
  };
  return (req) => {
    const peer = plain(req.socket.remoteAddress ?? 'unknown');
    if (trustedProxies.length === 0 || !isTrusted(peer)) return peer;
    const header = req.headers['x-forwarded-for'];
    const hops = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map((hop) => plain(hop.trim()));
    let client = peer;
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = hops[i] ?? '';
      // A hop that is no address (empty, "unknown", garbage) ends what can be believed.
      if (family(hop) === null) break;
      client = hop;
      if (!isTrusted(hop)) break;
    }
    return client;
  };
}
