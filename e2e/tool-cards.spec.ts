import { expect, test } from '@playwright/test';
import { gateLine, newGate } from './gate';
import { cards, composer, expectStatus, openNewChat, outputOf, renderedLines, send } from './helpers';

test.beforeEach(async ({ page }) => {
  await openNewChat(page);
});

test('a tool command becomes a card whose output streams live, then shows time and result', async ({ page }) => {
  // The run holds after 3 lines until the test releases it: it cannot finish before we look.
  const gate = newGate({ lines: 3 });
  await send(page, gate.command);
  await expect(page.locator('.bubble-command')).toHaveText(gate.command);
  const card = cards(page, gate.tool);
  await expect(card.getByText(gate.args)).toBeVisible();
  // Live: running, with elapsed time, progress, and the lines so far.
  await expectStatus(card, 'running');
  await expect(card.getByRole('status')).toContainText('Running');
  await expect(card.getByRole('progressbar')).toBeVisible();
  await expect(outputOf(card)).toHaveAttribute('data-lines', '3');
  await expect(outputOf(card)).toContainText(gateLine(2));
  await expect(card.getByRole('button', { name: `Stop ${gate.tool}` })).toBeVisible();
  // More lines while it runs, then the end.
  gate.more(37);
  await expect(outputOf(card)).toHaveAttribute('data-lines', '40');
  await expectStatus(card, 'running');
  gate.end();
  // Finished: Done with its execution time, every line once, no Stop.
  await expectStatus(card, 'succeeded');
  await expect(card.getByRole('status')).toHaveText(/^Done · \d/);
  await expect(outputOf(card)).toHaveAttribute('data-lines', '40');
  await expect(card.getByRole('button', { name: `Stop ${gate.tool}` })).toHaveCount(0);
  const lines = await renderedLines(card);
  expect(lines.length).toBeGreaterThan(0);
  for (const [index, text] of lines) expect(text).toBe(gateLine(index));
});

test('output auto-scrolls until the user scrolls up, and "Jump to latest" resumes it', async ({ page }) => {
  const gate = newGate({ lines: 200 });
  await send(page, gate.command);
  const card = cards(page, gate.tool);
  const output = outputOf(card);
  await expect(output).toHaveAttribute('data-lines', '200');
  // Pinned: the newest line is in view.
  const newestInView = () => output.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight < 30);
  await expect.poll(newestInView).toBe(true);
  await output.hover();
  await page.mouse.wheel(0, -5_000);
  const jump = card.getByRole('button', { name: 'Jump to latest' });
  await expect(jump).toBeVisible();
  await expect(output.locator('.output-line[data-index="0"]')).toBeVisible();
  // More lines arrive while the user reads; the view stays where they put it.
  gate.more(50);
  await expect(output).toHaveAttribute('data-lines', '250');
  await expect(output.locator('.output-line[data-index="0"]')).toBeVisible();
  await expect(jump).toBeVisible();
  await jump.click();
  await expect(jump).toBeHidden();
  await expect.poll(newestInView).toBe(true);
  await expect(output.locator('.output-line[data-index="249"]')).toHaveText(gateLine(249));
  await card.getByRole('button', { name: `Stop ${gate.tool}` }).click();
  await expectStatus(card, 'cancelled');
});

test('tool output is rendered as text, never as HTML', async ({ page }) => {
  page.on('dialog', (dialog) => {
    throw new Error(`a dialog opened: ${dialog.message()}`);
  });
  const markup = '<b>bold</b><img src=x onerror=alert(1)>';
  await send(page, `/echo text="${markup}"`);
  const card = cards(page, 'echo');
  await expectStatus(card, 'succeeded');
  await expect(outputOf(card)).toHaveText(markup);
  await expect(page.locator('.timeline b')).toHaveCount(0);
  await expect(page.locator('.timeline img')).toHaveCount(0);
});

test('MCP results: structured content as a tree, images shown, resources listed, progress as a bar', async ({ page }) => {
  await send(page, '/everything.get-structured-content location="Chicago"');
  const structured = cards(page, 'everything.get-structured-content');
  await expectStatus(structured, 'succeeded');
  await expect(structured.getByText('Structured result')).toBeVisible();
  // An object, not an array of flat objects: a tree of its keys (tables: mcp-results.spec.ts).
  await expect(structured.locator('.result-tree li').filter({ hasText: /^conditions:/ })).toHaveText('conditions: "Light rain / drizzle"');

  await send(page, '/everything.get-tiny-image');
  const image = cards(page, 'everything.get-tiny-image');
  await expectStatus(image, 'succeeded');
  const img = image.getByRole('img', { name: /Image from the tool/ });
  await expect(img).toBeVisible();
  await expect(img).toHaveAttribute('src', /^data:image\/png;base64,/);
  expect(await img.evaluate((el: HTMLImageElement) => el.naturalWidth)).toBeGreaterThan(0);

  await send(page, '/everything.get-resource-reference resourceId=7');
  const resource = cards(page, 'everything.get-resource-reference');
  await expectStatus(resource, 'succeeded');
  await expect(resource.locator('.result-resource')).toContainText('demo://resource/dynamic/text/7');
  await expect(resource.locator('.result-resource')).toContainText('text/plain');

  await send(page, '/everything.get-resource-links count=2');
  const links = cards(page, 'everything.get-resource-links');
  await expectStatus(links, 'succeeded');
  await expect(links.locator('.result-link')).toHaveCount(2);
  await expect(links.locator('.result-link').first()).toContainText('demo://resource/dynamic/blob/1');

  // A real MCP progress run to its end (the bar itself is checked on a held run below: this one may
  // finish before anyone looks).
  await send(page, '/everything.trigger-long-running-operation duration=1 steps=2');
  const long = cards(page, 'everything.trigger-long-running-operation');
  await expectStatus(long, 'succeeded');
  await expect(outputOf(long)).toContainText('Long running operation completed');

  const gate = newGate({ lines: 2, total: 4 });
  await send(page, gate.command);
  const held = cards(page, gate.tool);
  const bar = held.getByRole('progressbar');
  await expect(bar).toHaveAttribute('aria-valuemax', '4');
  await expect(bar).toHaveAttribute('aria-valuenow', '2');
  await expect(held.locator('.progress-count')).toContainText('2 / 4');
  gate.more(1);
  await expect(bar).toHaveAttribute('aria-valuenow', '3');
  gate.end();
  await expectStatus(held, 'succeeded');
  await expect(bar).toHaveCount(0);
});

test('100k lines of output stay windowed and scroll end to end', async ({ page }) => {
  // `seq` through the shell tool (allowed in the e2e config): 100k lines in a few large chunks.
  await send(page, '/shell command="seq 100000"');
  const card = cards(page, 'shell');
  await expectStatus(card, 'succeeded', 30_000);
  const output = outputOf(card);
  await expect(output).toHaveAttribute('data-lines', '100000');
  // Only the rows in view (plus overscan) are in the DOM.
  expect(await output.locator('.output-line').count()).toBeLessThan(80);
  await expect(output.locator('.output-line[data-index="99999"]')).toHaveText('100000');
  await output.evaluate((el) => (el.scrollTop = 0));
  await expect(output.locator('.output-line[data-index="0"]')).toHaveText('1');
  await output.evaluate((el) => (el.scrollTop = el.scrollHeight / 2));
  await expect(output.locator('.output-line[data-index="50000"]')).toHaveText('50001');
  // Still responsive: the composer takes input right away.
  await composer(page).fill('still typing');
  await expect(composer(page)).toHaveValue('still typing');
});

test('a plain message is the user\'s bubble and the assistant reply streams in below it', async ({ page }) => {
  await send(page, 'hello there');
  await expect(page.locator('.bubble-user')).toHaveText('hello there');
  await expect(page.locator('.bubble-assistant')).toContainText('No AI model is configured');
});
