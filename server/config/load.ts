import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { ConfigSchema, type Config } from './schema';

/** A config or environment problem that must stop start-up; the message names file and field. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** `mcpServers.everything.command`; keys that are not plain words are quoted: `mcpServers["a.b"]`. */
function fieldOf(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(top level)';
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : /^[A-Za-z_][\w-]*$/.test(String(key)) ? `${i > 0 ? '.' : ''}${String(key)}` : `["${String(key)}"]`))
    .join('');
}

function messageOf(issue: z.core.$ZodIssue): string {
  // A bad record key carries the key schema's own complaint one level down.
  if (issue.code === 'invalid_key' && issue.issues.length > 0) return issue.issues.map((inner) => inner.message).join('; ');
  if (issue.code === 'unrecognized_keys') return `unknown field(s) ${issue.keys.map((key) => `"${key}"`).join(', ')}`;
  return issue.message;
}

function describeIssues(where: string, error: z.ZodError): string {
  const lines = error.issues.map((issue) => `  ${fieldOf(issue.path)}: ${messageOf(issue)}`);
  return `${where} is invalid:\n${lines.join('\n')}`;
}

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
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): { config: Config; source: string | null } {
  const explicit = env.FRAGMENTS_CONFIG;
  const path = resolve(cwd, explicit ?? 'fragments.config.json');
  if (!existsSync(path)) {
    if (explicit) throw new ConfigError(`FRAGMENTS_CONFIG names ${path}, which does not exist`);
    return { config: ConfigSchema.parse({}), source: null };
  }
  return { config: parseConfig(readFileSync(path, 'utf8'), path), source: path };
}

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  FRAGMENTS_DATA_DIR: z.string().min(1).default('./data'),
  FRAGMENTS_TOKEN: z.string().min(1).optional(),
  OPENAI_BASE_URL: z.url().optional(),
  OPENAI_API_KEY: z.string().optional(),
  FRAGMENTS_MODEL: z.string().optional(),
});
export type Env = z.infer<typeof EnvSchema>;

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

/** Reads the environment once; a non-loopback HOST without a token is refused. */
export function loadEnv(env: NodeJS.ProcessEnv = process.env): Env {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) throw new ConfigError(describeIssues('the environment', parsed.error));
  if (!isLoopback(parsed.data.HOST) && !parsed.data.FRAGMENTS_TOKEN) {
    throw new ConfigError(
      `HOST=${parsed.data.HOST} is not a loopback address: set FRAGMENTS_TOKEN so that nothing answers without it`,
    );
  }
  return parsed.data;
}
