import { z } from 'zod';
import { ConfigError, describeIssues } from './errors';
import { AllowedHostSchema, TrustedProxySchema } from './schema';
import { readSecretFiles } from './secretFiles';

/** Why a FRAGMENTS_ALLOWED_ORIGINS entry can never match a browser's Origin header, or null. */
function originProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `"${value}" is not an origin; expected scheme://host[:port], e.g. http://localhost:5173`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `"${value}" is not an http or https origin`;
  // A browser sends the origin serialized exactly so: no path, no trailing slash, lower-case host.
  if (url.origin !== value) return `"${value}" is not an origin (scheme://host[:port], nothing after): write ${url.origin}`;
  return null;
}

const OriginSchema = z.string().superRefine((value, ctx) => {
  const problem = originProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  FRAGMENTS_DATA_DIR: z.string().min(1).default('./data'),
  FRAGMENTS_CONFIG: z.string().min(1).optional(),
  FRAGMENTS_TOKEN: z.string().min(1).optional(),
  OPENAI_BASE_URL: z.url().optional(),
  OPENAI_API_KEY: z.string().optional(),
  FRAGMENTS_MODEL: z.string().optional(),
  /** Extra browser origins allowed to call the API (the Vite dev server): a comma list, blanks dropped. */
  FRAGMENTS_ALLOWED_ORIGINS: z
    .string()
    .default('')
    .transform((raw) => raw.split(',').map((entry) => entry.trim()).filter(Boolean))
    .pipe(z.array(OriginSchema)),
  /** Host names the server also answers to (a reverse proxy's name), added to config `allowedHosts`: a comma list. */
  FRAGMENTS_ALLOWED_HOSTS: z
    .string()
    .default('')
    .transform((raw) => raw.split(',').map((entry) => entry.trim()).filter(Boolean))
    .pipe(z.array(AllowedHostSchema)),
  /** Reverse proxies whose X-Forwarded-For is believed, added to config `trustedProxies`: a comma list. */
  FRAGMENTS_TRUSTED_PROXIES: z
    .string()
    .default('')
    .transform((raw) => raw.split(',').map((entry) => entry.trim()).filter(Boolean))
    .pipe(z.array(TrustedProxySchema)),
  /** `1` refuses SSE subscriptions: how the client's WebSocket fallback is tested. */
  FRAGMENTS_DISABLE_SSE: z
    .enum(['0', '1'], { error: (issue) => `expected 1 (SSE off) or 0 (SSE on), not ${JSON.stringify(issue.input)}` })
    .default('0')
    .transform((value) => value === '1'),
  /** The bubblewrap program that sandboxes every child process (server/sandbox/); a path, or a name looked up on PATH. */
  FRAGMENTS_BWRAP: z.string().default('bwrap'),
});
export type Env = z.infer<typeof EnvSchema> & {
  /** The files FRAGMENTS_TOKEN_FILE and OPENAI_API_KEY_FILE named (absolute), which children must not read. */
  secretFiles: string[];
};

/** Off loopback the token is all that stands between the network and tool runs: no guessable one. */
export const MIN_TOKEN_CHARS = 16;

/** What makes `token` too weak to guard a server others can reach, or null. Never quotes the token. */
export function tokenWeakness(token: string): string | null {
  if (/\s/.test(token)) return 'contains whitespace';
  if ([...token].length < MIN_TOKEN_CHARS) return `is ${[...token].length} characters long`;
  return null;
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

/**
 * Reads the environment once (secrets named by `*_FILE` variables included); an empty variable counts
 * as unset; a non-loopback HOST without a token, or with a weak one (tokenWeakness), is refused.
 */
export function loadEnv(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Env {
  const set = Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '');
  const secrets = readSecretFiles(Object.fromEntries(set), cwd);
  const parsed = EnvSchema.safeParse(secrets.env);
  if (!parsed.success) throw new ConfigError(describeIssues('the environment', parsed.error));
  if (!isLoopback(parsed.data.HOST) && !parsed.data.FRAGMENTS_TOKEN) {
    throw new ConfigError(
      `HOST=${parsed.data.HOST} is not a loopback address: set FRAGMENTS_TOKEN so that nothing answers without it`,
    );
  }
  const weakness = isLoopback(parsed.data.HOST) ? null : tokenWeakness(parsed.data.FRAGMENTS_TOKEN ?? '');
  if (weakness) {
    throw new ConfigError(
      `HOST=${parsed.data.HOST} is not a loopback address and FRAGMENTS_TOKEN ${weakness}: off loopback the token must be at least ${MIN_TOKEN_CHARS} characters with no whitespace (e.g. openssl rand -hex 16)`,
    );
  }
  return { ...parsed.data, secretFiles: secrets.files };
}
