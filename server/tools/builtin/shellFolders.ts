import { realpathSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../../config/errors';

/** The folder holding the app's own code: a program that could write there changes what runs outside the sandbox. */
const APP_ROOT = fileURLToPath(new URL('../../..', import.meta.url));

export interface ShellFolders {
  /** Where programs start, canonical. */
  cwd: string;
  /** The one folder they may write: `builtins.shell.cwd` when set, else none (the server's folder stays read-only). */
  writable: string | null;
}

/** Whether `inner` is `outer` or below it. */
function within(inner: string, outer: string): boolean {
  const path = relative(outer, inner);
  return path === '' || (path !== '..' && !path.startsWith(`..${sep}`) && !isAbsolute(path));
}

/**
 * The shell tool's folders, checked at start-up. Unset, programs start in the server's working
 * directory, read-only: that is usually the app's own folder, and a program able to write it could
 * change the server's code. Set, `cwd` must be a folder that is neither in the data dir (hidden in
 * the sandbox) nor holds the app itself. `dataDir` is null without the sandbox, where nothing is hidden.
 */
export function shellFolders(configured: string | undefined, dataDir: string | null): ShellFolders {
  if (configured === undefined) return { cwd: realpathSync(process.cwd()), writable: null };
  const given = resolve(configured);
  let cwd: string;
  try {
    cwd = realpathSync(given);
    if (!statSync(cwd).isDirectory()) throw new Error('not a directory');
  } catch {
    throw new ConfigError(`builtins.shell.cwd: ${given} is not a folder`);
  }
  if (dataDir === null) return { cwd, writable: cwd };
  if (within(cwd, dataDir)) {
    throw new ConfigError(`builtins.shell.cwd: ${cwd} is inside the data dir (${dataDir}), which programs must not see; choose another folder`);
  }
  const appRoot = realpathSync(APP_ROOT);
  if (within(appRoot, cwd)) {
    throw new ConfigError(
      `builtins.shell.cwd: ${cwd} holds the app itself (${appRoot}); programs may write their folder, and the server's code runs outside the sandbox — choose a folder that does not hold it`,
    );
  }
  return { cwd, writable: cwd };
}
