import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../../config/errors';
import { shellFolders } from './shellFolders';

describe('the shell tool’s folders', () => {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'fragments-folders-')));
  after(() => rmSync(root, { recursive: true, force: true }));
  const data = join(root, 'data');
  const project = join(root, 'project');
  mkdirSync(join(data, 'inner'), { recursive: true });
  mkdirSync(project);
  symlinkSync(project, join(root, 'project-link'));

  it('writes only a configured cwd, canonical; unset, the server’s folder is read-only', () => {
    assert.deepEqual(shellFolders(join(root, 'project-link'), data), { cwd: project, writable: project });
    assert.deepEqual(shellFolders(undefined, data), { cwd: realpathSync(process.cwd()), writable: null });
  });

  it('stops start-up for a cwd that is not a folder, lies in the data dir, or holds the app', () => {
    const refused = (cwd: string, message: RegExp) => assert.throws(() => shellFolders(cwd, data), (error: Error) => error instanceof ConfigError && message.test(error.message));
    refused(join(root, 'nope'), /^builtins\.shell\.cwd: .*nope is not a folder$/);
    refused(data, /is inside the data dir/);
    refused(join(data, 'inner'), /is inside the data dir/);
    refused(fileURLToPath(new URL('../../..', import.meta.url)), /holds the app itself/);
    refused('/', /holds the app itself/);
    // Without the sandbox nothing is hidden, and nothing is checked but that it is a folder.
    assert.deepEqual(shellFolders(data, null), { cwd: data, writable: data });
  });
});
