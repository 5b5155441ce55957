/**
 * The browser part (`--only=browser`): how the page copes with a fast live stream, in real Chromium.
 * A run is started from the page's composer; while it streams the page records every long task
 * (PerformanceObserver 'longtask'), and the bench clicks now and then and records how long each click
 * waited for the main thread. The run's end is the server's `finishedAt` (executions.get); the last
 * line on screen is when the page first shows the run's last line. Both are wall-clock milliseconds
 * on the same machine. Nothing is asserted: numbers only.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import type { App } from '../server/app';
import { sseClient } from './readers';

export interface BrowserCase {
  command: string;
  /** The text of the run's last output line. */
  lastLine: string;
  lines: number;
}

export interface BrowserReport extends BrowserCase {
  /** Long tasks (over 50 ms) between send and the last line on screen. */
  longTasks: number;
  /** Sum of their durations, ms. */
  blockedMs: number;
  /** Total blocking time: sum of (duration - 50), ms. */
  tbtMs: number;
  longestMs: number;
  clicks: number;
  /** Worst and median time a click waited before its handler ran, ms. */
  clickMaxMs: number;
  clickMedianMs: number;
  /** From the server's finishedAt to the last line on screen, ms. */
  endToScreenMs: number;
  /** From the send to the server's finishedAt, ms (how long the run itself took). */
  runMs: number;
}

export const BROWSER_CASES: BrowserCase[] = [
  { command: '/count to=100000 intervalMs=0', lastLine: '100000', lines: 100_000 },
  { command: '/edge.burst count=20000', lastLine: 'burst log 20000', lines: 20_000 },
];

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * Installed before the app loads: long tasks, click delays, and the first time the last line shows.
 * A string, not a function: tsx (esbuild keepNames) wraps functions in a `__name` helper the page lacks.
 */
const INSTRUMENT = `
  const tasks = [];
  const clicks = [];
  window.__bench = { tasks, clicks, lastLineAt: 0, want: '' };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) tasks.push({ start: performance.timeOrigin + e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  // event.timeStamp is when the input happened: what the handler sees on top of it is the queueing.
  document.addEventListener('pointerdown', (e) => clicks.push(performance.now() - e.timeStamp), true);
  const watch = () => {
    const bench = window.__bench;
    if (bench.want && !bench.lastLineAt) {
      for (const row of document.querySelectorAll('.output-line')) {
        if (row.textContent && row.textContent.endsWith(bench.want)) bench.lastLineAt = Date.now();
      }
    }
    requestAnimationFrame(watch);
  };
  requestAnimationFrame(watch);
`;

async function runCase(page: Page, app: App, c: BrowserCase): Promise<BrowserReport> {
  await page.goto(`${app.url}/#/new`);
  await page.getByRole('heading', { name: 'Start a conversation' }).waitFor();
  await page.evaluate((want) => {
    const b = (window as unknown as { __bench: { tasks: unknown[]; clicks: unknown[]; want: string; lastLineAt: number } }).__bench;
    b.tasks.length = 0;
    b.clicks.length = 0;
    b.lastLineAt = 0;
    b.want = want;
  }, c.lastLine);
  const input = page.getByRole('combobox', { name: 'Message' });
  await input.fill(c.command);
  // BENCH_BROWSER_PROFILE=dir: a CPU profile of the page over the run, to see where its time goes.
  const profileDir = process.env.BENCH_BROWSER_PROFILE;
  const cdp = profileDir ? await page.context().newCDPSession(page) : null;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.start');
  }
  const sentAt = Date.now();
  await input.press('Enter');
  const card = page.locator('article[data-execution-id]').first();
  await card.waitFor({ timeout: 30_000 });
  const executionId = (await card.getAttribute('data-execution-id')) ?? '';
  const api = sseClient(app.url);
  // Click the card's status line (it does nothing there) every 250 ms until the last line shows.
  const box = await card.boundingBox();
  const deadline = Date.now() + 120_000;
  let finishedAt: number | null = null;
  for (;;) {
    if (Date.now() > deadline) {
      await page.screenshot({ path: '/tmp/bench-browser-fail.png' });
      throw new Error(`${c.command}: the last line did not show within 120 s (${await card.getByRole('log').getAttribute('data-lines')} lines)`);
    }
    await page.mouse.click((box?.x ?? 0) + (box?.width ?? 0) / 2, (box?.y ?? 0) + 3);
    const shown = await page.evaluate(() => (window as unknown as { __bench: { lastLineAt: number } }).__bench.lastLineAt);
    if (finishedAt === null) finishedAt = (await api.executions.get.query({ executionId })).finishedAt;
    if (shown && finishedAt !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  if (cdp && profileDir) {
    const { profile } = await cdp.send('Profiler.stop');
    mkdirSync(profileDir, { recursive: true });
    writeFileSync(join(profileDir, `${c.command.split(' ')[0]?.slice(1)}-${Date.now()}.cpuprofile`), JSON.stringify(profile));
  }
  const b = await page.evaluate(() => (window as unknown as { __bench: { tasks: Array<{ start: number; duration: number }>; clicks: number[]; lastLineAt: number } }).__bench);
  const tasks = b.tasks.filter((t) => t.start >= sentAt - 100 && t.start <= b.lastLineAt);
  const clicks = [...b.clicks].sort((x, y) => x - y);
  return {
    ...c,
    longTasks: tasks.length,
    blockedMs: tasks.reduce((s, t) => s + t.duration, 0),
    tbtMs: tasks.reduce((s, t) => s + Math.max(0, t.duration - 50), 0),
    longestMs: Math.max(0, ...tasks.map((t) => t.duration)),
    clicks: clicks.length,
    clickMaxMs: clicks.at(-1) ?? NaN,
    clickMedianMs: clicks[Math.floor(clicks.length / 2)] ?? NaN,
    endToScreenMs: b.lastLineAt - (finishedAt ?? NaN),
    runMs: (finishedAt ?? NaN) - sentAt,
  };
}

/** Each case `runs` times, a fresh page each time. */
export async function browserPart(app: App, runs: number): Promise<BrowserReport[]> {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
  const reports: BrowserReport[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      for (const c of BROWSER_CASES) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
        const page = await context.newPage();
        await page.addInitScript(INSTRUMENT);
        process.stdout.write(`  browser: ${c.command} (run ${i + 1}) ... `);
        const r = await runCase(page, app, c);
        console.log(`longest ${r.longestMs.toFixed(0)} ms, blocked ${r.blockedMs.toFixed(0)} ms, click max ${r.clickMaxMs.toFixed(0)} ms, end→screen ${r.endToScreenMs} ms`);
        reports.push(r);
        await context.close();
      }
    }
  } finally {
    await browser.close();
  }
  return reports;
}

export function formatBrowser(reports: BrowserReport[]): string {
  const rows = reports.map(
    (r) =>
      `| \`${r.command}\` | ${r.runMs} | ${r.endToScreenMs} | ${r.longTasks} | ${r.longestMs.toFixed(0)} | ${r.blockedMs.toFixed(0)} | ${r.tbtMs.toFixed(0)} | ${r.clicks} | ${r.clickMedianMs.toFixed(0)} | ${r.clickMaxMs.toFixed(0)} |`,
  );
  return [
    '| command | run ms (send→server end) | end→last line on screen ms | long tasks | longest ms | blocked ms | TBT ms | clicks | click delay p50 ms | click delay max ms |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}
