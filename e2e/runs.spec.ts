import { expect, test } from '@playwright/test';
import { cards, expectStatus, openNewChat, outputOf, renderedLines, send } from './helpers';

test.beforeEach(async ({ page }) => {
  await openNewChat(page);
});

test('Stop cancels a running command; the card says so', async ({ page }) => {
  await send(page, '/count to=1000 intervalMs=50');
  const card = cards(page, 'count');
  await expectStatus(card, 'running');
  await expect(outputOf(card)).toContainText('2');
  const stop = card.getByRole('button', { name: 'Stop count' });
  // Keyboard-reachable: focus it and press Enter.
  await stop.focus();
  await page.keyboard.press('Enter');
  await expectStatus(card, 'cancelled');
  await expect(card.getByRole('status')).toHaveText('Cancelled');
  const error = card.getByRole('group', { name: 'Error' });
  await expect(error).toContainText('CANCELLED');
  await expect(error).toContainText('cancelled by the user');
  await expect(stop).toHaveCount(0);
  // Output stops growing: the count never reached 1000.
  const lines = Number(await outputOf(card).getAttribute('data-lines'));
  expect(lines).toBeLessThan(1000);
});

test('Retry after a recoverable failure starts a new run', async ({ page }) => {
  await send(page, '/count to=1000 intervalMs=50');
  const first = cards(page, 'count').first();
  await expectStatus(first, 'running');
  await first.getByRole('button', { name: 'Stop count' }).click();
  await expectStatus(first, 'cancelled');

  const retry = first.getByRole('button', { name: 'Retry count' });
  await expect(retry).toBeVisible();
  await retry.click();
  await expect(cards(page, 'count')).toHaveCount(2);
  const second = cards(page, 'count').nth(1);
  await expect(second).toContainText('Retry of an earlier run');
  await expect(second.getByText('to=1000 intervalMs=50')).toBeVisible();
  await expectStatus(second, 'running');
  await expect(outputOf(second)).toContainText('1');
  // The old card points at the new run instead of offering Retry again.
  await expect(first.getByRole('button', { name: 'Retry count' })).toHaveCount(0);
  await expect(first).toContainText('Retried');
  await second.getByRole('button', { name: 'Stop count' }).click();
  await expectStatus(second, 'cancelled');
});

test('a failed run shows what failed, its code and detail, and no Retry when not recoverable', async ({ page }) => {
  // The MCP tool fetches its input; nothing listens on port 1, so the tool reports an error (isError).
  await send(page, '/everything.gzip-file-as-resource name=x.gz data="http://127.0.0.1:1/nothing"');
  const card = cards(page, 'everything.gzip-file-as-resource');
  await expectStatus(card, 'failed');
  await expect(card.getByRole('status')).toHaveText(/^Failed · \d/);
  const error = card.getByRole('group', { name: 'Error' });
  await expect(error).toContainText('The tool reported an error');
  await expect(error).toContainText('TOOL_ERROR');
  await expect(error).toContainText('fetch failed');
  await expect(card.getByRole('button', { name: /Retry/ })).toHaveCount(0);
});

test('reloading mid-stream brings the card back and it continues with no line twice', async ({ page }) => {
  await send(page, '/count to=80 intervalMs=50');
  const card = cards(page, 'count');
  await expect(outputOf(card)).toContainText('10');
  const url = page.url();
  await page.reload();
  expect(page.url()).toBe(url);
  const again = cards(page, 'count');
  await expect(again).toHaveCount(1);
  await expectStatus(again, 'running');
  await expectStatus(again, 'succeeded');
  const output = outputOf(again);
  await expect(output).toHaveAttribute('data-lines', '80');
  // Every rendered row holds its own number: nothing repeated, nothing skipped.
  for (const [index, text] of await renderedLines(again)) expect(text).toBe(String(index + 1));
  await output.evaluate((el) => (el.scrollTop = 0));
  await expect(output.locator('.output-line[data-index="0"]')).toHaveText('1');
  for (const [index, text] of await renderedLines(again)) expect(text).toBe(String(index + 1));
});

test('leaving a running card and coming back resumes it from its last event', async ({ page }) => {
  await send(page, '/count to=60 intervalMs=50');
  const card = cards(page, 'count');
  await expect(outputOf(card)).toContainText('5');
  const conversationUrl = page.url();
  await page.getByRole('link', { name: 'Fragments', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Fragments' })).toBeVisible();
  await page.goto(conversationUrl);
  await expectStatus(cards(page, 'count'), 'succeeded');
  await expect(outputOf(cards(page, 'count'))).toHaveAttribute('data-lines', '60');
  for (const [index, text] of await renderedLines(cards(page, 'count'))) expect(text).toBe(String(index + 1));
});
