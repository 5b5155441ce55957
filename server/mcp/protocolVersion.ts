import { SdkError, SdkErrorCode, type Client, type PriorDiscovery, type ProtocolEra, type VersionNegotiationOptions } from '@modelcontextprotocol/client';

export type Era = ProtocolEra;
export type Prior = PriorDiscovery;

/**
 * Version negotiation for one server: `auto` probes with server/discover and connects on
 * 2026-07-28 when the server offers it, else on the 2025 initialize handshake (the SDK's default
 * is the handshake only, which a 2026-only server refuses). The probe is bounded by the connect
 * timeout: on stdio a silent server is an old one, on HTTP silence is an outage.
 */
export function negotiation(connectTimeoutMs: number): VersionNegotiationOptions {
  return { mode: 'auto', probe: { timeoutMs: connectTimeoutMs } };
}

export function eraOf(client: Client): Era {
  return client.getProtocolEra() ?? 'legacy';
}

/** What the first connect found, so a reconnect after a crash goes straight to that revision. */
export function priorOf(client: Client): Prior {
  const discover = client.getDiscoverResult();
  return discover ? { kind: 'modern', discover } : { kind: 'legacy' };
}

/** The server closed the connection while it was asked for its revision (some exit on any request before initialize). */
export function isProbeClosed(error: unknown): boolean {
  return error instanceof SdkError && error.code === SdkErrorCode.EraNegotiationFailed && /closed during/.test(error.message);
}
