import { defineConfig } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SHOTS_PORT, SSE_PORT, WS_PORT } from './ports';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');

// One temp dir per run, made once by the runner; workers inherit the variable, so they agree on it.
process.env.FRAGMENTS_E2E_DATA ??= mkdtempSync(join(tmpdir(), 'fragments-e2e-'));
const dataRoot = process.env.FRAGMENTS_E2E_DATA;

/** A real server (`npx tsx server/main.ts`) with its own data dir and the e2e config (real MCP server). */
function server(port: number, config: string, env: Record<string, string>) {
  return {
    command: 'npx tsx server/main.ts',
    cwd: root,
    url: `http://127.0.0.1:${port}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore' as const,
    stderr: 'pipe' as const,
    gracefulShutdown: { signal: 'SIGTERM' as const, timeout: 5_000 },
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      FRAGMENTS_DATA_DIR: join(dataRoot, `data-${port}`),
      FRAGMENTS_CONFIG: join(here, 'fixtures', config),
      // Whatever the developer's shell has set must not change what the tests see.
      FRAGMENTS_TOKEN: '',
      OPENAI_BASE_URL: '',
      OPENAI_API_KEY: '',
      FRAGMENTS_MODEL: '',
      FRAGMENTS_DISABLE_SSE: '0',
      ...env,
    },
  };
}

export default defineConfig({
  testDir: here,
  testMatch: '*.spec.ts',
  globalSetup: './global-setup.ts',
  globalTeardown: './global-teardown.ts',
  fullyParallel: true,
  workers: 2,
  timeout: 45_000,
  expect: { timeout: 10_000 },
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  // Traces of failed tests go to a temp dir (kept after the run, replaced by the next), not into the repo.
  outputDir: join(tmpdir(), 'fragments-e2e-results'),
  use: {
    baseURL: `http://127.0.0.1:${SSE_PORT}`,
    viewport: { width: 1280, height: 800 },
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  webServer: [
    server(SSE_PORT, 'fragments.config.json', {}),
    // SSE refused (503) to prove the WebSocket fallback; one tool at a time to show a queue.
    server(WS_PORT, 'fragments.ws.config.json', { FRAGMENTS_DISABLE_SSE: '1' }),
    // Its own data, so the screenshots show one tidy conversation, not the other tests' runs.
    server(SHOTS_PORT, 'fragments.config.json', {}),
  ],
});
