import type { IncomingMessage } from 'node:http';

export const UNAUTHORIZED_MESSAGE = 'missing or wrong token: send Authorization: Bearer <FRAGMENTS_TOKEN>';

/** Where a request may carry the token: a Bearer header, tRPC connectionParams, or `?token=` for plain EventSource. */
export function requestToken(req: IncomingMessage, connectionParams: Record<string, string | undefined> | null): string | undefined {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length);
  if (connectionParams?.token) return connectionParams.token;
  const url = new URL(req.url ?? '/', 'http://localhost');
  return url.searchParams.get('token') ?? undefined;
}
