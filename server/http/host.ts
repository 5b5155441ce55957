import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/**
 * DNS rebinding: a page on `rebind.example` whose name is re-pointed at 127.0.0.1 reaches this
 * server from the browser as "same origin", so the Origin check cannot see it. Its requests still
 * name their host, so only Host values that are this server's are served: the loopback names when
 * the request arrived on loopback, the address it arrived at, the configured HOST (all with the
 * server's port, or none: a local proxy), and any `allowedHosts` name (any port).
 */
export interface HostPolicy {
  /** The HOST the server was told to bind (a name such as `myhost.lan` counts too). */
  bindHost: string;
  /** Host names from config `allowedHosts` and FRAGMENTS_ALLOWED_HOSTS, lower-case, no port. */
  allowedHosts: readonly string[];
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

const isLoopbackAddress = (address: string) => address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');

/** An address as a Host header writes it: IPv6 in brackets, IPv4-mapped IPv6 as plain IPv4. */
function asHostName(address: string): string {
  if (address.startsWith('::ffff:') && isIP(address.slice(7)) === 4) return address.slice(7);
  return isIP(address) === 6 ? `[${address}]` : address.toLowerCase();
}

/** `name` and `port` of a Host header, or null when it is not one (`a b`, `x:y`, `127.1`, `h/p`). */
function parseHost(header: string): { name: string; port: string } | null {
  const lower = header.toLowerCase();
  // URL parsing drops a default :80; keep it, so that it is compared with the server's port.
  const explicit80 = lower.endsWith(':80');
  try {
    const url = new URL(`http://${lower}`);
    // Anything that URL parsing rewrites (a path, credentials, `127.1`) is not a plain host[:port].
    if (url.host !== (explicit80 ? lower.slice(0, -3) : lower)) return null;
    return { name: url.hostname, port: explicit80 ? '80' : url.port };
  } catch {
    return null;
  }
}

/** Why this request's Host is refused, in words for the person who sent it; null when it is ours. */
export function foreignHostProblem(req: IncomingMessage, policy: HostPolicy): string | null {
  const header = req.headers.host;
  if (!header) return 'the request has no Host header: this server answers only requests that name it';
  const host = parseHost(header);
  if (!host) return `the Host header ${JSON.stringify(header)} is not host[:port]`;
  if (policy.allowedHosts.includes(host.name)) return null;
  const port = String(req.socket.localPort ?? '');
  if (host.port === '' || host.port === port) {
    const local = req.socket.localAddress ?? '';
    if (host.name === asHostName(local) || host.name === asHostName(policy.bindHost)) return null;
    if (isLoopbackAddress(local) && LOOPBACK_NAMES.has(host.name)) return null;
  }
  return (
    `this server does not answer to the host ${JSON.stringify(header)} (a page reaching it under another name may be a DNS rebinding attack). ` +
    `If that is how you reach it (a reverse proxy's name), add "${host.name}" to allowedHosts in fragments.config.json or to FRAGMENTS_ALLOWED_HOSTS.`
  );
}
