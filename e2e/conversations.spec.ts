import { expect, test } from '@playwright/test';
import { cards, expectStatus, openNewChat, outputOf, send } from './helpers';

test('the sidebar creates, renames and switches conversations; the URL keeps the current one', async ({ page }) => {
  const tag = `${Date.now()}`;
  await openNewChat(page);
  await send(page, `/echo text="alpha ${tag}"`);
  await expect(page).toHaveURL(/#\/c\/conv_/);
  const firstUrl = page.url();
  const sidebar = page.getByRole('navigation', { name: 'Conversations' });
  const first = sidebar.getByRole('link', { name: `/echo text="alpha ${tag}"` });
  await expect(first).toHaveAttribute('aria-current', 'page');

  // New: an empty conversation, current in the sidebar.
  await sidebar.getByRole('link', { name: 'New conversation', exact: true }).click();
  await expect(page).not.toHaveURL(firstUrl);
  await expect(page.getByRole('heading', { name: 'Start a conversation' })).toBeVisible();
  await send(page, `/echo text="beta ${tag}"`);
  await expectStatus(cards(page, 'echo'), 'succeeded');

  // Rename the current one: the sidebar and the header follow.
  const current = sidebar.locator('.conversation-current');
  await current.getByRole('button', { name: /^Rename / }).click();
  const title = sidebar.getByRole('textbox', { name: 'Conversation title' });
  await title.fill(`Beta ${tag}`);
  await title.press('Enter');
  await expect(sidebar.getByRole('link', { name: `Beta ${tag}` })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Beta ${tag}`);

  // Switch back: the first conversation's run is there, and a reload stays on it.
  await first.click();
  await expect(page).toHaveURL(firstUrl);
  await expect(outputOf(cards(page, 'echo'))).toHaveText(`alpha ${tag}`);
  await expect(cards(page, 'echo')).toHaveCount(1);
  await page.reload();
  await expect(outputOf(cards(page, 'echo'))).toHaveText(`alpha ${tag}`);
  await expect(sidebar.getByRole('link', { name: `Beta ${tag}` })).toBeVisible();
});

test('on a phone the sidebar is a drawer opened from the header', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openNewChat(page);
  const sidebar = page.getByRole('navigation', { name: 'Conversations' });
  await expect(sidebar).toBeHidden();
  const menu = page.getByRole('button', { name: 'Show conversations' });
  await menu.click();
  await expect(sidebar).toBeVisible();
  await expect(menu).toHaveAttribute('aria-expanded', 'true');
  await page.keyboard.press('Escape');
  await expect(sidebar).toBeHidden();
});
