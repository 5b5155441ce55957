import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { AppError } from '../../errors/appError';
import { resolveProgram } from './programs';
import { ctxFor, run, shellTool } from './shellTestKit';

describe('shell tool environment', () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
  });

  it('does not pass the server’s secrets to programs (regression: FRAGMENTS_TOKEN reached `env`), only a whitelist and builtins.shell.env', async () => {
    process.env.FRAGMENTS_TOKEN = 'token-that-must-not-leak';
    process.env.OPENAI_API_KEY = 'key-that-must-not-leak';
    process.env.LANG = 'C.UTF-8';
    const tool = shellTool({ allow: ['env'], env: { GREETING: 'hello from the config' } });
    const { result, output } = await run(tool, 'env');
    assert.equal(result.isError, false);
    assert.doesNotMatch(output, /must-not-leak/);
    assert.match(output, /^GREETING=hello from the config$/m);
    assert.match(output, /^PATH=/m);
    assert.match(output, /^LANG=C\.UTF-8$/m);
  });
});

describe('shell tool allow-list', () => {
  // The `ls` on PATH, and a copy and a symlink of it in a folder of our own: same name, other files.
  const lsOnPath = resolveProgram('ls', process.env.PATH, '/');
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'fragments-shell-'));
    assert.ok(lsOnPath, 'ls is on PATH');
    copyFileSync(lsOnPath, join(dir, 'ls'));
    symlinkSync(lsOnPath, join(dir, 'ls-link'));
    mkdirSync(join(dir, 'links'));
    symlinkSync(lsOnPath, join(dir, 'links', 'ls'));
    // Another name for the folder itself, like /bin for /usr/bin on a merged-/usr system.
    symlinkSync(dirname(lsOnPath), join(dir, 'bin-alias'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const refusal = (program: string) => (error: unknown) => {
    assert.ok(error instanceof AppError);
    assert.equal(error.code, 'TOOL_ERROR');
    assert.match(error.message, new RegExp(`^"${program.replaceAll('.', '\\.')}"( \\(.*\\))? is not an allowed program`));
    assert.match(error.message, /builtins\.shell\.allow permits: ls \(\/.*\/ls\)/);
    return true;
  };

  it('runs the allowed program by its name, by its own path, and through another name for its folder', async () => {
    const tool = shellTool({ allow: ['ls'], env: {}, cwd: dir });
    assert.match((await run(tool, 'ls')).output, /^ls-link$/m);
    assert.match((await run(tool, `${lsOnPath} -a`)).output, /^ls-link$/m);
    assert.match((await run(tool, join(dir, 'bin-alias', 'ls'))).output, /^ls-link$/m);
  });

  it('refuses a program of the same name elsewhere (regression: /other/dir/ls ran because its basename was allowed)', async () => {
    const tool = shellTool({ allow: ['ls'], env: {} });
    await assert.rejects(async () => tool.call({ command: `${join(dir, 'ls')} /` }, ctxFor()), refusal(join(dir, 'ls')));
  });

  it('refuses a relative path to a copy in the working directory', async () => {
    const tool = shellTool({ allow: ['ls'], env: {}, cwd: dir });
    await assert.rejects(async () => tool.call({ command: './ls' }, ctxFor()), refusal('./ls'));
  });

  it('refuses a symlink to the allowed file (multi-call binaries act on the name they are started as)', async () => {
    const tool = shellTool({ allow: ['ls'], env: {}, cwd: dir });
    await assert.rejects(async () => tool.call({ command: join(dir, 'links', 'ls') }, ctxFor()), refusal(join(dir, 'links', 'ls')));
    await assert.rejects(async () => tool.call({ command: './ls-link' }, ctxFor()), refusal('./ls-link'));
  });

  it('says when a program is not found at all', async () => {
    const tool = shellTool({ allow: ['ls'], env: {} });
    await assert.rejects(async () => tool.call({ command: 'no-such-program-here' }, ctxFor()), /"no-such-program-here" \(not found on PATH\) is not an allowed program/);
  });
});
