import { expect, test, type Page } from '@playwright/test';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cards, composer, expectStatus, openNewChat, send } from './helpers';
import { baseUrlOf } from './servers';

// Committed screenshots are refreshed only on request (UPDATE_SCREENSHOTS=1 npm run test:e2e), so
// an ordinary test run leaves the work tree clean; otherwise they go to a temp dir for a look.
const shots = process.env.UPDATE_SCREENSHOTS
  ? join(dirname(fileURLToPath(import.meta.url)), 'screenshots')
  : join(tmpdir(), 'fragments-e2e-screenshots');
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

test.use({ baseURL: baseUrlOf('shots') });

async function shoot(page: Page, name: string, size: typeof DESKTOP, scheme: 'light' | 'dark') {
  await page.setViewportSize(size);
  await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
  // Let layout settle and the conversation re-pin to its newest item after the resize.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  await page.screenshot({ path: join(shots, `${name}-${size === DESKTOP ? 'desktop' : 'phone'}-${scheme}.png`) });
}

async function rename(page: Page, title: string) {
  const sidebar = page.getByRole('navigation', { name: 'Conversations' });
  await sidebar.locator('.conversation-current').getByRole('button', { name: /^Rename / }).click();
  await sidebar.getByRole('textbox', { name: 'Conversation title' }).fill(title);
  await sidebar.getByRole('textbox', { name: 'Conversation title' }).press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
}

// The main screens at desktop and phone widths, light and dark: for the README and for review.
test('screenshots of the main screens', async ({ page }) => {
  test.setTimeout(90_000);
  await openNewChat(page);
  await send(page, '/everything.get-sum a=19 b=23');
  await rename(page, 'Sums and echoes');
  await page.getByRole('link', { name: 'New conversation', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Start a conversation' })).toBeVisible();

  await send(page, 'What can you do?');
  await expect(page.locator('.bubble-assistant')).toContainText('No AI model');
  await send(page, '/everything.get-structured-content location="Los Angeles"');
  await send(page, '/everything.gzip-file-as-resource name=x.gz data="http://127.0.0.1:1/nothing"');
  await expectStatus(cards(page, 'everything.gzip-file-as-resource'), 'failed');
  await send(page, '/everything.get-tiny-image');
  await expectStatus(cards(page, 'everything.get-tiny-image'), 'succeeded');
  // A count that would take 19 hours stays live for the pictures (it is stopped below); it reads
  // better in the README than a test gate, and no machine is slow enough to let it finish first.
  await send(page, '/count to=100000 intervalMs=700');
  const live = cards(page, 'count');
  await expect(live.locator('.output-line[data-index="2"]')).toBeVisible();
  await rename(page, 'A tour of the tools');

  for (const scheme of ['light', 'dark'] as const) {
    await shoot(page, 'chat', DESKTOP, scheme);
    await shoot(page, 'chat', PHONE, scheme);
  }
  await page.setViewportSize(DESKTOP);
  await composer(page).fill('/everything.get-s');
  await expect(page.getByRole('listbox', { name: 'Tools' })).toBeVisible();
  await shoot(page, 'palette', DESKTOP, 'dark');
  await composer(page).fill('');
  await live.getByRole('button', { name: 'Stop count' }).click();
  await expectStatus(live, 'cancelled');

  await page.getByRole('link', { name: 'Fragments', exact: true }).click();
  await expect(page.getByRole('list', { name: 'Fragment results' }).getByRole('listitem').first()).toBeVisible();
  await shoot(page, 'fragments', DESKTOP, 'light');
  await shoot(page, 'fragments', PHONE, 'dark');
});

// A conversation with the AI model (the e2e provider): a Markdown answer and a tool call waiting for approval.
test.describe('with a model', () => {
  test.use({ baseURL: baseUrlOf('ai') });

  test('screenshots of a conversation with the model', async ({ page }) => {
    await openNewChat(page);
    await send(page, 'show me some markdown');
    await expect(page.locator('.bubble-assistant')).toHaveAttribute('aria-busy', 'false');
    await send(page, 'please use echo for me');
    const card = cards(page, 'echo');
    await expectStatus(card, 'awaiting_approval');
    await rename(page, 'Talking to the model');
    for (const scheme of ['light', 'dark'] as const) await shoot(page, 'ai', DESKTOP, scheme);
    await shoot(page, 'ai', PHONE, 'light');
    await card.getByRole('button', { name: 'Deny echo' }).click();
    await expectStatus(card, 'failed');
  });
});
