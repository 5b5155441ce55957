import { expect, test } from '@playwright/test';
import { cards, expectStatus, openNewChat, send } from './helpers';
import { baseUrlOf } from './servers';

test('a resource_link in a tool result opens in the card, read from its server', async ({ page }) => {
  await openNewChat(page);
  await send(page, '/everything.get-resource-links count=2');
  const card = cards(page, 'everything.get-resource-links');
  await expectStatus(card, 'succeeded');
  const text = card.locator('.result-resource', { hasText: 'Text Resource 2' });
  const blob = card.locator('.result-resource', { hasText: 'Blob Resource 1' });
  await text.getByRole('button', { name: 'Open Text Resource 2' }).click();
  await expect(text.locator('.resource-text')).toHaveText(/^Resource 2: This is a plaintext resource created at /);
  // A base64 blob of a text type is decoded and shown as text, with a download beside it.
  await blob.getByRole('button', { name: 'Open Blob Resource 1' }).click();
  await expect(blob.locator('.resource-text')).toHaveText(/^Resource 1: This is a base64 blob created at /);
  const download = page.waitForEvent('download');
  await blob.getByRole('button', { name: 'Download 1' }).click();
  expect((await download).suggestedFilename()).toBe('1');
  // Clicked again, it closes.
  await text.getByRole('button', { name: 'Close Text Resource 2' }).click();
  await expect(text.locator('.resource-text')).toHaveCount(0);
  await expect(blob.locator('.resource-text')).toHaveCount(1);
});

test('the Resources view lists each server’s resources and templates and opens one', async ({ page }) => {
  await page.goto('/#/resources');
  const everything = page.getByRole('region', { name: 'Resources of everything' });
  const features = everything.locator('.resource-line', { hasText: 'demo://resource/static/document/features.md' });
  await expect(features).toBeVisible();
  await features.getByRole('button', { name: 'Open features.md' }).click();
  await expect(features.locator('.resource-text')).toContainText('# Everything Server - Features');
  await expect(everything.getByText('demo://resource/dynamic/text/{resourceId}')).toBeVisible();
  // A template filled in by hand opens the same way; an unknown URI says so.
  await everything.getByRole('textbox', { name: 'Resource URI of everything' }).fill('demo://resource/dynamic/text/7');
  await everything.getByRole('button', { name: 'Open URI' }).click();
  await everything.getByRole('button', { name: 'Open demo://resource/dynamic/text/7' }).click();
  await expect(everything.locator('.resource-text').last()).toHaveText(/^Resource 7: This is a plaintext resource/);
});

test.describe('untrusted resource contents', () => {
  // The `ai` server also runs the library fixture: markup in text, a PNG, an SVG with script, a binary file.
  test.use({ baseURL: baseUrlOf('ai') });

  test('text stays text, raster images show, SVG and binaries are downloads only, nothing runs', async ({ page }) => {
    await openNewChat(page);
    await send(page, '/library.linked');
    const card = cards(page, 'library.linked');
    await expectStatus(card, 'succeeded');
    // An embedded resource is shown at once, its markup as characters.
    const embedded = card.locator('.result-resource', { hasText: 'lib://notes/inline' });
    await expect(embedded.locator('.resource-text')).toHaveText('embedded text <i>stays text</i>');
    await expect(card.locator('i')).toHaveCount(0);
    const link = card.locator('.result-resource', { hasText: 'lib://notes/readme' });
    await link.getByRole('button', { name: 'Open readme' }).click();
    await expect(link.locator('.resource-text')).toHaveText('# Notes\n<b>bold?</b> <script>window.__pwned = "resource"</script>');
    await expect(card.locator('b, script')).toHaveCount(0);

    await page.goto('/#/resources');
    const library = page.getByRole('region', { name: 'Resources of library' });
    const dot = library.locator('.resource-line', { hasText: 'lib://images/dot.png' });
    await dot.getByRole('button', { name: 'Open dot.png' }).click();
    const image = dot.getByRole('img', { name: 'Resource lib://images/dot.png (image/png)' });
    await expect(image).toHaveJSProperty('naturalWidth', 1);
    // The SVG (on the server's second page: the list holds every page): a download, never an image.
    const svg = library.locator('.resource-line', { hasText: 'lib://images/evil.svg' });
    await svg.getByRole('button', { name: 'Open evil.svg' }).click();
    await expect(svg.locator('.resource-binary')).toContainText('of image/svg+xml: not shown here, download it to open it.');
    await expect(svg.locator('img, svg')).toHaveCount(0);
    const bin = library.locator('.resource-line', { hasText: 'lib://files/data.bin' });
    await bin.getByRole('button', { name: 'Open data.bin' }).click();
    const download = page.waitForEvent('download');
    await bin.getByRole('button', { name: 'Download data.bin' }).click();
    expect((await download).suggestedFilename()).toBe('data.bin');
    expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
  });
});
