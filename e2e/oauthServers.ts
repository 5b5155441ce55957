/**
 * The processes of the OAuth e2e test: the OAuth-protected MCP server with its authorization
 * server (server/integration/fixtures/oauth-server.ts), and a real `server/main.ts` configured to
 * use it. Both pick free ports themselves (port 0) and print them; each test starts its own pair.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURE = join(root, 'server', 'integration', 'fixtures', 'oauth-server.ts');

export interface Started {
  url: string;
  stop(): Promise<void>;
}

/** Spawns a program and resolves with the first match of `ready` on its stdout. */
function start(command: string, args: string[], env: NodeJS.ProcessEnv, ready: RegExp): Promise<{ proc: ChildProcess; match: RegExpMatchArray }> {
  const proc = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let seen = '';
    proc.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code} before it was ready`)));
    proc.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      seen += chunk;
      const match = ready.exec(seen);
      if (match) resolve({ proc, match });
    });
  });
}

const stopped = (proc: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
    proc.once('exit', () => resolve());
    proc.kill('SIGTERM');
  });

export async function startOAuthServer(): Promise<Started> {
  const { proc, match } = await start(process.execPath, ['--import', 'tsx', FIXTURE], {}, /port (\d+)/);
  return { url: `http://127.0.0.1:${match[1]}/mcp`, stop: () => stopped(proc) };
}

/** The app (server/main.ts, as `npm start` runs it) with `config` as its fragments.config.json. */
export async function startAppWith(config: unknown): Promise<Started> {
  const dir = mkdtempSync(join(tmpdir(), 'fragments-e2e-oauth-'));
  const configFile = join(dir, 'fragments.config.json');
  writeFileSync(configFile, JSON.stringify(config, null, 2));
  const { proc, match } = await start(
    process.execPath,
    ['--import', 'tsx', join(root, 'server', 'main.ts')],
    { PORT: '0', HOST: '127.0.0.1', FRAGMENTS_DATA_DIR: join(dir, 'data'), FRAGMENTS_CONFIG: configFile, FRAGMENTS_TOKEN: '', OPENAI_BASE_URL: '', OPENAI_API_KEY: '', TSX_TSCONFIG_PATH: join(root, 'tsconfig.base.json') },
    /serving on (http:\/\/127\.0\.0\.1:\d+)/,
  );
  return {
    url: match[1] ?? '',
    async stop() {
      await stopped(proc);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
