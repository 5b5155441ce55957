import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AppError } from '../../errors/appError';
import { ctxFor, run, shellTool } from './shellTestKit';

/**
 * The escapes an allow-list of names cannot stop (issue: "the shell allow-list runs anything"),
 * each run for real in the sandbox: what the program it launched does stays in the sandbox. The
 * folders are under /var/tmp, not /tmp, so that a write outside the working folder meets the
 * read-only filesystem and not only the sandbox's private /tmp.
 */
describe('shell programs run in the sandbox', () => {
  let work: string;
  let outside: string;
  let dataDir: string;
  const marker = `/tmp/fragments-outside-marker-${process.pid}`;
  const allow = ['find', 'env', 'git', 'sort', 'sh', 'bash', 'cat', 'ls'];

  before(() => {
    work = mkdtempSync('/var/tmp/fragments-shell-work-');
    outside = mkdtempSync('/var/tmp/fragments-shell-outside-');
    dataDir = join(work, 'data');
    mkdirSync(dataDir);
    writeFileSync(join(dataDir, 'note.txt'), 'the data dir holds this');
    symlinkSync(outside, join(work, 'out-link'));
  });
  after(() => {
    for (const dir of [work, outside]) rmSync(dir, { recursive: true, force: true });
    rmSync(marker, { force: true });
  });

  /** Nothing the escape tried landed outside: not in the real /tmp, not in the folder next door. */
  const assertContained = (name: string) => {
    assert.equal(existsSync(marker), false, `${marker} was not written`);
    assert.equal(existsSync(join(outside, name)), false, `${outside}/${name} was not written`);
  };
  /** A script that tries to write outside in both ways, then says it ran. */
  const escape = (name: string) => `id > ${marker}; echo x > ${outside}/${name}; echo escape-ran`;

  it('find -exec: the shell it launches runs, but writes nothing outside', async () => {
    const tool = shellTool({ allow, cwd: work }, { dataDir });
    const { output } = await run(tool, `find . -maxdepth 0 -exec /bin/sh -c '${escape('find')}' ;`);
    assert.match(output, /escape-ran/);
    assert.match(output, /Read-only file system/);
    assertContained('find');
  });

  it('env /bin/sh -c: contained', async () => {
    const { output } = await run(shellTool({ allow, cwd: work }, { dataDir }), `env /bin/sh -c '${escape('env')}'`);
    assert.match(output, /escape-ran/);
    assertContained('env');
  });

  it("git -c alias.x='!…' x: contained", async () => {
    const { output } = await run(shellTool({ allow, cwd: work }, { dataDir }), `git -c 'alias.x=!${escape('git')}' x`);
    assert.match(output, /escape-ran/);
    assertContained('git');
  });

  it('sort --compress-program=/bin/sh (sort feeds its input to the "compressor"): contained', async () => {
    // Enough lines for sort to spill to temporary files, each a command for the "compressor" to run.
    const lines = Array.from({ length: 3000 }, (_, i) => `echo ${i} >> ${outside}/sort; echo ${i} >> ran-by-sort`).join('\n');
    writeFileSync(join(work, 'input'), `${lines}\n`);
    await run(shellTool({ allow, cwd: work }, { dataDir }), 'sort --compress-program=/bin/sh -S 16k -T . input');
    assert.ok(existsSync(join(work, 'ran-by-sort')), 'the compressor ran the lines (inside the folder)');
    assertContained('sort');
  });

  it('cwd is a boundary: inside writes land, `..` and a symlink out of it do not', async () => {
    const tool = shellTool({ allow, cwd: work }, { dataDir });
    const up = `up-from-work-${process.pid}`;
    const { output } = await run(tool, `sh -c 'echo in > inside; echo up > ../${up}; echo link > out-link/via-link; echo done'`);
    assert.match(output, /done/);
    assert.equal(readFileSync(join(work, 'inside'), 'utf8'), 'in\n');
    assert.equal(existsSync(join(work, '..', up)), false);
    assert.equal(existsSync(join(outside, 'via-link')), false);
  });

  it('the data dir inside the working folder is hidden, and so are hidden files', async () => {
    const secret = join(outside, 'token');
    writeFileSync(secret, 'secret-token-value');
    const tool = shellTool({ allow, cwd: work }, { dataDir, hiddenFiles: [secret] });
    const { output } = await run(tool, `sh -c 'ls -A data; cat data/note.txt ${secret}; echo end'`);
    assert.doesNotMatch(output, /the data dir holds this|secret-token-value|fragments\.sqlite|sandbox-empty/);
    assert.match(output, /end/);
  });

  describe('network', () => {
    let listener: Server;
    let connections = 0;
    let port: number;
    before(async () => {
      listener = createServer((socket) => {
        connections++;
        socket.destroy();
      });
      await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
      port = (listener.address() as AddressInfo).port;
    });
    after(() => listener.close());
    const connect = () => `bash -c 'echo hi > /dev/tcp/127.0.0.1/${port} && echo connected'`;

    it('is cut by default: a listener on the host’s 127.0.0.1 is not reached', async () => {
      const { result, output } = await run(shellTool({ allow, cwd: work }, { dataDir }), connect());
      assert.equal(result.isError, true);
      assert.doesNotMatch(output, /connected/);
      assert.equal(connections, 0);
    });

    it('is there with builtins.shell.network: true', async () => {
      const arrived = new Promise((resolve) => listener.once('connection', resolve));
      const { output } = await run(shellTool({ allow, cwd: work, network: true }, { dataDir }), connect());
      assert.match(output, /connected/);
      await arrived;
      assert.equal(connections, 1);
    });
  });

  it('reports a program killed by a signal as killed, through bwrap', async () => {
    const { result } = await run(shellTool({ allow }, { dataDir }), `sh -c 'kill -KILL $$'`);
    assert.deepEqual(result, { isError: true, errorMessage: 'sh was killed by SIGKILL' });
  });
});

describe('shell programs without the sandbox (builtins.shell.unsandboxed)', () => {
  const allow = ['find', 'env', 'git', 'sort', 'xargs', 'tar', 'ls'];
  const tool = shellTool({ allow, unsandboxed: true });

  const refused = (command: string, reason: RegExp) => {
    assert.throws(() => tool.check?.({ command }), (error: unknown) => {
      assert.ok(error instanceof AppError);
      assert.equal(error.code, 'BAD_ARGUMENTS');
      assert.match(error.message, reason);
      assert.match(error.message, /refuses without its sandbox \(builtins\.shell\.unsandboxed is true\); to allow it, install bubblewrap/);
      return true;
    }, command);
  };

  it('refuses the known program-launching options and programs, at send and at run', async () => {
    refused(`find . -exec /bin/sh -c 'id' ;`, /^find -exec runs another program/);
    refused('find . -execdir id ;', /find -execdir/);
    refused('find . -okdir id ;', /find -okdir/);
    refused(`env /bin/sh -c id`, /^env runs the program given in its arguments/);
    refused(`xargs id`, /^xargs runs the program/);
    refused(`git -c 'alias.x=!id' x`, /^git -c runs another program/);
    refused(`git config alias.x '!id'`, /^git config can run other programs/);
    refused('sort --compress-program=/bin/sh input', /^sort --compress-program runs another program/);
    // GNU getopt takes an unambiguous prefix of a long option.
    refused('sort --compress-prog /bin/sh input', /sort --compress-program/);
    refused('sort --co=/bin/sh input', /sort --compress-program/);
    refused('tar -xIsh -f a.tar', /^tar -I runs another program/);
    refused('tar --to-command=sh -xf a.tar', /tar --to-command/);
    await assert.rejects(async () => tool.call({ command: 'env id' }, ctxFor()), (error: unknown) => error instanceof AppError && error.code === 'TOOL_ERROR');
  });

  it('runs the same programs without those options', async () => {
    for (const command of ['find . -maxdepth 0 -print', 'git --version', 'sort --version', 'tar --version']) {
      assert.doesNotThrow(() => tool.check?.({ command }), command);
    }
    assert.equal((await run(tool, 'find / -maxdepth 0')).output, '/\n');
  });
});
