import { expect, test } from '@playwright/test';
import { cards, expectStatus, openNewChat, send } from './helpers';

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
