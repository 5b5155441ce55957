import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError, describeIssues } from './errors';
import { ConfigSchema, type Config } from './schema';

/** Parses config text; `source` names the file in every error. */
export function parseConfig(text: string, source: string): Config {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${source} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(describeIssues(source, parsed.error));
  return parsed.data;
}

/** Loads `FRAGMENTS_CONFIG` or `./fragments.config.json`; no file at the default path means defaults. */
export function loadConfig(
  env: { FRAGMENTS_CONFIG?: string | undefined } = process.env,
  cwd = process.cwd(),
): { config: Config; source: string | null } {
  const explicit = env.FRAGMENTS_CONFIG;
  const path = resolve(cwd, explicit ?? 'fragments.config.json');
  if (!existsSync(path)) {
    if (explicit) throw new ConfigError(`FRAGMENTS_CONFIG names ${path}, which does not exist`);
    return { config: ConfigSchema.parse({}), source: null };
  }
  return { config: parseConfig(readFileSync(path, 'utf8'), path), source: path };
}
