import { expect, test } from '@playwright/test';
import { cards, composer, expectStatus, outputOf, send } from './helpers';
import { startAppWith, startOAuthServer, type Started } from './oauthServers';

let oauthServer: Started;
let app: Started;

// Two processes of its own start before the test (the authorization server and the app).
test.describe.configure({ timeout: 90_000 });

test.beforeEach(async () => {
  oauthServer = await startOAuthServer();
  app = await startAppWith({ mcpServers: { remote: { url: oauthServer.url } }, approvals: { servers: { remote: 'auto' } } });
});

test.afterEach(async () => {
  await app.stop();
  await oauthServer.stop();
});

test('signing in to an OAuth MCP server in the browser: the authorization server sends it back to the app, and the tool runs', async ({ page }) => {
  // The Servers panel shows the server needing sign-in; its Sign in button calls servers.signIn and opens the URL.
  await page.goto(`${app.url}/#/servers`);
  const signIn = page.getByRole('button', { name: 'Sign in to remote' });
  await expect(signIn).toBeVisible();
  await signIn.click();

  // The authorization server approves at once and redirects the browser to the app's own callback page.
  await expect(page).toHaveURL(new RegExp(`^${app.url}/oauth/callback\\?`));
  await expect(page.getByRole('heading', { name: 'Signed in' })).toBeVisible();
  await expect(page.getByRole('status')).toHaveText(/Signed in to MCP server "remote"/);
  const callback = page.url();
  // The page holds no token: nothing but what it says.
  expect(await page.content()).not.toMatch(/at-[0-9a-f]{32}|rt-[0-9a-f]{32}/);

  // Back in the app, the server is connected: its tool runs with the token the app holds.
  await page.getByRole('link', { name: 'Back to Fragments Chat' }).click();
  await expect(page).toHaveURL(`${app.url}/`);
  await page.goto(`${app.url}/#/new`);
  // The palette lists the server's tool once the page has the tool list: only then is the command known.
  await composer(page).fill('/remote.who');
  await expect(page.getByRole('option', { name: /^\/remote\.whoami/ })).toBeVisible();
  await send(page, '/remote.whoami');
  const card = cards(page, 'remote.whoami');
  await expectStatus(card, 'succeeded');
  await expect(outputOf(card)).toContainText('"clientId"');

  // The same redirect again is refused: the state was single use.
  await page.goto(callback);
  await expect(page.getByRole('heading', { name: 'Sign-in failed' })).toBeVisible();
  await expect(page.getByRole('status')).toHaveText(/already used/);
});
