import { expect, test } from '@playwright/test';
import { cards, composer, openNewChat, send } from './helpers';

test.beforeEach(async ({ page }) => {
  await openNewChat(page);
});

test('/ opens a palette of tools that filters as you type, with descriptions and argument hints; Tab completes', async ({ page }) => {
  const input = composer(page);
  await input.focus();
  await page.keyboard.type('/');
  const palette = page.getByRole('listbox', { name: 'Tools' });
  await expect(palette).toBeVisible();
  await expect(input).toHaveAttribute('aria-expanded', 'true');
  await expect(palette.getByRole('option', { name: /^\/echo/ })).toBeVisible();
  await expect(palette.getByRole('option', { name: /^\/count/ })).toBeVisible();
  // Backticks in a description read as code, not as backticks.
  const countDescription = palette.getByRole('option', { name: /^\/count/ }).locator('.palette-description');
  await expect(countDescription.locator('code')).toHaveText(['to', 'intervalMs']);
  await expect(countDescription).not.toContainText('`');
  await expect(palette.getByRole('option', { name: /^\/everything\.get-sum/ })).toBeVisible();

  await page.keyboard.type('everything.get-s');
  const options = palette.getByRole('option');
  await expect(options).toHaveText([/^\/everything\.get-structured-content/, /^\/everything\.get-sum/]);
  const sum = palette.getByRole('option', { name: /^\/everything\.get-sum/ });
  await expect(sum).toContainText('Returns the sum of two numbers');
  await expect(sum.locator('.arg-required')).toHaveText(['a: number', 'b: number']);

  // Arrow keys move the choice; Tab completes it.
  await expect(options.first()).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowDown');
  await expect(sum).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Tab');
  await expect(input).toHaveValue('/everything.get-sum ');
  await expect(palette).toBeHidden();
  await expect(input).toBeFocused();
  // Once named, the tool's arguments stay in view as a hint.
  await expect(page.locator('.composer-hint')).toContainText('a: number');

  await page.keyboard.type('a=2 b=3');
  await page.keyboard.press('Enter');
  await expect(input).toHaveValue('');
  await expect(cards(page, 'everything.get-sum')).toContainText('The sum of 2 and 3 is 5');
});

test('arrow keys and Enter pick a tool; Escape closes the palette', async ({ page }) => {
  const input = composer(page);
  await input.focus();
  await page.keyboard.type('/co');
  const palette = page.getByRole('listbox', { name: 'Tools' });
  await expect(palette.getByRole('option').first()).toHaveText(/^\/count/);
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(input).toHaveValue('/count ');
  await input.fill('/e');
  await expect(palette).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(palette).toBeHidden();
  await expect(input).toHaveValue('/e');
});

test('Enter sends and Shift+Enter makes a new line', async ({ page }) => {
  const input = composer(page);
  await input.focus();
  await page.keyboard.type('first line');
  await page.keyboard.press('Shift+Enter');
  await page.keyboard.type('second line');
  await expect(input).toHaveValue('first line\nsecond line');
  await page.keyboard.press('Enter');
  await expect(input).toHaveValue('');
  await expect(page.locator('.bubble-user')).toHaveText('first line\nsecond line');
});

test('a refused command shows the server\'s reason next to the input and keeps the text', async ({ page }) => {
  const input = composer(page);
  await input.fill('/ecko text=hi');
  await input.press('Enter');
  const error = page.locator('.composer-error');
  await expect(error).toBeVisible();
  await expect(error).toHaveAttribute('role', 'alert');
  await expect(error).toContainText('ecko');
  await expect(error).toContainText('echo'); // the nearest known name
  await expect(input).toHaveValue('/ecko text=hi');
  await expect(input).toHaveAttribute('aria-invalid', 'true');

  await input.fill('/count to="many"');
  await input.press('Enter');
  await expect(error).toContainText('to');
  await expect(input).toHaveValue('/count to="many"');
  await expect(cards(page)).toHaveCount(0);

  // Fixed, it goes through; the error clears.
  await input.fill('/count to=2 intervalMs=0');
  await input.press('Enter');
  await expect(input).toHaveValue('');
  await expect(error).toBeHidden();
  await expect(cards(page, 'count')).toHaveAttribute('data-status', 'succeeded');
});

test('a draft survives a reload', async ({ page }) => {
  await composer(page).fill('half-written thought');
  await page.reload();
  await expect(composer(page)).toHaveValue('half-written thought');
});
