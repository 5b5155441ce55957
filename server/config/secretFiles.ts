import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError } from './errors';

/** The secrets that may come from a file instead of a variable (the Docker-secrets convention: `X_FILE`). */
export const SECRET_VARIABLES = ['FRAGMENTS_TOKEN', 'OPENAI_API_KEY'] as const;

export interface SecretsRead {
  /** The environment with each `X_FILE` replaced by `X`, holding the file's content. */
  env: Record<string, string>;
  /** The files read, as absolute paths: the sandbox hides them from every child process. */
  files: string[];
}

/**
 * Reads `FRAGMENTS_TOKEN_FILE` and `OPENAI_API_KEY_FILE`: a secret in a file is not in the
 * environment of `npm start`, its shell and every process they start, where anyone who can read
 * `/proc/<pid>/environ` finds it. Trailing newlines are trimmed (an editor or `echo` adds one).
 * Setting both `X` and `X_FILE`, or naming a file that cannot be read, stops start-up.
 * `env` holds no empty values (an empty variable counts as unset); relative paths are from `cwd`.
 */
export function readSecretFiles(env: Record<string, string>, cwd = process.cwd()): SecretsRead {
  const out = { ...env };
  const files: string[] = [];
  for (const name of SECRET_VARIABLES) {
    const fileVariable = `${name}_FILE`;
    const given = out[fileVariable];
    if (given === undefined) continue;
    if (out[name] !== undefined) {
      throw new ConfigError(`both ${name} and ${fileVariable} are set: set only one (${fileVariable} names a file holding the secret)`);
    }
    const path = resolve(cwd, given);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      throw new ConfigError(`${fileVariable}=${given}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
    const value = text.replace(/(\r?\n)+$/, '');
    if (value === '') throw new ConfigError(`${fileVariable}=${given}: ${path} is empty`);
    delete out[fileVariable];
    out[name] = value;
    files.push(path);
  }
  return { env: out, files };
}
