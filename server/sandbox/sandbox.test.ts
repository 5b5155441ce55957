import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ConfigSchema } from '../config/schema';
import { probeBubblewrap } from './probe';
import { Sandbox } from './sandbox';

/**
 * Runs a command line the sandbox built from a `sh` that holds SECRET_OF_THE_PARENT in its
 * environment, as the server and `npm start` would; the sandbox itself gets a clean one (`env -i`),
 * as the server gives its children.
 */
function runLine(line: { command: string; args: string[] }, cwd: string) {
  const path = process.env.PATH ?? '';
  return spawnSync('/bin/sh', ['-c', '"$@"; exit $?', 'sh', 'env', '-i', `PATH=${path}`, line.command, ...line.args], {
    cwd,
    encoding: 'utf8',
    env: { PATH: path, SECRET_OF_THE_PARENT: 'the-parents-secret' },
  });
}

describe('the sandbox (bubblewrap)', () => {
  const root = mkdtempSync(join(tmpdir(), 'fragments-sandbox-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  const dataDir = join(root, 'data');
  const secretFile = join(root, 'token.txt');
  writeFileSync(secretFile, 'secret-in-a-file\n');
  mkdirSync(dataDir);
  writeFileSync(join(dataDir, 'fragments.sqlite'), 'secret-in-the-database');
  const sandbox = new Sandbox({ bwrap: 'bwrap', dataDir, hiddenFiles: [secretFile, join(root, 'gone.txt')] });

  it('works on this machine (CI installs bubblewrap)', () => {
    assert.deepEqual(probeBubblewrap('bwrap'), { available: true });
    assert.equal(sandbox.available, true);
    assert.match(sandbox.summary(ConfigSchema.parse({})), /^sandbox: bubblewrap \(bwrap\): MCP stdio servers and shell programs run in a PID namespace/);
  });

  it('an MCP server sees only its own processes, an empty data dir and empty secret files, and may write elsewhere', () => {
    const script = [
      'ls /proc | grep -c "^[0-9]"',
      'cat /proc/*/environ | tr "\\0" "\\n" | grep -c SECRET_OF_THE_PARENT',
      `ls -A ${dataDir} | wc -l`,
      `cat ${secretFile} | wc -c`,
      `echo written > ${join(root, 'written-by-the-server')}`,
    ].join('; ');
    // The parent of the sandbox holds the secret in its environment; the sandboxed process gets a clean one.
    const line = sandbox.wrapServer('sh', ['-c', script]);
    const result = runLine(line, root);
    assert.equal(result.stderr, '');
    const [pids, secrets, dataEntries, secretBytes] = result.stdout.trim().split('\n').map(Number);
    // bwrap's init, sh, and the pipeline's processes: a handful, never the host's hundreds.
    assert.ok(pids !== undefined && pids < 10, `only the sandbox's processes: ${pids}`);
    assert.equal(secrets, 0);
    assert.equal(dataEntries, 0, 'the data dir looks empty');
    assert.equal(secretBytes, 0, 'the secret file looks empty');
    assert.equal(readFileSync(join(root, 'written-by-the-server'), 'utf8'), 'written\n', 'the filesystem stays writable');
    assert.equal(existsSync(join(root, 'gone.txt')), false, 'a secret file that does not exist is not created');
  });

  it('a shell program cannot see the processes that started it, nor write outside its folder', () => {
    const work = join(root, 'work');
    mkdirSync(work);
    const line = sandbox.wrapProgram('/bin/sh', ['-c', `cat /proc/*/environ | grep -c SECRET; echo in > inside; echo out > ${join(root, 'outside')}; echo $?`], { writable: work, cwd: work, network: false });
    const result = runLine(line, work);
    assert.match(result.stdout, /^0\n/, 'no environ holds the secret');
    assert.equal(readFileSync(join(work, 'inside'), 'utf8'), 'in\n');
    assert.equal(existsSync(join(root, 'outside')), false);
  });

  it('a bwrap that is missing or cannot sandbox is reported, and MCP servers then start as they are', () => {
    const missing = join(root, 'no-bwrap');
    assert.deepEqual(probeBubblewrap(missing), { available: false, reason: `${missing} was not found` });
    const failing = join(root, 'failing-bwrap');
    writeFileSync(failing, '#!/bin/sh\necho "bwrap: No permissions to create new namespace" >&2\nexit 1\n', { mode: 0o755 });
    assert.deepEqual(probeBubblewrap(failing), { available: false, reason: `${failing} cannot create a sandbox here (bwrap: No permissions to create new namespace)` });
    const none = new Sandbox({ bwrap: missing, dataDir, hiddenFiles: [] });
    assert.deepEqual(none.wrapServer('npx', ['server']), { command: 'npx', args: ['server'] });
    const config = ConfigSchema.parse({ mcpServers: { a: { command: 'npx' } }, builtins: { shell: { allow: ['ls'] } } });
    const summary = none.summary(config);
    assert.match(summary, /^sandbox: none — .*no-bwrap was not found\./);
    assert.match(summary, /MCP stdio servers start unsandboxed: they can read FRAGMENTS_TOKEN and OPENAI_API_KEY/);
    assert.match(summary, /The shell tool is disabled \(set builtins\.shell\.unsandboxed/);
    assert.match(summary, /apt-get install bubblewrap/);
  });
});
