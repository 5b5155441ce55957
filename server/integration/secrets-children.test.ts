import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { liveMembers } from '../processes/procfs';
import { eventually } from './gate';
import { collect, outputOf, sseClient, tempDir } from './harness';

const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url));
const PROBE = fileURLToPath(new URL('./fixtures/probe-secrets.ts', import.meta.url));
const TSX = import.meta.resolve('tsx');
const TOKEN = `token-${'7f3a'.repeat(6)}`;
const API_KEY = `sk-${'c0de'.repeat(6)}`;
/** A secret of the config file (an MCP server's header): the file is hidden from children too. */
const CONFIG_SECRET = `header-${'beef'.repeat(6)}`;

/**
 * `npm start` as a user runs it: the server under a `sh` that holds the same environment (as npm's
 * sh and the tsx loader do), in a process group of its own so that it can be stopped whole.
 */
async function startUnderShell(env: NodeJS.ProcessEnv): Promise<{ url: string; proc: ChildProcess; stop(): Promise<void> }> {
  const proc = spawn('/bin/sh', ['-c', '"$@"; exit $?', 'sh', process.execPath, '--import', 'tsx', MAIN], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /serving on (http:\/\/[\d.:]+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', onData);
    proc.once('exit', (code) => reject(new Error(`server exited with ${code} before serving:\n${output}`)));
  });
  const pgid = proc.pid ?? 0;
  return {
    url,
    proc,
    async stop() {
      try {
        process.kill(-pgid, 'SIGTERM');
      } catch {
        // gone
      }
      assert.ok(await eventually(() => liveMembers(pgid).length === 0, 30_000), 'the server and its shell stopped');
    },
  };
}

/** Every byte of every file in the data dir (the SQLite file, its WAL and shm included). */
function dataDirBytes(dir: string): { file: string; text: string }[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? dataDirBytes(path) : [{ file: path, text: readFileSync(path).toString('latin1') }];
  });
}

const found = (text: string) => [TOKEN, API_KEY, CONFIG_SECRET].filter((secret) => text.includes(secret));

/**
 * The README promises that MCP servers get no secrets; so do shell programs. A probe run as an MCP
 * stdio server and as a shell program tries every path (ancestors' and every process's /proc
 * entries, /proc/self/.., pid 1's root, the *_FILE secrets, the data dir, the config) and finds
 * neither FRAGMENTS_TOKEN nor OPENAI_API_KEY nor a secret of the config file; afterwards the data
 * dir holds none of them. Without
 * bubblewrap the same probe finds them, which is what start-up then warns about.
 */
describe('children cannot read the server’s secrets', () => {
  const dirs: string[] = [];
  after(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  const cases = [
    { name: 'secrets in variables (in the environment of the server and of the sh above it)', files: false, bwrap: 'bwrap' },
    { name: 'secrets in FRAGMENTS_TOKEN_FILE and OPENAI_API_KEY_FILE', files: true, bwrap: 'bwrap' },
    { name: 'without bubblewrap: the probe does find them (start-up warns about it)', files: false, bwrap: '/nonexistent/bwrap' },
  ];
  for (const { name, files, bwrap } of cases) {
    it(name, async () => {
      const dataDir = tempDir();
      const secrets = tempDir();
      const work = tempDir();
      dirs.push(dataDir, secrets, work);
      const tokenFile = join(secrets, 'token');
      const keyFile = join(secrets, 'api-key');
      // Only where the server is told of them: a file it does not know of, it cannot hide.
      if (files) {
        writeFileSync(tokenFile, `${TOKEN}\n`);
        writeFileSync(keyFile, `${API_KEY}\n`);
      }
      const configFile = join(secrets, 'fragments.config.json');
      writeFileSync(
        configFile,
        JSON.stringify({
          mcpServers: {
            probe: { command: process.execPath, args: ['--import', 'tsx', PROBE, 'mcp'] },
            // Never reached (port 9 is closed); only its header matters here.
            remote: { url: 'http://127.0.0.1:9/mcp', headers: { Authorization: `Bearer ${CONFIG_SECRET}` } },
          },
          builtins: { shell: { allow: [process.execPath], cwd: work, unsandboxed: bwrap !== 'bwrap' } },
          ai: { model: 'none', baseUrl: 'http://127.0.0.1:9/v1' },
        }),
      );
      const env = files
        ? { FRAGMENTS_TOKEN_FILE: tokenFile, OPENAI_API_KEY_FILE: keyFile }
        : { FRAGMENTS_TOKEN: TOKEN, OPENAI_API_KEY: API_KEY };
      const server = await startUnderShell({ ...env, FRAGMENTS_DATA_DIR: dataDir, FRAGMENTS_CONFIG: configFile, FRAGMENTS_BWRAP: bwrap });
      const paths = [tokenFile, keyFile, configFile, dataDir, join(dataDir, 'fragments.sqlite-wal')];
      let reports: string[];
      try {
        const client = sseClient(server.url, TOKEN);
        const run = async (content: string) => {
          const sent = await client.chat.send.mutate({ content });
          if (sent.type !== 'tool_execution') throw new Error(`${content} was not a tool execution`);
          return outputOf(await collect(client, sent.executionId));
        };
        reports = [
          await run(`/probe.probe ${JSON.stringify({ paths })}`),
          await run(`/shell command="${process.execPath} --import ${TSX} ${PROBE} cli ${paths.join(' ')}"`),
        ];
      } finally {
        await server.stop();
      }
      for (const report of reports) {
        assert.match(report, /== own environ: [^]*PATH=/, 'the probe ran and reads what it may');
        assert.match(report, /== pids seen: \d+/);
      }
      const leaked = reports.flatMap(found);
      const stored = dataDirBytes(dataDir).flatMap(({ file, text }) => found(text).map((secret) => `${secret} in ${file}`));
      if (bwrap !== 'bwrap') {
        assert.ok(leaked.includes(API_KEY) && leaked.includes(TOKEN), 'without the sandbox the probe finds both');
        assert.ok(stored.length > 0, 'and its output stores them');
        return;
      }
      assert.deepEqual(leaked, [], 'neither probe read a secret');
      assert.deepEqual(stored, [], 'the data dir holds neither secret');
      for (const report of reports) assert.ok(Number(/pids seen: (\d+)/.exec(report)?.[1]) < 10, 'only the sandbox’s own processes');
    });
  }
});
