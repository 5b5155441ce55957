import { expect, type Locator, type Page } from '@playwright/test';

/** A fresh conversation: the first message sent creates it. */
export async function openNewChat(page: Page): Promise<void> {
  await page.goto('/#/new');
  await expect(page.getByRole('heading', { name: 'Start a conversation' })).toBeVisible();
}

export function composer(page: Page): Locator {
  return page.getByRole('combobox', { name: 'Message' });
}

/** Types a message and sends it with Enter; resolves once the server took it (the input empties). */
export async function send(page: Page, text: string): Promise<void> {
  const input = composer(page);
  await input.fill(text);
  // A command named in full (with or without arguments) sends on Enter; the palette only completes partial names.
  await input.press('Enter');
  await expect(input).toHaveValue('');
}

/** Tool cards, oldest first; `tool` narrows them to one tool's runs. */
export function cards(page: Page, tool?: string): Locator {
  return page.getByRole('article', { name: tool ? `Tool run ${tool}` : /^Tool run / });
}

export function outputOf(card: Locator): Locator {
  return card.getByRole('log');
}

export async function expectStatus(card: Locator, status: string, timeout = 15_000): Promise<void> {
  await expect(card).toHaveAttribute('data-status', status, { timeout });
}

/** The output lines the windowed view has in the DOM, as [index, text] pairs. */
export async function renderedLines(card: Locator): Promise<[number, string][]> {
  return outputOf(card)
    .locator('.output-line')
    .evaluateAll((rows) => rows.map((row) => [Number(row.getAttribute('data-index')), row.textContent ?? ''] as [number, string]));
}
