import { loadEnv, type Env } from './env';
import { loadConfig } from './load';
import type { Config } from './schema';

/** Everything start-up reads, parsed once: the config file with the environment's overrides merged in. */
export interface Settings {
  /** Frozen: nothing downstream may change what the user configured. */
  readonly config: Config;
  /** The config file read, or null when there was none (defaults). */
  readonly configSource: string | null;
  readonly dataDir: string;
  readonly host: string;
  readonly port: number;
  readonly token: string | undefined;
  readonly allowedOrigins: readonly string[];
  /** Host names the server answers to besides its own address: config `allowedHosts` plus FRAGMENTS_ALLOWED_HOSTS. */
  readonly allowedHosts: readonly string[];
  /** Reverse proxies whose X-Forwarded-For is believed: config `trustedProxies` plus FRAGMENTS_TRUSTED_PROXIES. */
  readonly trustedProxies: readonly string[];
  readonly disableSse: boolean;
  /** Files holding secrets (FRAGMENTS_TOKEN_FILE, OPENAI_API_KEY_FILE): hidden from every child process. */
  readonly secretFiles: readonly string[];
  /** The bubblewrap program children are sandboxed with (FRAGMENTS_BWRAP). */
  readonly bwrap: string;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/** The AI provider: each of OPENAI_BASE_URL, OPENAI_API_KEY, FRAGMENTS_MODEL that is set wins over the file's field. */
function aiOf(file: Config['ai'], env: Env): Config['ai'] {
  const overrides = { baseUrl: env.OPENAI_BASE_URL, apiKey: env.OPENAI_API_KEY, model: env.FRAGMENTS_MODEL };
  const set = Object.entries(overrides).filter(([, value]) => value !== undefined);
  return { ...file, ...Object.fromEntries(set) };
}

/** Merges without touching either input; the result is frozen all the way down. */
export function mergeSettings(env: Env, file: { config: Config; source: string | null }): Settings {
  return deepFreeze({
    config: { ...structuredClone(file.config), ai: aiOf(file.config.ai, env) },
    configSource: file.source,
    dataDir: env.FRAGMENTS_DATA_DIR,
    host: env.HOST,
    port: env.PORT,
    token: env.FRAGMENTS_TOKEN,
    allowedOrigins: [...env.FRAGMENTS_ALLOWED_ORIGINS],
    allowedHosts: [...new Set([...file.config.allowedHosts, ...env.FRAGMENTS_ALLOWED_HOSTS])],
    trustedProxies: [...new Set([...file.config.trustedProxies, ...env.FRAGMENTS_TRUSTED_PROXIES])],
    disableSse: env.FRAGMENTS_DISABLE_SSE,
    secretFiles: [...env.secretFiles],
    bwrap: env.FRAGMENTS_BWRAP,
  });
}

/** `npm start`'s one read of env and config; throws ConfigError naming the variable or the file and field. */
export function loadSettings(processEnv: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Settings {
  const env = loadEnv(processEnv, cwd);
  return mergeSettings(env, loadConfig(env, cwd));
}
