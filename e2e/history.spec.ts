import { expect, test } from '@playwright/test';
import { cards, expectStatus, openNewChat, outputOf, send } from './helpers';

test('a reloaded run whose output was cut says so, and "Show full output" replays all of it', async ({ page }) => {
  test.setTimeout(90_000);
  await openNewChat(page);
  // 1.3M characters: more than the 64 KiB a conversation loads per fragment (and the 1 MiB it stores).
  await send(page, '/shell command="seq 200000"');
  await expectStatus(cards(page, 'shell'), 'succeeded', 30_000);
  await page.reload();

  const card = cards(page, 'shell');
  const output = outputOf(card);
  await expectStatus(card, 'succeeded');
  await expect(card.getByText(/^Showing the first .+ of .+ characters of output\./)).toBeVisible();
  // Only whole lines of the start: about 10k of them, each its own number.
  const shown = Number(await output.getAttribute('data-lines'));
  expect(shown).toBeGreaterThan(5_000);
  expect(shown).toBeLessThan(20_000);
  await output.evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect(output.locator(`.output-line[data-index="${shown - 1}"]`)).toHaveText(String(shown));

  await card.getByRole('button', { name: 'Show full output' }).click();
  await expect(output).toHaveAttribute('data-lines', '200000', { timeout: 30_000 });
  await expect(card.getByText(/characters of output/)).toHaveCount(0);
  await output.evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect(output.locator('.output-line[data-index="199999"]')).toHaveText('200000');
  await expectStatus(card, 'succeeded');
});

test('a long conversation opens on its newest page and "Load earlier messages" pages back', async ({ page, request }) => {
  // 101 plain messages and their replies: 202 fragments, one more page than the 200 loaded first.
  let conversationId: string | undefined;
  for (let i = 1; i <= 101; i++) {
    const response = await request.post('/trpc/chat.send', { data: { content: `message ${i}`, conversationId } });
    expect(response.ok()).toBe(true);
    const body = (await response.json()) as { result: { data: { conversationId: string } } };
    conversationId = body.result.data.conversationId;
  }
  await page.goto(`/#/c/${conversationId}`);
  const messages = page.getByRole('list', { name: 'Messages' });
  await expect(messages.locator('.bubble-user').last()).toHaveText('message 101');
  // The newest 200 fragments start at message 2 (message 1 and its reply are the two left out).
  await expect(messages.getByText('message 2', { exact: true })).toHaveCount(1);
  await expect(messages.getByText('message 1', { exact: true })).toHaveCount(0);

  const earlier = page.getByRole('button', { name: 'Load earlier messages' });
  await earlier.scrollIntoViewIfNeeded();
  await earlier.click();
  await expect(messages.getByText('message 1', { exact: true })).toHaveCount(1);
  await expect(earlier).toHaveCount(0);
  // The view stayed where the user was reading, not at the top of the new page.
  expect(await page.locator('.messages').evaluate((el) => el.scrollTop)).toBeGreaterThan(0);
  await expect(messages.locator('.bubble-user')).toHaveCount(101);
  await expect(messages.locator('.bubble-assistant')).toHaveCount(101);
});

test('a reply reloaded after it finished shows once, from its fragment', async ({ page }) => {
  await openNewChat(page);
  await send(page, 'hello after a reload');
  await expect(page.locator('.bubble-assistant')).toContainText('No AI model is configured');
  await page.reload();
  await expect(page.locator('.bubble-user')).toHaveText('hello after a reload');
  await expect(page.locator('.bubble-assistant')).toHaveCount(1);
  await expect(page.locator('.bubble-assistant')).toContainText('No AI model is configured');
});

test('a message longer than a conversation loads shows its start, and "Show all" fetches the rest', async ({ page, request }) => {
  const long = `${'a'.repeat(69_999)}z`;
  const response = await request.post('/trpc/chat.send', { data: { content: long } });
  expect(response.ok()).toBe(true);
  const { conversationId } = ((await response.json()) as { result: { data: { conversationId: string } } }).result.data;
  await page.goto(`/#/c/${conversationId}`);
  const bubble = page.locator('.bubble-user');
  await expect(bubble).toContainText('more characters.');
  const text = bubble.locator('.bubble-text');
  expect((await text.textContent())?.length).toBe(64 * 1024);
  await bubble.getByRole('button', { name: 'Show all' }).click();
  await expect(bubble.getByText('more characters.')).toHaveCount(0);
  await expect(text).toHaveText(long);
});
