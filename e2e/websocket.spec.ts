import { expect, test } from '@playwright/test';
import { cards, expectStatus, openNewChat, outputOf, renderedLines, send } from './helpers';
import { SSE_PORT, WS_PORT } from './ports';

// This server refuses SSE (FRAGMENTS_DISABLE_SSE=1) and runs one tool at a time.
test.use({ baseURL: `http://127.0.0.1:${WS_PORT}` });

test('when SSE cannot connect, live updates fall back to the WebSocket and say so', async ({ page }) => {
  const sockets: string[] = [];
  page.on('websocket', (socket) => sockets.push(socket.url()));
  await openNewChat(page);
  await expect(page.getByText('Live updates over WebSocket')).toHaveCount(0);
  await send(page, '/count to=30 intervalMs=30');
  const card = cards(page, 'count');
  await expect(page.getByRole('status').filter({ hasText: 'Live updates over WebSocket' })).toBeVisible();
  await expectStatus(card, 'succeeded');
  await expect(outputOf(card)).toHaveAttribute('data-lines', '30');
  for (const [index, text] of await renderedLines(card)) expect(text).toBe(String(index + 1));
  expect(sockets).toContain(`ws://127.0.0.1:${WS_PORT}/trpc`);
});

test('a queued run shows its place in the queue and can be stopped before it starts', async ({ page }) => {
  await openNewChat(page);
  await send(page, '/count to=1000 intervalMs=50');
  const running = cards(page, 'count').first();
  await expectStatus(running, 'running');
  await send(page, '/echo text="after the count"');
  const queued = cards(page, 'echo');
  await expectStatus(queued, 'queued');
  await expect(queued.getByRole('status')).toHaveText(/Queued · #\d+/);
  await queued.getByRole('button', { name: 'Stop echo' }).click();
  await expectStatus(queued, 'cancelled');
  await running.getByRole('button', { name: 'Stop count' }).click();
  await expectStatus(running, 'cancelled');
});

test.describe('with many live cards', () => {
  test.use({ baseURL: `http://127.0.0.1:${SSE_PORT}` });

  // Each SSE stream holds one of the browser's 6 connections per origin: past 4, the client moves
  // new streams to the multiplexed WebSocket so that every card and every request keeps moving.
  test('six live runs all stream, and the page still answers', async ({ page }) => {
    const sockets: string[] = [];
    page.on('websocket', (socket) => sockets.push(socket.url()));
    await openNewChat(page);
    for (let i = 0; i < 6; i++) await send(page, `/count to=${200 + i} intervalMs=100`);
    const live = cards(page, 'count');
    await expect(live).toHaveCount(6);
    for (let i = 0; i < 6; i++) await expect(outputOf(live.nth(i))).toContainText('3');
    expect(sockets).toContain(`ws://127.0.0.1:${SSE_PORT}/trpc`);
    // Queries and mutations are not starved: a new command still goes through and streams.
    await send(page, '/echo text="still responsive"');
    await expect(outputOf(cards(page, 'echo'))).toHaveText('still responsive');
    await expect(page.getByText('Live updates over WebSocket')).toHaveCount(0);
    for (let i = 0; i < 6; i++) await live.nth(i).getByRole('button', { name: 'Stop count' }).click();
    for (let i = 0; i < 6; i++) await expectStatus(live.nth(i), 'cancelled');
  });
});
