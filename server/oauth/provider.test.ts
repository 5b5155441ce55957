import { InsufficientScopeError, UnauthorizedError } from '@modelcontextprotocol/client';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { test } from 'node:test';
import { startOAuthFixture, type OAuthFixture } from '../integration/fixtures/oauth-server';
import { SignInError, completeSignIn } from './callback';
import type { SqliteOAuthProvider } from './provider';
import type { OAuthStore } from './store';
import { approve, connectWith, testProvider, testStore } from './testing';

type Ctx = { fixture: OAuthFixture; store: OAuthStore; provider: SqliteOAuthProvider; close(): Promise<void> };

async function setUp(options: Parameters<typeof startOAuthFixture>[0] = {}, extra: Parameters<typeof testProvider>[2] = {}): Promise<Ctx> {
  const fixture = await startOAuthFixture(options);
  const { db, store, dir } = testStore();
  const provider = testProvider(store, fixture.url, extra);
  return {
    fixture,
    store,
    provider,
    async close() {
      await fixture.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const deps = (ctx: Ctx) => ({ store: ctx.store, provider: () => ctx.provider, serverUrl: () => new URL(ctx.fixture.url) });

async function signIn(ctx: Ctx): Promise<void> {
  const url = await ctx.provider.signIn();
  assert.equal(await completeSignIn(await approve(url), deps(ctx)), 'remote');
}

const whoami = (text: unknown) => JSON.parse(((text as { content: Array<{ text: string }> }).content[0] as { text: string }).text) as { clientId: string; scopes: string[] };

test('without tokens the server answers 401 and connect says so; sign-in (dynamic registration, PKCE, resource, iss) connects it', async () => {
  const ctx = await setUp();
  try {
    await assert.rejects(connectWith(ctx.provider, ctx.fixture.url), (error) => error instanceof UnauthorizedError);
    const url = await ctx.provider.signIn();
    assert.equal(ctx.fixture.counts.register, 1);
    assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
    assert.equal(url.searchParams.get('resource'), ctx.fixture.url);
    // Scopes from the protected resource's metadata.
    assert.equal(url.searchParams.get('scope'), 'mcp admin');
    const params = await approve(url);
    assert.equal(params.get('iss'), ctx.fixture.issuer);
    await completeSignIn(params, deps(ctx));
    const client = await connectWith(ctx.provider, ctx.fixture.url);
    const me = whoami(await client.callTool({ name: 'whoami', arguments: {} }));
    assert.equal(me.clientId, ctx.fixture.authorizations[0]?.clientId);
    assert.equal(ctx.fixture.authorizations[0]?.resource, ctx.fixture.url);
    await client.close();
    // The state was single use.
    await assert.rejects(completeSignIn(params, deps(ctx)), (error) => error instanceof SignInError && /already used/.test(error.message));
  } finally {
    await ctx.close();
  }
});

test('a callback whose iss is not the issuer is refused and stores no tokens (RFC 9207 mix-up defence)', async () => {
  const ctx = await setUp();
  try {
    ctx.fixture.sendWrongIss();
    const params = await approve(await ctx.provider.signIn());
    await assert.rejects(completeSignIn(params, deps(ctx)), (error) => error instanceof SignInError && /issuer mismatch/.test(error.message));
    assert.equal(ctx.fixture.counts.authorization_code, 0);
    assert.equal(ctx.store.tokens('remote'), undefined);
  } finally {
    await ctx.close();
  }
});

test('a pre-registered client from the config is used as is: no registration, its secret sent to the token endpoint', async () => {
  const ctx = await setUp(
    { registration: false, preRegistered: { clientId: 'fragments-chat', clientSecret: 'pre-registered-secret-123' } },
    { config: { clientId: 'fragments-chat', clientSecret: 'pre-registered-secret-123', scope: 'mcp' } },
  );
  try {
    await signIn(ctx);
    assert.equal(ctx.fixture.counts.register, 0);
    const client = await connectWith(ctx.provider, ctx.fixture.url);
    assert.equal(whoami(await client.callTool({ name: 'whoami', arguments: {} })).clientId, 'fragments-chat');
    await client.close();
  } finally {
    await ctx.close();
  }
});

test('20 calls that all get 401 for an expired token share ONE refresh (rotating refresh tokens would fail a second)', async () => {
  const ctx = await setUp();
  try {
    await signIn(ctx);
    const client = await connectWith(ctx.provider, ctx.fixture.url);
    ctx.fixture.expireAccessTokens();
    const results = await Promise.all(Array.from({ length: 20 }, () => client.callTool({ name: 'whoami', arguments: {} })));
    assert.equal(results.length, 20);
    assert.equal(ctx.fixture.counts.refresh_token, 1);
    await client.close();
  } finally {
    await ctx.close();
  }
});

test('a token about to expire is refreshed before the request, once for 20 concurrent calls', async () => {
  let now = Date.now();
  const ctx = await setUp({}, { now: () => now });
  try {
    await signIn(ctx);
    const client = await connectWith(ctx.provider, ctx.fixture.url);
    const before = ctx.store.tokens('remote')?.tokens.access_token;
    // 30 s before expiry (the margin is 60 s): no request may go out with the old token.
    now += 3600_000 - 30_000;
    await Promise.all(Array.from({ length: 20 }, () => client.callTool({ name: 'whoami', arguments: {} })));
    assert.equal(ctx.fixture.counts.refresh_token, 1);
    assert.notEqual(ctx.store.tokens('remote')?.tokens.access_token, before);
    await client.close();
  } finally {
    await ctx.close();
  }
});

test('a 403 insufficient_scope asks for the union of scopes with a new authorization (step-up), then the call goes through', async () => {
  // The resource advertises only `mcp`: the first sign-in gets less than the admin tool needs.
  const ctx = await setUp({ scopes: ['mcp'] });
  try {
    await signIn(ctx);
    const client = await connectWith(ctx.provider, ctx.fixture.url);
    const error = await client.callTool({ name: 'admin', arguments: {} }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    assert.ok(error instanceof InsufficientScopeError, `expected InsufficientScopeError, got ${String(error)}`);
    assert.equal(await ctx.provider.stepUp(error), 'REDIRECT');
    const url = await ctx.provider.signIn();
    assert.deepEqual(url.searchParams.get('scope')?.split(' ').sort(), ['admin', 'mcp']);
    await completeSignIn(await approve(url), deps(ctx));
    const me = whoami(await client.callTool({ name: 'admin', arguments: {} }));
    assert.ok(me.scopes.includes('admin'));
    await client.close();
  } finally {
    await ctx.close();
  }
});

test('sign out forgets the tokens: the next connect needs sign-in again', async () => {
  const ctx = await setUp();
  try {
    await signIn(ctx);
    ctx.provider.signOut();
    assert.equal(ctx.store.tokens('remote'), undefined);
    await assert.rejects(connectWith(ctx.provider, ctx.fixture.url), (error) => error instanceof UnauthorizedError);
  } finally {
    await ctx.close();
  }
});
