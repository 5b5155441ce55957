import { expect, test } from '@playwright/test';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cards, composer, expectStatus, openNewChat, send } from './helpers';

/**
 * Issue 21 item 6 in a real browser: a card shows an MCP tool's title, its structuredContent as a
 * table, an image and audio from its content, and a warning when structuredContent breaks the
 * tool's outputSchema. The server is fixtures/results-server.ts (configured in the e2e config).
 */
test('a card shows a structured table, an image, audio and an outputSchema warning, under the tool’s title', async ({ page }) => {
  await openNewChat(page);
  // The palette gives the name to type, then the title.
  await composer(page).fill('/results.fore');
  await expect(page.getByRole('listbox', { name: 'Tools' }).getByRole('option', { name: /^\/results\.forecast Weather forecast/ })).toBeVisible();
  await send(page, '/results.forecast');
  const forecast = page.getByRole('article', { name: 'Tool run results.forecast', exact: true });
  await expectStatus(forecast, 'succeeded');
  await expect(forecast.locator('.tool-title')).toHaveText('Weather forecast');
  await expect(forecast.locator('.tool-name')).toHaveText('results.forecast');
  const table = forecast.getByRole('table', { name: 'rows' });
  await expect(table.getByRole('columnheader')).toHaveText(['city', 'temp', 'sky']);
  await expect(table.getByRole('row').nth(1).getByRole('cell')).toHaveText(['Oslo', '3', 'snow']);
  await expect(table.getByRole('row').nth(2).getByRole('cell')).toHaveText(['Lisbon', '17', 'sun']);

  await send(page, '/results.media');
  const media = cards(page, 'results.media');
  await expectStatus(media, 'succeeded');
  const image = media.getByRole('img', { name: /Image from the tool \(image\/png/ });
  await expect(image).toBeVisible();
  // Decoded by the browser: the 32×32 PNG the server sent, not a broken-image box.
  expect(await image.evaluate((img: HTMLImageElement) => [img.complete, img.naturalWidth, img.naturalHeight])).toEqual([true, 32, 32]);
  await expect(media.locator('audio[controls]')).toHaveCount(1);
  await expect(media).toContainText('SVG from a tool is not rendered');
  await expect(media.locator('img[src^="data:image/svg"]')).toHaveCount(0);

  await send(page, '/results.forecast-bad');
  const bad = cards(page, 'results.forecast-bad');
  await expectStatus(bad, 'succeeded');
  await expect(bad.locator('.tool-title')).toHaveText('Broken forecast');
  await expect(bad.locator('.result-warning')).toContainText('rows[0].temp must be number');

  await send(page, '/results.audiences');
  const audiences = cards(page, 'results.audiences');
  await expectStatus(audiences, 'succeeded');
  await expect(audiences).toContainText('only the user reads this');
  await expect(audiences).not.toContainText('only the model reads this');
  await audiences.getByRole('button', { name: 'Show 2 items for the model' }).click();
  await expect(audiences).toContainText('only the model reads this');

  await forecast.scrollIntoViewIfNeeded();
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  // For a look (not compared): the table card and the media card together.
  await forecast.screenshot({ path: join(tmpdir(), 'fragments-e2e-screenshots', 'results-forecast-card.png') });
  await media.screenshot({ path: join(tmpdir(), 'fragments-e2e-screenshots', 'results-media-card.png') });
});
