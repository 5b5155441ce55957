import { expect, test, type Page } from '@playwright/test';
import { cards, expectStatus, openNewChat, outputOf, send } from './helpers';
import { baseUrlOf } from './servers';

// This server talks to the e2e AI provider (fixtures/openai-e2e.ts), which answers by what we type.
test.use({ baseURL: baseUrlOf('ai') });

test.beforeEach(async ({ page }) => {
  page.on('dialog', (dialog) => {
    throw new Error(`a dialog opened: ${dialog.message()}`);
  });
  await openNewChat(page);
});

test('a streamed answer renders as Markdown, and HTML from the model stays text', async ({ page }) => {
  await send(page, 'show me some markdown');
  const bubble = page.locator('.bubble-assistant');
  await expect(bubble).toHaveAttribute('aria-busy', 'false');
  await expect(bubble.getByRole('heading', { name: 'What I can do' })).toBeVisible();
  await expect(bubble.getByRole('listitem')).toHaveCount(2);
  await expect(bubble.getByRole('table')).toContainText('echo');
  await expect(bubble.locator('pre code')).toHaveText('const answer = 42;');
  const link = bubble.getByRole('link', { name: 'the docs' });
  await expect(link).toHaveAttribute('href', 'https://example.com/docs');
  await expect(link).toHaveAttribute('target', '_blank');
  // The model's HTML is shown, not run: no image, no script, the markup as text.
  await expect(bubble.locator('img, script')).toHaveCount(0);
  await expect(bubble).toContainText('<script>alert(2)</script>');
});

test('the model calls a tool: its card asks for approval, runs once approved, and the answer uses the result', async ({ page }) => {
  await send(page, 'please use echo for me');
  const card = cards(page, 'echo');
  await expectStatus(card, 'awaiting_approval');
  await expect(card.getByText('Asked by the model')).toBeVisible();
  await expect(card.getByRole('region', { name: 'Approval for echo' })).toContainText('hello from the model');
  await card.getByRole('button', { name: 'Approve echo' }).click();
  await expectStatus(card, 'succeeded');
  await expect(outputOf(card)).toHaveText('hello from the model');
  await expect(page.locator('.bubble-assistant')).toContainText('The echo tool answered: hello from the model');
  // After a reload the card is still under its reply, with its result.
  await page.reload();
  await expectStatus(cards(page, 'echo'), 'succeeded');
  await expect(page.locator('.bubble-assistant')).toContainText('The echo tool answered: hello from the model');
});

/** What the reply's bubble shows, in order: its text parts and its cards. */
const replyParts = (page: Page) =>
  page.locator('.bubble-assistant').evaluate((bubble) =>
    [...bubble.querySelectorAll(':scope > div > .markdown, :scope > article')].map((node) =>
      node.tagName === 'ARTICLE' ? `card: ${node.getAttribute('aria-label')}` : `text: ${(node.textContent ?? '').trim()}`,
    ),
  );

test('a model\'s card sits where the call was made: between the text before it and the answer after, also after a reload', async ({ page }) => {
  await send(page, 'think, then echo');
  const card = cards(page, 'echo');
  await card.getByRole('button', { name: 'Approve echo' }).click();
  await expectStatus(card, 'succeeded');
  await expect(page.locator('.bubble-assistant')).toHaveAttribute('aria-busy', 'false');
  const expected = ['text: First I ask the echo tool.', 'card: Tool run echo', 'text: The echo tool answered: hello from the model'];
  await expect.poll(() => replyParts(page)).toEqual(expected);
  await page.reload();
  await expectStatus(cards(page, 'echo'), 'succeeded');
  await expect.poll(() => replyParts(page)).toEqual(expected);
});

test('a call the app refuses shows as a Refused card with the tool, its arguments and the reason, kept after a reload', async ({ page }) => {
  await send(page, 'call a missing tool');
  const refused = page.getByRole('article', { name: 'Refused tool call no_such_tool' });
  const check = async () => {
    await expect(refused.getByRole('status')).toHaveText('Refused');
    await expect(refused).toContainText('x=1');
    await expect(refused).toContainText('there is no tool named "no_such_tool"');
    await expect(refused).toContainText('UNKNOWN_TOOL');
    await expect
      .poll(() => replyParts(page))
      .toEqual(['text: Let me try a tool.', 'card: Refused tool call no_such_tool', 'text: That tool was refused, so I stop here.']);
  };
  await expect(page.locator('.bubble-assistant')).toHaveAttribute('aria-busy', 'false');
  await check();
  await page.reload();
  await check();
});

test('Deny keeps the tool from running and the card says so', async ({ page }) => {
  await send(page, 'please use echo, but I will say no');
  const card = cards(page, 'echo');
  await card.getByRole('button', { name: 'Deny echo' }).click();
  await expectStatus(card, 'failed');
  const error = card.getByRole('group', { name: 'Error' });
  await expect(error).toContainText('DENIED');
  await expect(error).toContainText('Denied');
  await expect(card.getByRole('status')).toHaveText('Denied');
  await expect(card.getByRole('button', { name: 'Approve echo' })).toHaveCount(0);
});

test('Stop ends a long reply where it is, keeping the text', async ({ page }) => {
  await send(page, 'tell me something long');
  const bubble = page.locator('.bubble-assistant');
  // The provider sent one delta and holds the request open until it is aborted.
  await expect(bubble).toContainText('Let me think about that at length');
  await bubble.getByRole('button', { name: 'Stop reply' }).click();
  await expect(bubble.getByText('Stopped')).toBeVisible();
  await expect(bubble).toContainText('Let me think about that at length');
  await expect(bubble.getByRole('button', { name: 'Stop reply' })).toHaveCount(0);
  await expect(bubble.getByRole('button', { name: 'Retry reply' })).toBeVisible();
});

test('a provider failure says what failed, and Retry answers again', async ({ page }) => {
  await send(page, 'a flaky question');
  const failed = page.locator('.bubble-assistant').first();
  await expect(failed).toContainText('PROVIDER_ERROR');
  await failed.getByRole('button', { name: 'Retry reply' }).click();
  await expect(page.locator('.bubble-assistant')).toHaveCount(2);
  await expect(page.locator('.bubble-assistant').nth(1)).toContainText('Recovered: this time it worked.');
});
