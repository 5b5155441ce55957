import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { test } from 'node:test';
import { ConfigSchema } from '../config/schema';
import { startOAuthFixture } from '../integration/fixtures/oauth-server';
import { waitForSignIn, type AskUser } from './midRun';
import { OAuthService } from './service';
import { approve, testStore } from './testing';

async function setUp() {
  const fixture = await startOAuthFixture();
  const { db, dir } = testStore();
  const oauth = new OAuthService(db, ConfigSchema.parse({ mcpServers: { remote: { url: fixture.url } } }));
  oauth.listening(9);
  return {
    fixture,
    oauth,
    async close() {
      await fixture.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

test('a call waiting for sign-in shows the authorization URL, and goes on once the callback signed the server in', async () => {
  const { oauth, close } = await setUp();
  try {
    const asked: string[] = [];
    // The user: opens the link (the authorization server approves), lands on the callback; the
    // request then closes by itself (serverDone), as the elicitation path answers it: accept.
    const ask: AskUser = async (question, { serverDone }) => {
      asked.push(question.url);
      await oauth.callback(await approve(question.url));
      assert.equal(serverDone?.aborted, true);
      return { action: 'accept' };
    };
    const goOn = await waitForSignIn('remote', 'MCP server "remote" needs sign-in', ask, oauth, new AbortController().signal);
    assert.equal(goOn, true);
    assert.equal(asked.length, 1);
    assert.match(asked[0] ?? '', /\/authorize\?/);
    assert.ok(oauth.store.tokens('remote'), 'signed in');
  } finally {
    await close();
  }
});

test('a user who declines the sign-in ends the wait: the call fails as needing sign-in', async () => {
  const { oauth, close } = await setUp();
  try {
    const goOn = await waitForSignIn('remote', 'needs sign-in', async () => ({ action: 'decline' }), oauth, new AbortController().signal);
    assert.equal(goOn, false);
    assert.equal(oauth.store.tokens('remote'), undefined);
  } finally {
    await close();
  }
});
