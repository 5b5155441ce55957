import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTRPCClient, createWSClient, wsLink } from '@trpc/client';
import WebSocket from 'ws';
import type { AppRouter } from '../routers/_app';
import { SESSION_COOKIE } from '../http/token';
import { errorBody } from './contract';
import { sseClient, startTestApp, tempDir, type TestApp } from './harness';
import { spawnServer } from './process';

const TOKEN = 'login-token-7f3a';

async function login(url: string, token: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${url}/login`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ token }) });
}

/** The `name=value` part of a Set-Cookie. */
function cookieOf(response: Response): string {
  const header = response.headers.get('set-cookie') ?? '';
  return header.split(';')[0] ?? '';
}

/** A tRPC client over one WebSocket whose upgrade request carries `cookie`, as a browser's would. */
function wsWithCookie(url: string, cookie: string) {
  class CookieSocket extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { headers: { cookie } });
    }
  }
  const ws = createWSClient({ url: `${url.replace('http', 'ws')}/trpc`, WebSocket: CookieSocket as never });
  return { client: createTRPCClient<AppRouter>({ links: [wsLink({ client: ws })] }), close: () => ws.close() };
}

describe('login: the token traded once for a session cookie', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp({ token: TOKEN });
  });
  after(() => app.stop());

  it('prints a login URL with the token after #, and /login serves the page', async () => {
    const server = await spawnServer(tempDir(), {}, { FRAGMENTS_TOKEN: TOKEN });
    try {
      assert.match(server.output(), new RegExp(`Log in once in your browser: ${server.url.replaceAll('.', '\\.')}/login#token=${TOKEN}\\n`));
      const page = await fetch(`${server.url}/login`);
      // 200 with index.html when the client is built, 503 naming `npm run build` when not: never 401.
      assert.notEqual(page.status, 401);
    } finally {
      await server.kill('SIGTERM');
    }
  });

  it('POST /login with the token sets an HttpOnly, SameSite=Strict, Path=/ cookie that is not the token', async () => {
    const response = await login(app.url, TOKEN);
    assert.equal(response.status, 204);
    const header = response.headers.get('set-cookie') ?? '';
    assert.match(header, new RegExp(`^${SESSION_COOKIE}=[\\w-]{43}; Max-Age=\\d+; Path=/; HttpOnly; SameSite=Strict$`));
    assert.ok(!header.includes(TOKEN));
    const secure = await login(app.url, TOKEN, { 'x-forwarded-proto': 'https' });
    assert.match(secure.headers.get('set-cookie') ?? '', /; Secure$/);
  });

  it('a wrong token gets 401 and no cookie; a cookie from another server process is refused', async () => {
    const wrong = await login(app.url, 'nope');
    assert.equal(wrong.status, 401);
    assert.equal(wrong.headers.get('set-cookie'), null);
    const refused = errorBody(await wrong.text());
    assert.equal(refused.data.appCode, 'UNAUTHORIZED');
    assert.match(refused.message, /missing or wrong token/);
    const other = await startTestApp({ token: TOKEN });
    try {
      const foreign = cookieOf(await login(other.url, TOKEN));
      assert.equal((await fetch(`${app.url}/trpc/tools.list`, { headers: { cookie: foreign } })).status, 401);
    } finally {
      await other.stop();
    }
  });

  it('the cookie alone authorizes HTTP, the direct SSE stream, tRPC SSE and the WebSocket', async () => {
    const cookie = cookieOf(await login(app.url, TOKEN));
    assert.equal((await fetch(`${app.url}/trpc/tools.list`, { headers: { cookie } })).status, 200);
    const sent = await sseClient(app.url, TOKEN).chat.send.mutate({ content: '/echo text=by-cookie' });
    if (sent.type !== 'tool_execution') return assert.fail('not a tool execution');
    // streamUrl is served by the direct SSE writer (streamSse.ts); a plain EventSource sends only cookies.
    const direct = await fetch(sent.streamUrl, { headers: { accept: 'text/event-stream', cookie } });
    assert.equal(direct.status, 200);
    assert.match(await direct.text(), /"content":"by-cookie"/);
    // An unknown stream is not the direct writer's: tRPC's own SSE answers it, past the token check.
    const unknown = encodeURIComponent(JSON.stringify({ executionId: 'no-such-execution' }));
    const viaTrpc = await fetch(`${app.url}/trpc/chat.streamTool?input=${unknown}`, { headers: { accept: 'text/event-stream', cookie } });
    assert.notEqual(viaTrpc.status, 401);
    assert.doesNotMatch(await viaTrpc.text(), /missing or wrong token/);
    const refused = await fetch(`${app.url}/trpc/chat.streamTool?input=${unknown}`, { headers: { accept: 'text/event-stream' } });
    assert.equal(refused.status, 401);
    const ws = wsWithCookie(app.url, cookie);
    try {
      assert.ok((await ws.client.tools.list.query()).length > 0);
    } finally {
      await ws.close();
    }
    const noCookie = wsWithCookie(app.url, `${SESSION_COOKIE}=forged`);
    try {
      await assert.rejects(noCookie.client.tools.list.query(), /missing or wrong token/);
    } finally {
      await noCookie.close();
    }
  });

  it('no other site can log a browser in or out (login CSRF): a foreign Origin gets 403 and no cookie', async () => {
    const foreign = await login(app.url, TOKEN, { origin: 'http://evil.example' });
    assert.equal(foreign.status, 403);
    assert.equal(errorBody(await foreign.text()).data.appCode, 'FOREIGN_ORIGIN');
    assert.equal(foreign.headers.get('set-cookie'), null);
    assert.equal((await fetch(`${app.url}/logout`, { method: 'POST', headers: { origin: 'null' } })).status, 403);
  });

  it('POST /logout clears the cookie', async () => {
    const response = await fetch(`${app.url}/logout`, { method: 'POST' });
    assert.equal(response.status, 204);
    assert.match(response.headers.get('set-cookie') ?? '', new RegExp(`^${SESSION_COOKIE}=; Max-Age=0; Path=/`));
  });
});

describe('wrong tokens are rate-limited per address', () => {
  it('after 10 wrong tokens: 429 + Retry-After on every way in, even for the right token; a logged-in cookie still works', async () => {
    const app = await startTestApp({ token: TOKEN });
    try {
      const cookie = cookieOf(await login(app.url, TOKEN));
      assert.equal((await fetch(`${app.url}/trpc/tools.list`, { headers: { authorization: `Bearer ${TOKEN}` } })).status, 200, 'successes do not count');
      for (let i = 0; i < 5; i++) assert.equal((await login(app.url, `wrong-${i}`)).status, 401);
      for (let i = 0; i < 5; i++) {
        assert.equal((await fetch(`${app.url}/trpc/tools.list`, { headers: { authorization: `Bearer wrong-${i}` } })).status, 401);
      }
      const limited = await fetch(`${app.url}/trpc/tools.list`, { headers: { authorization: 'Bearer wrong-again' } });
      assert.equal(limited.status, 429);
      assert.equal(errorBody(await limited.text()).data.appCode, 'TOKEN_RATE_LIMITED');
      const retryAfter = Number(limited.headers.get('retry-after'));
      assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
      // No oracle: a limited address learns nothing about any token it sends, the right one included.
      const limitedLogin = await login(app.url, TOKEN);
      assert.equal(limitedLogin.status, 429);
      assert.match(errorBody(await limitedLogin.text()).message, /too many wrong tokens/);
      assert.equal((await fetch(`${app.url}/trpc/tools.list`, { headers: { authorization: `Bearer ${TOKEN}` } })).status, 429);
      assert.equal((await fetch(`${app.url}/trpc/tools.list?token=${TOKEN}`, { headers: { accept: 'text/event-stream' } })).status, 429);
      const ws = createWSClient({ url: `${app.url.replace('http', 'ws')}/trpc`, WebSocket: WebSocket as never, connectionParams: { token: TOKEN } });
      try {
        await assert.rejects(createTRPCClient<AppRouter>({ links: [wsLink({ client: ws })] }).tools.list.query(), /too many wrong tokens/);
      } finally {
        await ws.close();
      }
      assert.equal((await fetch(`${app.url}/trpc/tools.list`, { headers: { cookie } })).status, 200, 'a session made before still works');
      assert.equal((await fetch(`${app.url}/healthz`)).status, 200);
    } finally {
      await app.stop();
    }
  });
});
