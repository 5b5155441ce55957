import { accessSync, constants, realpathSync, statSync } from 'node:fs';
import { basename, delimiter, dirname, isAbsolute, join, resolve } from 'node:path';

/** One `builtins.shell.allow` entry and the file it named when the server started (null: none found). */
export interface AllowedProgram {
  entry: string;
  path: string | null;
}

/**
 * The executable file a program word names, as one canonical absolute path, or null. A bare name is
 * looked up on `PATH` (absolute entries only: an empty or relative entry would search the working
 * directory); a word with a `/` is a path, relative to `cwd`.
 * The folder is canonicalised (`/bin/ls` and `/usr/bin/ls` are one file on a merged-/usr system), the
 * file name is not: multi-call binaries (busybox, git's helpers) act on the name they were started
 * as, so a symlink named `rm` to the binary behind `ls` is a different program.
 */
export function resolveProgram(word: string, searchPath: string | undefined, cwd: string): string | null {
  if (word.includes('/')) return executableAt(resolve(cwd, word));
  for (const dir of (searchPath ?? '').split(delimiter)) {
    if (!isAbsolute(dir)) continue;
    const found = executableAt(join(dir, word));
    if (found) return found;
  }
  return null;
}

function executableAt(file: string): string | null {
  try {
    const canonical = join(realpathSync(dirname(file)), basename(file));
    if (!statSync(canonical).isFile()) return null;
    accessSync(canonical, constants.X_OK);
    return canonical;
  } catch {
    return null;
  }
}

/** Resolves each entry once, so a program dropped later into some folder on PATH changes nothing. */
export function resolveAllowList(entries: readonly string[], searchPath: string | undefined, cwd: string): AllowedProgram[] {
  return entries.map((entry) => ({ entry, path: resolveProgram(entry, searchPath, cwd) }));
}

/** The refusal a user reads: what they asked for, where it led, and what is allowed instead. */
export function notAllowedMessage(word: string, resolved: string | null, allowed: readonly AllowedProgram[]): string {
  const where = resolved ?? (word.includes('/') ? 'no such executable' : 'not found on PATH');
  const asked = where === word ? `"${word}"` : `"${word}" (${where})`;
  const list = allowed.map(({ entry, path }) => (path === entry ? entry : `${entry} (${path ?? 'not found'})`)).join(', ');
  return `${asked} is not an allowed program; builtins.shell.allow permits: ${list}`;
}
