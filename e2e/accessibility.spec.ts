import { expect, test } from '@playwright/test';
import { newGate } from './gate';
import { cards, composer, expectStatus, openNewChat, outputOf } from './helpers';

test('a keyboard-only user can run a tool, read its output and stop it', async ({ page }) => {
  await openNewChat(page);
  // Landmarks and names a screen reader relies on.
  await expect(page.getByRole('navigation', { name: 'Conversations' })).toBeVisible();
  await expect(page.getByRole('main')).toBeVisible();
  // A run that holds until stopped: the keyboard user has all the time they need.
  const gate = newGate({ lines: 1 });
  await composer(page).focus();
  await page.keyboard.type(`/${gate.tool.slice(0, -2)}`);
  await page.keyboard.press('Tab');
  await expect(composer(page)).toHaveValue(`/${gate.tool} `);
  await page.keyboard.type(gate.args);
  await page.keyboard.press('Enter');
  const card = cards(page, gate.tool);
  await expectStatus(card, 'running');
  const log = outputOf(card);
  await expect(log).toHaveAccessibleName(`Output of ${gate.tool}`);
  await expect(card.getByRole('status')).toHaveAttribute('aria-live', 'polite');
  await expect(card.getByRole('progressbar', { name: `Progress of ${gate.tool}` })).toBeVisible();

  // Tab order: the output pane (scrollable by keyboard), then its Stop button.
  await log.focus();
  await page.keyboard.press('Tab');
  await expect(card.getByRole('button', { name: `Stop ${gate.tool}` })).toBeFocused();
  await page.keyboard.press('Enter');
  await expectStatus(card, 'cancelled');
  await expect(card.getByRole('button', { name: `Retry ${gate.tool}` })).toBeVisible();
});

test('light and dark follow the system colour scheme', async ({ page }) => {
  await openNewChat(page);
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await page.emulateMedia({ colorScheme: 'light' });
  const light = await background();
  await page.emulateMedia({ colorScheme: 'dark' });
  const dark = await background();
  expect(light).not.toBe(dark);
  // Dark really is dark: the red channel of the page background is low.
  expect(Number(/\d+/.exec(dark)?.[0])).toBeLessThan(40);
  expect(Number(/\d+/.exec(light)?.[0])).toBeGreaterThan(200);
});
