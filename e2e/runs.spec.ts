import { expect, test } from '@playwright/test';
import { gateLine, newGate } from './gate';
import { cards, expectStatus, openNewChat, outputOf, renderedLines, send } from './helpers';

test.beforeEach(async ({ page }) => {
  await openNewChat(page);
});

test('Stop cancels a running command; the card says so', async ({ page }) => {
  const gate = newGate({ lines: 2 });
  await send(page, gate.command);
  const card = cards(page, gate.tool);
  await expectStatus(card, 'running');
  await expect(outputOf(card)).toHaveAttribute('data-lines', '2');
  const stop = card.getByRole('button', { name: `Stop ${gate.tool}` });
  // Keyboard-reachable: focus it and press Enter.
  await stop.focus();
  await page.keyboard.press('Enter');
  await expectStatus(card, 'cancelled');
  // How long it ran before the stop, once its record says when it ended.
  await expect(card.getByRole('status')).toHaveText(/^Cancelled · \d/);
  const error = card.getByRole('group', { name: 'Error' });
  await expect(error).toContainText('CANCELLED');
  await expect(error).toContainText('cancelled by the user');
  await expect(stop).toHaveCount(0);
  // The run was stopped while held: it never finished, and what it said is kept.
  await expect(outputOf(card)).toHaveAttribute('data-lines', '2');
  await expect(card.getByRole('status')).not.toHaveText(/Done/);
});

test('Retry after a recoverable failure starts a new run', async ({ page }) => {
  const gate = newGate({ lines: 1 });
  await send(page, gate.command);
  const first = cards(page, gate.tool).first();
  await expectStatus(first, 'running');
  await first.getByRole('button', { name: `Stop ${gate.tool}` }).click();
  await expectStatus(first, 'cancelled');

  const retry = first.getByRole('button', { name: `Retry ${gate.tool}` });
  await expect(retry).toBeVisible();
  await retry.click();
  await expect(cards(page, gate.tool)).toHaveCount(2);
  const second = cards(page, gate.tool).nth(1);
  await expect(second).toContainText('Retry of an earlier run');
  await expect(second.getByText(gate.args)).toBeVisible();
  // The same command again: it holds on the same gate, so it is still running when we look.
  await expectStatus(second, 'running');
  await expect(outputOf(second)).toContainText(gateLine(0));
  // The old card points at the new run instead of offering Retry again.
  await expect(first.getByRole('button', { name: `Retry ${gate.tool}` })).toHaveCount(0);
  await expect(first).toContainText('Retried');
  await second.getByRole('button', { name: `Stop ${gate.tool}` }).click();
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
  const gate = newGate({ lines: 10 });
  await send(page, gate.command);
  const card = cards(page, gate.tool);
  await expect(outputOf(card)).toHaveAttribute('data-lines', '10');
  const url = page.url();
  await page.reload();
  expect(page.url()).toBe(url);
  const again = cards(page, gate.tool);
  await expect(again).toHaveCount(1);
  await expectStatus(again, 'running');
  await expect(outputOf(again)).toHaveAttribute('data-lines', '10');
  // The rest arrives after the reload, live.
  gate.more(70);
  gate.end();
  await expectStatus(again, 'succeeded');
  const output = outputOf(again);
  await expect(output).toHaveAttribute('data-lines', '80');
  // Every rendered row holds its own number: nothing repeated, nothing skipped.
  for (const [index, text] of await renderedLines(again)) expect(text).toBe(gateLine(index));
  await output.evaluate((el) => (el.scrollTop = 0));
  await expect(output.locator('.output-line[data-index="0"]')).toHaveText(gateLine(0));
  for (const [index, text] of await renderedLines(again)) expect(text).toBe(gateLine(index));
});

test('leaving a running card and coming back resumes it from its last event', async ({ page }) => {
  const gate = newGate({ lines: 5 });
  await send(page, gate.command);
  const card = cards(page, gate.tool);
  await expect(outputOf(card)).toHaveAttribute('data-lines', '5');
  const conversationUrl = page.url();
  await page.getByRole('link', { name: 'Fragments', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Fragments' })).toBeVisible();
  // The run goes on while nobody watches it.
  gate.more(55);
  gate.end();
  await page.goto(conversationUrl);
  await expectStatus(cards(page, gate.tool), 'succeeded');
  await expect(outputOf(cards(page, gate.tool))).toHaveAttribute('data-lines', '60');
  for (const [index, text] of await renderedLines(cards(page, gate.tool))) expect(text).toBe(gateLine(index));
});
