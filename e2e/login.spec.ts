import { expect, test, type Page } from '@playwright/test';
import { cards, expectStatus, openNewChat, outputOf, send } from './helpers';
import { E2E_TOKEN, baseUrlOf } from './servers';

// This server was started with FRAGMENTS_TOKEN=E2E_TOKEN.
test.use({ baseURL: baseUrlOf('login') });

const prompt = (page: Page) => page.getByRole('heading', { name: 'This server needs a token' });

/** A run over SSE and the page's queries: everything the session cookie must authorize. */
async function runsATool(page: Page, text: string): Promise<void> {
  await openNewChat(page);
  await send(page, `/echo text=${text}`);
  const card = cards(page, 'echo');
  await expectStatus(card, 'succeeded');
  await expect(outputOf(card)).toContainText(text);
}

test('the printed login URL logs the browser in once: an HttpOnly cookie, not the token, and no token left in the address bar', async ({ page, context }) => {
  await page.goto('/');
  await expect(prompt(page)).toBeVisible();
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  // Wait for the trade itself and for the first query it authorizes: until the page has rendered,
  // "no prompt" is true before the POST has even answered (seen once on a fresh clone: no cookie yet).
  const login = page.waitForResponse((response) => new URL(response.url()).pathname === '/login' && response.request().method() === 'POST');
  const authorized = page.waitForResponse((response) => response.url().includes('tools.list') && response.ok());
  await page.goto(`/login#token=${E2E_TOKEN}`);
  expect((await login).status()).toBe(204);
  await authorized;
  await expect(prompt(page)).toHaveCount(0);
  expect(page.url()).not.toContain(E2E_TOKEN);
  const cookies = await context.cookies();
  expect(cookies).toHaveLength(1);
  expect(cookies[0]).toMatchObject({ name: 'fragments_session', httpOnly: true, sameSite: 'Strict', path: '/' });
  expect(cookies[0]?.value).not.toContain(E2E_TOKEN);
  expect(await page.evaluate(() => JSON.stringify(localStorage) + document.cookie)).not.toContain(E2E_TOKEN);
  await runsATool(page, 'by-login-url');
  // A later visit needs nothing.
  await page.goto('/');
  await expect(prompt(page)).toHaveCount(0);
  await runsATool(page, 'on-a-later-visit');
  expect(requests.filter((url) => url.includes(E2E_TOKEN))).toEqual([]);
});

test('the token prompt says when the token is wrong, and once right sets the cookie so it is not asked again', async ({ page, context }) => {
  await page.goto('/');
  await page.getByLabel('Token').fill('not-the-token');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('alert')).toHaveText(/not the token this server was started with/);
  expect(await context.cookies()).toEqual([]);
  await page.getByLabel('Token').fill(E2E_TOKEN);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(prompt(page)).toHaveCount(0);
  await page.reload();
  await expect(prompt(page)).toHaveCount(0);
  await runsATool(page, 'by-prompt');
});
