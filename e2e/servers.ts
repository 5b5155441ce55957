/**
 * The e2e servers: real `server/main.ts` processes, each on a free port it picks itself (PORT=0),
 * with its own data dir and a config made for this run. Playwright reads the port from the line the
 * server prints once it serves and hands it to the workers as an environment variable.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const GATE_SERVER = join(here, 'fixtures', 'gate-server.ts');

/**
 * The normal server, one with SSE disabled (and one tool at a time), one for the screenshots, one
 * with an AI model, one with a token, one with a server that fails until fixed (servers.spec.ts).
 */
export type ServerName = 'sse' | 'ws' | 'shots' | 'ai' | 'login' | 'servers';
/** FRAGMENTS_TOKEN of the `login` server. */
export const E2E_TOKEN = 'e2e-token-3b9c';
/** The e2e AI provider (fixtures/openai-e2e.ts) is started first; its port becomes this variable. */
const PROVIDER_PORT_VARIABLE = 'FRAGMENTS_E2E_PORT_OPENAI';
/** Playwright runs this many workers; each gets its own gate MCP server (see gate.ts). */
export const WORKERS = 2;

const portVariable = (name: ServerName) => `FRAGMENTS_E2E_PORT_${name.toUpperCase()}`;

/** The base URL of a running e2e server (set by Playwright once the server printed its port). */
export function serverUrl(name: ServerName): string {
  const url = baseUrlOf(name);
  if (!url) throw new Error(`${portVariable(name)} is not set: the e2e servers are started by playwright.config.ts`);
  return url;
}

/**
 * The same for `test.use({ baseURL })` and the config, which are also evaluated in the runner
 * before the servers start (to list the tests): undefined there, the real URL in the workers.
 */
export function baseUrlOf(name: ServerName): string | undefined {
  const port = process.env[portVariable(name)];
  return port ? `http://127.0.0.1:${port}` : undefined;
}

/** Where the tests write gate commands; the gate MCP servers follow this folder. */
export function gateDir(dataRoot: string): string {
  return join(dataRoot, 'gates');
}

/** The fixture config plus one gate server per worker, written into this run's data root. */
function writeConfig(dataRoot: string, fixture: string, name: ServerName): string {
  // `$E2E_DATA_ROOT` in a fixture: this run's data root (files a test creates to fix a server).
  const text = readFileSync(join(here, 'fixtures', fixture), 'utf8').replaceAll('$E2E_DATA_ROOT', JSON.stringify(dataRoot).slice(1, -1));
  const config = JSON.parse(text) as { mcpServers?: Record<string, unknown> };
  const gate = { command: process.execPath, args: ['--import', 'tsx', GATE_SERVER], env: { GATE_DIR: gateDir(dataRoot) } };
  const gates = Object.fromEntries(Array.from({ length: WORKERS }, (_, i) => [`gate${i}`, gate]));
  config.mcpServers = { ...config.mcpServers, ...gates };
  const path = join(dataRoot, `${name}.config.json`);
  mkdirSync(dataRoot, { recursive: true });
  writeFileSync(path, JSON.stringify(config, null, 2));
  return path;
}

/**
 * A server of the app. `withModel` points it at the e2e AI provider, whose port is only known once
 * that provider runs: Playwright starts the web servers in order and runs each command in a shell
 * with its own environment, so the variable is expanded then.
 */
export function webServer(dataRoot: string, name: ServerName, fixture: string, env: Record<string, string> = {}, withModel = false) {
  const model = withModel ? `OPENAI_BASE_URL=http://127.0.0.1:$${PROVIDER_PORT_VARIABLE}/v1 OPENAI_API_KEY=e2e-key FRAGMENTS_MODEL=e2e-model ` : '';
  return {
    command: `${model}npx tsx --tsconfig tsconfig.base.json server/main.ts`,
    cwd: root,
    // The port group's name becomes the variable serverUrl() reads (Playwright upper-cases it).
    wait: { stdout: new RegExp(`serving on http://127\\.0\\.0\\.1:(?<${portVariable(name).toLowerCase()}>\\d+)`) },
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore' as const,
    stderr: 'pipe' as const,
    gracefulShutdown: { signal: 'SIGTERM' as const, timeout: 5_000 },
    env: {
      PORT: '0',
      HOST: '127.0.0.1',
      FRAGMENTS_DATA_DIR: join(dataRoot, `data-${name}`),
      FRAGMENTS_CONFIG: writeConfig(dataRoot, fixture, name),
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

/** The e2e AI provider: a local server speaking the OpenAI streaming protocol, scripted by what the user types. */
export function providerServer() {
  return {
    command: 'npx tsx e2e/fixtures/openai-e2e.ts',
    cwd: root,
    wait: { stdout: new RegExp(`openai-e2e listening on (?<${PROVIDER_PORT_VARIABLE.toLowerCase()}>\\d+)`) },
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore' as const,
    stderr: 'pipe' as const,
    env: { PORT: '0' },
  };
}
