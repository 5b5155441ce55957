import { expect, test } from '@playwright/test';
import { cards, expectStatus, openNewChat, send } from './helpers';

test('the fragments view lists every fragment with its metadata and searches them', async ({ page }) => {
  const needle = `needle${Date.now()}`;
  await openNewChat(page);
  await send(page, `/echo text="${needle} from a tool"`);
  await expectStatus(cards(page, 'echo'), 'succeeded');
  await send(page, `a plain message about ${needle}`);
  await expect(page.locator('.bubble-assistant')).toContainText('No AI model');

  await page.getByRole('link', { name: 'Fragments', exact: true }).click();
  await expect(page).toHaveURL(/#\/fragments$/);
  await expect(page.getByRole('heading', { name: 'Fragments', level: 1 })).toBeVisible();
  const results = page.getByRole('list', { name: 'Fragment results' }).getByRole('listitem');
  await expect(results.first()).toBeVisible();

  await page.getByRole('searchbox', { name: 'Search fragments' }).fill(needle);
  // The command, the tool's output and the plain message match; the canned reply does not.
  await expect(results).toHaveCount(3);
  await expect(page.getByRole('status').filter({ hasText: 'matching' })).toContainText(`3 fragments matching “${needle}”`);

  const tool = page.getByRole('article', { name: 'tool fragment' });
  await expect(tool).toHaveCount(1);
  await expect(tool.locator('.fragment-summary')).toContainText(`echo text="${needle} from a tool"`);
  await expect(tool.locator('.fragment-summary')).toContainText('succeeded');
  await expect(tool.locator('.fragment-content')).toHaveText(`${needle} from a tool`);
  await tool.getByText('Metadata').click();
  await expect(tool.locator('.fragment-details pre')).toContainText('"type": "tool_execution"');
  await expect(tool.locator('.fragment-details pre')).toContainText('"execution_id": "exec_');

  await page.getByRole('combobox', { name: 'Role' }).selectOption('tool');
  await expect(results).toHaveCount(1);

  // A result leads back to its conversation.
  await tool.locator('.fragment-conversation').click();
  await expect(page).toHaveURL(/#\/c\/conv_/);
  await expect(cards(page, 'echo')).toBeVisible();
});
