import { expect, test } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { baseUrlOf } from './servers';

test.use({ baseURL: baseUrlOf('servers') });

/** Where fixtures/fragments.servers.config.json tells the flaky server to look: it starts once this exists. */
const readyFile = () => join(process.env.FRAGMENTS_E2E_DATA ?? '', 'flaky-ready');

/** A hang detector, not a race: a reconnect starts a Node process (twice for one that exits: probe, then the 2025 handshake). */
const RECONNECT_MS = 45_000;

test('the Servers panel shows a connected and a failed server, and Reconnect brings the fixed one up', async ({ page }) => {
  test.setTimeout(150_000);
  await page.goto('/#/new');
  // The sidebar says a server needs attention before the panel is open.
  const link = page.getByRole('link', { name: /^Servers/ });
  await expect(link).toHaveAccessibleName('Servers, 1 needs attention');
  await link.click();
  await expect(page.getByRole('heading', { level: 1, name: 'Servers' })).toBeVisible();
  // everything, flaky, off, and the two gate servers every e2e config gets (servers.ts).
  await expect(page.getByRole('status').filter({ hasText: 'servers:' })).toHaveText('5 servers: 3 connected, 1 failed, 1 disabled');

  const everything = page.getByRole('listitem', { name: 'everything' });
  await expect(everything).toContainText('Connected');
  await expect(everything).toContainText(/MCP \d{4}-\d{2}-\d{2}/);
  await expect(everything).toContainText(/\d+ tools/);

  const flaky = page.getByRole('listitem', { name: 'flaky' });
  await expect(flaky).toContainText('Failed');
  await expect(flaky.getByLabel('Why flaky is not connected')).toContainText('flaky: fatal: missing');
  await expect(page.getByRole('listitem', { name: 'off' })).toContainText('Disabled');
  await expect(page.getByRole('listitem', { name: 'off' }).getByRole('button')).toHaveCount(0);

  // A phone: nothing wider than the screen, the button within reach.
  await page.setViewportSize({ width: 390, height: 844 });
  const reconnect = flaky.getByRole('button', { name: 'Reconnect flaky' });
  await expect(reconnect).toBeInViewport();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  // Still broken: Reconnect answers failed again, with the reason.
  await reconnect.click();
  await expect(reconnect).toBeEnabled({ timeout: RECONNECT_MS });
  await expect(flaky).toContainText('Failed');

  writeFileSync(readyFile(), 'fixed');
  await reconnect.click();
  await expect(flaky).toContainText('Connected', { timeout: RECONNECT_MS });
  await expect(flaky).toContainText('1 tool');
  await expect(flaky.getByLabel('Why flaky is not connected')).toHaveCount(0);
  // The drawer's link no longer counts it as needing attention.
  await page.getByRole('button', { name: 'Show conversations' }).click();
  await expect(page.getByRole('link', { name: /^Servers/ })).toHaveAccessibleName('Servers');
});
