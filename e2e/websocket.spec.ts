import { expect, test } from '@playwright/test';
import { gateLine, newGate } from './gate';
import { cards, expectStatus, openNewChat, outputOf, renderedLines, send } from './helpers';
import { baseUrlOf, serverUrl } from './servers';

const socketUrl = (name: 'sse' | 'ws') => `${serverUrl(name).replace('http:', 'ws:')}/trpc`;

// This server refuses SSE (FRAGMENTS_DISABLE_SSE=1) and runs one tool at a time.
test.use({ baseURL: baseUrlOf('ws') });

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
  expect(sockets).toContain(socketUrl('ws'));
});

test('a queued run shows its place in the queue and can be stopped before it starts', async ({ page }) => {
  await openNewChat(page);
  // Holds the server's one slot until it is stopped, so the echo must wait behind it.
  const gate = newGate({ lines: 1 });
  await send(page, gate.command);
  const running = cards(page, gate.tool);
  await expectStatus(running, 'running');
  await send(page, '/echo text="after the run"');
  const queued = cards(page, 'echo');
  await expectStatus(queued, 'queued');
  await expect(queued.getByRole('status')).toHaveText(/Queued · #\d+/);
  await queued.getByRole('button', { name: 'Stop echo' }).click();
  await expectStatus(queued, 'cancelled');
  await running.getByRole('button', { name: `Stop ${gate.tool}` }).click();
  await expectStatus(running, 'cancelled');
});

test('a queued run moves up as the runs ahead of it end, told by its stream (nothing polls)', async ({ page }) => {
  // Queries go over HTTP (batched); a poll of the run's record would show up here.
  const queries: string[] = [];
  page.on('request', (request) => queries.push(request.url()));
  await openNewChat(page);
  const first = newGate({ lines: 1 });
  const second = newGate({ lines: 1 });
  await send(page, first.command);
  await expectStatus(cards(page, first.tool).first(), 'running');
  await send(page, second.command);
  await send(page, '/echo text="waits its turn"');
  const queued = cards(page, 'echo');
  await expectStatus(queued, 'queued');
  const placeOf = async () => Number(/#(\d+)/.exec((await queued.getByRole('status').textContent()) ?? '')?.[1] ?? 0);
  await expect(queued.getByRole('status')).toHaveText(/^Queued · #\d+$/);
  const before = await placeOf();
  expect(before).toBeGreaterThanOrEqual(2);
  // The first run ends: the second starts and the echo moves up, with no query for its record.
  first.end();
  await expectStatus(cards(page, second.tool).last(), 'running');
  await expect.poll(placeOf).toBeLessThan(before);
  await expect(queued.getByRole('status')).toHaveText(/^Queued · #\d+$/);
  second.end();
  await expectStatus(queued, 'succeeded');
  expect(queries.filter((url) => url.includes('executions.get'))).toEqual([]);
});

test.describe('with many live cards', () => {
  test.use({ baseURL: baseUrlOf('sse') });

  // Each SSE stream holds one of the browser's 6 connections per origin: past 4, the client moves
  // new streams to the multiplexed WebSocket so that every card and every request keeps moving.
  test('six live runs all stream, and the page still answers', async ({ page }) => {
    const sockets: string[] = [];
    page.on('websocket', (socket) => sockets.push(socket.url()));
    await openNewChat(page);
    const gates = Array.from({ length: 6 }, () => newGate({ lines: 3 }));
    for (const gate of gates) await send(page, gate.command);
    const live = cards(page, gates[0]?.tool);
    await expect(live).toHaveCount(6);
    for (let i = 0; i < 6; i++) await expect(outputOf(live.nth(i))).toContainText(gateLine(2));
    for (let i = 0; i < 6; i++) await expectStatus(live.nth(i), 'running');
    expect(sockets).toContain(socketUrl('sse'));
    // Queries and mutations are not starved: a new command still goes through and streams.
    await send(page, '/echo text="still responsive"');
    await expect(outputOf(cards(page, 'echo'))).toHaveText('still responsive');
    await expect(page.getByText('Live updates over WebSocket')).toHaveCount(0);
    // Stopped from the keyboard, not by clicks at the buttons' coordinates: the cards move while the
    // runs above them stop, and under load one click aimed just before such a move reached no Stop
    // button (its run was never cancelled: no executions.cancel request in the trace).
    for (let i = 0; i < 6; i++) await live.nth(i).getByRole('button', { name: /^Stop / }).press('Enter');
    for (let i = 0; i < 6; i++) await expectStatus(live.nth(i), 'cancelled');
  });
});
