import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { clientAddressOf, type ClientAddressOf } from './clientAddress';
import { FailureLimiter, type FailureLimiterOptions } from './rateLimit';

export const UNAUTHORIZED_MESSAGE = 'missing or wrong token: send Authorization: Bearer <FRAGMENTS_TOKEN>';
export const RATE_LIMITED_MESSAGE = 'too many wrong tokens from this address: try again later';
export const SESSION_COOKIE = 'fragments_session';
/** 30 days; a restart of the server ends every session sooner (see createAuth). */
const SESSION_MAX_AGE_S = 30 * 24 * 60 * 60;

/** Where a request may carry the token: a Bearer header, tRPC connectionParams, or `?token=` for plain EventSource. */
export function requestToken(req: IncomingMessage, connectionParams: Record<string, string | undefined> | null): string | undefined {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length);
  if (connectionParams?.token) return connectionParams.token;
  const url = new URL(req.url ?? '/', 'http://localhost');
  return url.searchParams.get('token') ?? undefined;
}

function cookieOf(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

/** Equal-length digests compared in constant time: neither the length nor a prefix of the secret leaks. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * ok: the token or a session cookie; missing: neither (a stale cookie counts as none);
 * wrong: a wrong token (counted against the address); limited: a token from an address over the limit.
 */
export type Verdict = 'ok' | 'missing' | 'wrong' | 'limited';

export interface Auth {
  readonly required: boolean;
  /** The request's verdict, decided once per request (the HTTP router and createContext both ask). */
  check(req: IncomingMessage, connectionParams: Record<string, string | undefined> | null): Verdict;
  /** POST /login: the same verdict for a token in a body. */
  checkToken(req: IncomingMessage, token: string): Verdict;
  /** Seconds a limited address waits, for Retry-After. */
  retryAfterSeconds(req: IncomingMessage): number;
  /** The Set-Cookie value that logs this browser in (the token itself is never the cookie). */
  sessionCookie(req: IncomingMessage): string;
  clearCookie(req: IncomingMessage): string;
  /** Whose request this is (the socket peer, or X-Forwarded-For from a trusted proxy): what limits count by. */
  clientAddress: ClientAddressOf;
}

/** Secure only when the browser reached us over https, directly or through a proxy that says so. */
function isHttps(req: IncomingMessage): boolean {
  if ((req.socket as { encrypted?: boolean }).encrypted) return true;
  const forwarded = req.headers['x-forwarded-proto'];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
  return first === 'https';
}

/**
 * The token check, one per server. The session cookie is an HMAC of the token under a key made at
 * start and kept only in memory: it is not the token (a stolen cookie does not reveal it), it needs
 * no session table, and a restart (new key) or a new token invalidates every cookie — the browser
 * then logs in again through the printed login URL.
 */
export function createAuth(token: string | undefined, limits: FailureLimiterOptions = {}, addressOf: ClientAddressOf = clientAddressOf([])): Auth {
  const limiter = new FailureLimiter(limits);
  const key = randomBytes(32);
  const session = token === undefined ? '' : createHmac('sha256', key).update(token).digest('base64url');
  const verdicts = new WeakMap<IncomingMessage, Verdict>();

  function checkToken(req: IncomingMessage, given: string): Verdict {
    if (token === undefined) return 'ok';
    const address = addressOf(req);
    // A limited address gets no answer about its token, right or wrong: no guessing oracle.
    if (limiter.blockedFor(address) > 0) return 'limited';
    if (sameSecret(given, token)) return 'ok';
    limiter.fail(address);
    return 'wrong';
  }

  function decide(req: IncomingMessage, connectionParams: Record<string, string | undefined> | null): Verdict {
    if (token === undefined) return 'ok';
    const cookie = cookieOf(req, SESSION_COOKIE);
    // A valid cookie is never rate-limited: it proves an earlier login, and it cannot be guessed.
    if (cookie !== undefined && sameSecret(cookie, session)) return 'ok';
    const given = requestToken(req, connectionParams);
    return given === undefined ? 'missing' : checkToken(req, given);
  }

  const attributes = (req: IncomingMessage) => `Path=/; HttpOnly; SameSite=Strict${isHttps(req) ? '; Secure' : ''}`;

  return {
    required: token !== undefined,
    check(req, connectionParams) {
      const known = verdicts.get(req);
      if (known) return known;
      const verdict = decide(req, connectionParams);
      verdicts.set(req, verdict);
      return verdict;
    },
    checkToken,
    retryAfterSeconds: (req) => Math.max(1, Math.ceil(limiter.blockedFor(addressOf(req)) / 1000)),
    sessionCookie: (req) => `${SESSION_COOKIE}=${session}; Max-Age=${SESSION_MAX_AGE_S}; ${attributes(req)}`,
    clearCookie: (req) => `${SESSION_COOKIE}=; Max-Age=0; ${attributes(req)}`,
    clientAddress: addressOf,
  };
}
