import { expect, test } from '@playwright/test';
import { composer, openNewChat } from './helpers';
import { baseUrlOf } from './servers';

// The server with the e2e AI provider (fixtures/openai-e2e.ts), which answers args-prompt's text.
test.use({ baseURL: baseUrlOf('ai') });

test('an MCP prompt picked from the palette, its arguments filled, goes to the model as the user’s turn', async ({ page }) => {
  await openNewChat(page);
  const input = composer(page);
  await input.fill('/prompt args');
  const palette = page.getByRole('listbox', { name: 'Tools and prompts' });
  const option = palette.getByRole('option', { name: /^\/prompt everything\.args-prompt/ });
  // Marked as a prompt, with its arguments: the required one first, the optional one with a `?`.
  await expect(option.locator('.palette-source')).toHaveText('Prompt · everything');
  await expect(option.locator('.arg-required')).toHaveText('city: string');
  await expect(option.locator('.arg').nth(1)).toHaveText('state?: string');
  await input.press('Tab');
  await expect(input).toHaveValue('/prompt everything.args-prompt ');
  await expect(page.locator('.composer-hint')).toContainText('/prompt everything.args-prompt');
  await expect(page.locator('.composer-hint')).toContainText('Name of the city');

  // A required argument left out: refused, naming it, the text kept for fixing.
  await input.press('Enter');
  await expect(page.getByRole('alert')).toContainText('missing required argument "city"');
  await expect(input).toHaveValue('/prompt everything.args-prompt ');

  await input.pressSequentially('city=Paris');
  await input.press('Enter');
  await expect(input).toHaveValue('');
  const bubble = page.locator('.bubble-user');
  await expect(bubble.locator('.bubble-prompt')).toHaveText('Prompt /prompt everything.args-prompt city="Paris"');
  await expect(bubble.locator('.bubble-text')).toHaveText("What's weather in Paris?");
  await expect(page.locator('.bubble-assistant')).toContainText('Forecast for Paris: sunny.');

  // Stored: the same after a reload.
  await page.reload();
  await expect(page.locator('.bubble-user .bubble-text')).toHaveText("What's weather in Paris?");
  await expect(page.locator('.bubble-assistant')).toContainText('Forecast for Paris: sunny.');
});
