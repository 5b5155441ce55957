import { expect, test } from '@playwright/test';
import { cards, expectStatus, openNewChat, outputOf, send } from './helpers';

// The elicit fixture server (server/integration/fixtures/elicit-server.ts) asks from inside its
// tools and returns what it was answered, so the card's output shows what reached the server.
// One at a time, on the one elicit server these tests share: it speaks 2026-07-28, where each
// question comes back inside its own call, but a 2025 stdio server's would name no call and go to
// the oldest running one (README, Known limits); the cards must not depend on which it is.
test.describe.configure({ mode: 'serial' });

test.beforeEach(async ({ page }) => {
  await openNewChat(page);
});

test('a form in the card: defaults pre-filled, a refusal next to its field, the answer shown after a reload', async ({ page }) => {
  // Many steps and a reload: took 39 s of the 45 s budget at load 99 on the 2-core box.
  test.slow();
  await send(page, '/elicit.profile');
  const card = cards(page, 'elicit.profile');
  const form = card.getByRole('form', { name: 'elicit.profile asks for input' });
  await expect(form).toBeVisible();
  await expect(form.getByText('Tell us about you')).toBeVisible();
  await expect(card.getByRole('status')).toHaveText(/Waiting for your answer/);
  // Built from the schema: labels from titles, hints from descriptions, input types from formats.
  await expect(form.getByLabel('Colour')).toHaveValue('green');
  await expect(form.getByLabel('Height (m)')).toHaveValue('1.75');
  await expect(form.getByRole('checkbox', { name: 'news' })).toBeChecked();
  await expect(form.getByLabel('Email')).toHaveAttribute('type', 'email');
  await expect(form.getByLabel('Birthday')).toHaveAttribute('type', 'date');
  await expect(form.getByLabel('Full name')).toHaveAttribute('aria-required', 'true');
  await expect(form.getByLabel('Full name')).toHaveAccessibleDescription(/As on your passport/);

  // A bad answer: the server names the field, the message sits under it, the request stays open.
  await form.getByLabel('Full name').fill('Ada Lovelace');
  await form.getByLabel('Email').fill('not-an-email');
  await form.getByRole('button', { name: 'Accept' }).click();
  await expect(form.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByLabel('Email')).toHaveAccessibleDescription(/must match format "email"/);
  await expectStatus(card, 'running');

  await form.getByLabel('Email').fill('ada@example.com');
  await form.getByLabel('Size').selectOption({ label: 'Large' });
  await form.getByRole('checkbox', { name: 'Room B' }).check();
  await form.getByRole('button', { name: 'Accept' }).click();

  await expectStatus(card, 'succeeded');
  await expect(form).toHaveCount(0);
  const answered = card.getByRole('region', { name: 'Answered request: Tell us about you' });
  await expect(answered).toContainText('Accepted');
  await expect(answered.getByRole('definition').filter({ hasText: 'Ada Lovelace' })).toBeVisible();
  await expect(answered).toContainText('Large');
  await expect(answered).toContainText('Room B');
  // Fields left as they were went back with their defaults.
  await expect(answered).toContainText('green');
  await expect(outputOf(card)).toContainText('"email":"ada@example.com"');

  // After a reload the card is drawn from the run's record: the exchange is still there.
  await page.reload();
  const again = cards(page, 'elicit.profile').getByRole('region', { name: 'Answered request: Tell us about you' });
  await expect(again).toContainText('Accepted');
  await expect(again).toContainText('Ada Lovelace');
});

test('declining a form: the server gets decline and the card says Declined', async ({ page }) => {
  await send(page, '/elicit.profile');
  const card = cards(page, 'elicit.profile');
  const form = card.getByRole('form', { name: 'elicit.profile asks for input' });
  await form.getByRole('button', { name: 'Decline' }).click();
  await expectStatus(card, 'succeeded');
  await expect(form).toHaveCount(0);
  await expect(card.getByRole('region', { name: 'Answered request: Tell us about you' })).toContainText('Declined');
  await expect(outputOf(card)).toContainText('{"action":"decline"}');
});

test('URL mode: the host first, a link that opens only on click (noopener), then Done', async ({ page }) => {
  await send(page, '/elicit.link');
  const card = cards(page, 'elicit.link');
  const panel = card.getByRole('region', { name: 'elicit.link asks you to open a link' });
  await expect(panel.locator('.input-url-host')).toHaveText('auth.example.com');
  const link = panel.getByRole('link', { name: 'Open auth.example.com' });
  await expect(link).toHaveAttribute('href', 'https://auth.example.com/consent?state=abc');
  await expect(link).toHaveAttribute('rel', 'noopener noreferrer');
  await expect(link).toHaveAttribute('target', '_blank');
  await panel.getByRole('button', { name: 'Done' }).click();
  await expectStatus(card, 'succeeded');
  await expect(card.getByRole('region', { name: /^Answered request/ })).toContainText('Done');
  await expect(outputOf(card)).toContainText('{"action":"accept"}');
});
