import { expect, test } from '@playwright/test';
import { cards, composer, expectStatus, openNewChat, outputOf, send } from './helpers';

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
  await expect(composer(page)).toBeFocused();
  await send(page, `/echo text="beta ${tag}"`);
  await expectStatus(cards(page, 'echo'), 'succeeded');

  // Rename the current one: the sidebar and the header follow.
  const current = sidebar.locator('.conversation-current');
  await current.getByRole('button', { name: /^Rename / }).click();
  const title = sidebar.getByRole('textbox', { name: 'Conversation title' });
  // A blank title is refused with words, not silently.
  await title.fill('   ');
  await title.press('Enter');
  await expect(sidebar.getByRole('alert')).toContainText('at least one character that is not a space');
  await title.fill(`Beta ${tag}`);
  await title.press('Enter');
  await expect(sidebar.getByRole('alert')).toHaveCount(0);
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
  // Timestamps stay at this width, under the bubble.
  await send(page, `/echo text="phone ${Date.now()}"`);
  await expect(page.locator('.message-user time')).toBeVisible();
});

test('messages sent back to back from a new chat all land in its one conversation, in order', async ({ page }) => {
  const tag = `${Date.now()}`;
  await openNewChat(page);
  const input = composer(page);
  const texts = [1, 2, 3, 4].map((n) => `/echo text="burst ${n} ${tag}"`);
  // No wait between sends: the first one's answer (and the route change) has not arrived yet.
  for (const text of texts) {
    await input.fill(text);
    await input.press('Enter');
  }
  const sidebar = page.getByRole('navigation', { name: 'Conversations' });
  await expect(page).toHaveURL(/#\/c\/conv_/);
  const shown = async () => {
    await expect(cards(page, 'echo')).toHaveCount(texts.length);
    for (const [i, text] of texts.entries()) await expect(outputOf(cards(page, 'echo').nth(i))).toHaveText(text.slice(12, -1));
  };
  await shown();
  // One conversation in the sidebar holds them, and a reload shows the same.
  await expect(sidebar.getByRole('link', { name: new RegExp(`burst \\d ${tag}`) })).toHaveCount(1);
  await page.reload();
  await shown();
});
