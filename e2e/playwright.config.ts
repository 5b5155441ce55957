import { defineConfig } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { E2E_TOKEN, WORKERS, baseUrlOf, providerServer, webServer } from './servers';

const here = dirname(fileURLToPath(import.meta.url));

// One temp dir per run, made once by the runner; workers inherit the variable, so they agree on it.
process.env.FRAGMENTS_E2E_DATA ??= mkdtempSync(join(tmpdir(), 'fragments-e2e-'));
const dataRoot = process.env.FRAGMENTS_E2E_DATA;
// Traces of failed tests: this run's own folder, so two runs at once never clobber each other's.
process.env.FRAGMENTS_E2E_RESULTS ??= mkdtempSync(join(tmpdir(), 'fragments-e2e-results-'));

export default defineConfig({
  testDir: here,
  testMatch: '*.spec.ts',
  globalSetup: './global-setup.ts',
  globalTeardown: './global-teardown.ts',
  fullyParallel: true,
  workers: WORKERS,
  // A flaky test is fixed, never retried into green.
  retries: 0,
  timeout: 45_000,
  expect: { timeout: 10_000 },
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  // Kept after the run when a test failed (the teardown removes it when empty), never in the repo.
  outputDir: process.env.FRAGMENTS_E2E_RESULTS,
  use: {
    // Set once the servers printed their ports: the workers, which run the tests, start after that.
    baseURL: baseUrlOf('sse'),
    viewport: { width: 1280, height: 800 },
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  webServer: [
    // First: the app server with a model needs its port (servers start in this order).
    providerServer(),
    webServer(dataRoot, 'sse', 'fragments.config.json'),
    // SSE refused (503) to prove the WebSocket fallback; one tool at a time to show a queue.
    webServer(dataRoot, 'ws', 'fragments.ws.config.json', { FRAGMENTS_DISABLE_SSE: '1' }),
    // Its own data, so the screenshots show one tidy conversation, not the other tests' runs.
    webServer(dataRoot, 'shots', 'fragments.config.json'),
    // Plain messages go to the e2e AI provider (fixtures/openai-e2e.ts).
    webServer(dataRoot, 'ai', 'fragments.config.json', {}, true),
    // FRAGMENTS_TOKEN set: the login URL, the token prompt and the session cookie (login.spec.ts).
    webServer(dataRoot, 'login', 'fragments.config.json', { FRAGMENTS_TOKEN: E2E_TOKEN }),
    // A server that fails at start until the test fixes it, and a disabled one (servers.spec.ts).
    webServer(dataRoot, 'servers', 'fragments.servers.config.json'),
  ],
});
