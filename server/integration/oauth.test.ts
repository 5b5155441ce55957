import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { approve, redirectOf } from '../oauth/testing';
import { startOAuthFixture, type OAuthFixtureOptions } from './fixtures/oauth-server';
import { collect, outputOf, sseClient, startTestApp, type TestApp } from './harness';
import { rawRequest } from './rawHttp';

const TOKEN = 'app-token-oauth-5d1f';
const CLIENT_SECRET = 'preregistered-secret-9a7c';

async function withApp(
  fixtureOptions: OAuthFixtureOptions,
  config: (url: string) => Record<string, unknown>,
  run: (ctx: { app: TestApp; fixture: Awaited<ReturnType<typeof startOAuthFixture>>; logged: string[] }) => Promise<void>,
): Promise<void> {
  let appUrl = '';
  const fixture = await startOAuthFixture({ ...fixtureOptions, resolveClientDocument: (id) => `${appUrl}${new URL(id).pathname}` });
  const logged: string[] = [];
  const app = await startTestApp({ token: TOKEN, log: (line) => logged.push(line), config: config(fixture.url) });
  appUrl = app.url;
  try {
    await run({ app, fixture, logged });
  } finally {
    await app.stop();
    await fixture.close();
  }
}

const remoteOnly = (url: string) => ({ mcpServers: { remote: { url } }, approvals: { servers: { remote: 'auto' } } });
/** The server's status as servers.list reports it. */
const statusOf = async (app: TestApp) => {
  const connection = app.services.mcp.get('remote');
  return { state: connection?.state, error: connection?.error };
};

/** Signs in through the app as a browser would: servers.signIn, the authorize page, the app's callback (no token, no cookie). */
async function signInThroughApp(app: TestApp): Promise<{ page: string; status: number; callback: URL }> {
  const { authorizationUrl } = await sseClient(app.url, TOKEN).servers.signIn.mutate({ name: 'remote' });
  const callback = await redirectOf(authorizationUrl);
  const response = await fetch(`${app.url}${callback.pathname}${callback.search}`);
  return { page: await response.text(), status: response.status, callback };
}

describe('OAuth for remote MCP servers, through the app', () => {
  it('a server answering 401 needs sign-in; servers.signIn + the callback connect it, and its tools run', async () => {
    await withApp({}, remoteOnly, async ({ app, fixture }) => {
      assert.equal((await statusOf(app))?.state, 'needs_auth');
      const { page, status, callback } = await signInThroughApp(app);
      assert.equal(`${callback.origin}${callback.pathname}`, `${app.url}/oauth/callback`);
      assert.equal(status, 200, page);
      assert.match(page, /Signed in to MCP server &quot;remote&quot;/);
      assert.equal((await statusOf(app))?.state, 'connected');
      const client = sseClient(app.url, TOKEN);
      const sent = await client.chat.send.mutate({ content: '/remote.whoami' });
      assert.equal(sent.type, 'tool_execution');
      const events = await collect(client, sent.type === 'tool_execution' ? sent.executionId : '');
      assert.match(outputOf(events), new RegExp(fixture.authorizations[0]?.clientId ?? 'none'));
      // The state was single use: the same redirect again is refused.
      const again = await fetch(`${app.url}${callback.pathname}${callback.search}`);
      assert.equal(again.status, 400);
      assert.match(await again.text(), /already used/);
    });
  });

  it('a 403 insufficient_scope: the call waits for a new sign-in asking for the union of scopes (step-up), then runs', async () => {
    await withApp({ scopes: ['mcp'] }, remoteOnly, async ({ app }) => {
      assert.equal((await signInThroughApp(app)).status, 200);
      const client = sseClient(app.url, TOKEN);
      const sent = await client.chat.send.mutate({ content: '/remote.admin' });
      const executionId = sent.type === 'tool_execution' ? sent.executionId : '';
      const asked = await collect(client, executionId, { stopWhen: (event) => event.type === 'tool_input_required' || event.type === 'done' });
      const question = asked.at(-1)?.data;
      assert.ok(question?.type === 'tool_input_required', `no tool_input_required; the stream was ${asked.map((event) => event.data.type).join(', ')}`);
      assert.match(question.message, /needs more permissions \(scope "mcp admin"\)/);
      assert.deepEqual(new URL(question.url ?? '').searchParams.get('scope')?.split(' ').sort(), ['admin', 'mcp']);
      assert.equal((await statusOf(app)).state, 'needs_auth');
      const callback = await redirectOf(question.url ?? '');
      assert.equal((await fetch(`${app.url}${callback.pathname}${callback.search}`)).status, 200);
      assert.match(outputOf(await collect(client, executionId)), /"admin"/);
    });
  });

  it('a call that needs sign-in mid-run waits for it: its stream shows the sign-in link, the user signs in, and the call goes on', async () => {
    await withApp({}, remoteOnly, async ({ app, fixture }) => {
      assert.equal((await signInThroughApp(app)).status, 200);
      const client = sseClient(app.url, TOKEN);
      // Every token revoked, refresh tokens too: no refresh can cure the 401.
      fixture.revokeTokens();
      const sent = await client.chat.send.mutate({ content: '/remote.whoami' });
      const executionId = sent.type === 'tool_execution' ? sent.executionId : '';
      const asked = await collect(client, executionId, { stopWhen: (event) => event.type === 'tool_input_required' || event.type === 'done' });
      const question = asked.at(-1)?.data;
      assert.ok(question?.type === 'tool_input_required', `no tool_input_required; the stream was ${asked.map((event) => event.data.type).join(', ')}`);
      assert.equal(question.mode, 'url');
      assert.match(question.url ?? '', /\/authorize\?/);
      assert.match(question.message, /needs sign-in/);
      assert.equal((await statusOf(app)).state, 'needs_auth');
      // The user opens the link; the authorization server sends the browser to the app's callback.
      const callback = await redirectOf(question.url ?? '');
      assert.equal((await fetch(`${app.url}${callback.pathname}${callback.search}`)).status, 200);
      // The request closes by itself and the call goes on.
      const events = await collect(client, executionId);
      assert.deepEqual(events.map((event) => event.data.type).filter((type) => type.startsWith('tool_input')), ['tool_input_required', 'tool_input_answered']);
      assert.match(outputOf(events), /"clientId"/);
      assert.equal(events.find((event) => event.data.type === 'tool_error'), undefined);
      assert.equal((await statusOf(app)).state, 'connected');
    });
  });

  it('the callback fits the guards: no state or an unknown one is a 400 page, a foreign Host a 421', async () => {
    await withApp({}, remoteOnly, async ({ app }) => {
      const none = await fetch(`${app.url}/oauth/callback?code=x`);
      assert.equal(none.status, 400);
      assert.match(await none.text(), /no sign-in state/);
      const unknown = await fetch(`${app.url}/oauth/callback?code=x&state=made-up`);
      assert.equal(unknown.status, 400);
      const foreign = await rawRequest(app.url, '/oauth/callback?code=x&state=y', { headers: { host: 'rebind.example' } });
      assert.equal(foreign.status, 421);
    });
  });

  it('servers.signIn names what is wrong: an unknown server, a stdio server', async () => {
    await withApp({}, (url) => ({ mcpServers: { remote: { url }, local: { command: process.execPath, args: ['-e', ''] } } }), async ({ app }) => {
      const client = sseClient(app.url, TOKEN);
      await assert.rejects(client.servers.signIn.mutate({ name: 'nope' }), /no MCP server named "nope"/);
      await assert.rejects(client.servers.signIn.mutate({ name: 'local' }), /runs over stdio/);
    });
  });

  it('a mix-up (wrong iss) leaves the server needing sign-in, with the reason', async () => {
    await withApp({}, remoteOnly, async ({ app, fixture }) => {
      fixture.sendWrongIss();
      const { status, page } = await signInThroughApp(app);
      assert.equal(status, 400);
      assert.match(page, /issuer mismatch/);
      assert.equal((await statusOf(app))?.state, 'needs_auth');
      assert.equal(fixture.counts.authorization_code, 0);
    });
  });

  it('Client ID Metadata Document: the URL is the client id, the app serves the document, nothing is registered', async () => {
    await withApp(
      { clientMetadataDocuments: true, registration: false },
      (url) => ({ ...remoteOnly(url), publicUrl: 'https://chat.test', oauth: { clientMetadataUrl: 'https://chat.test/oauth/client-metadata.json' } }),
      async ({ app, fixture }) => {
        const document = (await (await fetch(`${app.url}/oauth/client-metadata.json`)).json()) as { client_id: string; redirect_uris: string[] };
        assert.equal(document.client_id, 'https://chat.test/oauth/client-metadata.json');
        assert.deepEqual(document.redirect_uris, ['https://chat.test/oauth/callback']);
        const { status, page, callback } = await signInThroughApp(app);
        assert.equal(callback.origin, 'https://chat.test');
        assert.equal(status, 200, page);
        assert.equal(fixture.counts.register, 0);
        assert.equal(fixture.authorizations[0]?.clientId, 'https://chat.test/oauth/client-metadata.json');
        assert.equal((await statusOf(app))?.state, 'connected');
      },
    );
  });

  it('no token or client secret reaches a log, an answer, a page, a stream event or a stored fragment', async () => {
    await withApp(
      { registration: false, preRegistered: { clientId: 'fragments', clientSecret: CLIENT_SECRET }, accessTokenSeconds: 3600 },
      (url) => ({ mcpServers: { remote: { url, oauth: { clientId: 'fragments', clientSecret: CLIENT_SECRET } } }, approvals: { servers: { remote: 'auto' } } }),
      async ({ app, fixture, logged }) => {
        const client = sseClient(app.url, TOKEN);
        const seen: Array<[string, unknown]> = [];
        const { page } = await signInThroughApp(app);
        seen.push(['callback page', page]);
        const run = async () => {
          const sent = await client.chat.send.mutate({ content: '/remote.whoami' });
          seen.push(['chat.send', sent]);
          if (sent.type === 'tool_execution') seen.push(['stream', await collect(client, sent.executionId)]);
        };
        await run();
        // An expired token: the next call refreshes (the refresh token goes to the AS only).
        fixture.expireAccessTokens();
        await run();
        assert.equal(fixture.counts.refresh_token, 1);
        // A failed sign-in's page and error.
        fixture.sendWrongIss();
        seen.push(['failed sign-in page', (await signInThroughApp(app)).page]);
        seen.push(['tools.servers', await client.tools.servers.query()]);
        seen.push(['tools.list', await client.tools.list.query()]);
        seen.push(['signOut', await client.servers.signOut.mutate({ name: 'remote' })]);
        seen.push(['healthz', await (await fetch(`${app.url}/healthz`)).text()]);
        seen.push(['log', logged]);
        // Everything SQLite holds outside the credential table itself.
        const tables = app.services.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'oauth_%' AND name NOT LIKE '%fts%'`).all() as Array<{ name: string }>;
        for (const { name } of tables) seen.push([`table ${name}`, app.services.db.prepare(`SELECT * FROM "${name}"`).all()]);
        const secrets = [CLIENT_SECRET, ...fixture.issued];
        assert.ok(fixture.issued.length >= 4, 'the fixture issued tokens');
        const leaks = seen.flatMap(([where, value]) => {
          const text = typeof value === 'string' ? value : JSON.stringify(value);
          return secrets.filter((secret) => text.includes(secret)).map((secret) => `${secret.slice(0, 6)}… in ${where}`);
        });
        assert.deepEqual(leaks, []);
      },
    );
  });
});
