import { expect, test } from '@playwright/test';
import { openNewChat, send } from './helpers';

// Replies from a real model (Markdown, Stop, Retry, tool calls, approvals) need the fake provider;
// this covers what the built-in "no model configured" reply already shows.
test('a finished reply renders as Markdown and, having ended normally, offers neither Stop nor Retry (also after a reload)', async ({ page }) => {
  await openNewChat(page);
  await send(page, 'hello markdown');
  const bubble = page.locator('.bubble-assistant');
  await expect(bubble.locator('.markdown p')).toContainText('No AI model is configured');
  await expect(bubble).toHaveAttribute('aria-busy', 'false');
  await expect(bubble.getByRole('button', { name: 'Stop reply' })).toHaveCount(0);
  await expect(bubble.getByRole('button', { name: 'Retry reply' })).toHaveCount(0);
  await expect(bubble.getByText('Stopped')).toHaveCount(0);

  await page.reload();
  await expect(page.locator('.bubble-assistant .markdown p')).toContainText('No AI model is configured');
  await expect(page.locator('.bubble-assistant').getByRole('button')).toHaveCount(0);
});
