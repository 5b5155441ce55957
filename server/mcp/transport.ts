import { Readable } from 'node:stream';
import { STDIO_DEFAULT_MAX_BUFFER_SIZE, StreamableHTTPClientTransport, type AuthProvider, type FetchLike, type Transport } from '@modelcontextprotocol/client';
import { StdioClientTransport, getDefaultEnvironment, type StdioServerParameters } from '@modelcontextprotocol/client/stdio';
import type { McpServerConfig, StdioServerConfig } from '../config/schema';
import type { Sandbox } from '../sandbox/sandbox';
import { LinearReadBuffer } from './readBuffer';

const STDERR_TAIL_CHARS = 4000;
/** The SDK refuses stdio messages over 10 MB; a tool may rightly return tens of MB of text. */
const STDIO_MAX_MESSAGE_BYTES = 256 * 1024 * 1024;

/** The last few KB of a stdio server's stderr: the SDK never reports why a child died. */
export class StderrTail {
  private text = '';
  append(chunk: string): void {
    this.text = (this.text + chunk).slice(-STDERR_TAIL_CHARS);
  }
  lines(max = 12): string {
    return this.text.trimEnd().split('\n').slice(-max).join('\n');
  }
}

export function transportKind(config: McpServerConfig): 'stdio' | 'http' {
  return 'url' in config ? 'http' : 'stdio';
}

/**
 * The SDK's stdio transport, saying which process it started (for the record of children,
 * server/processes/), with a line buffer that reads large messages in linear time (readBuffer.ts;
 * it replaces the SDK's private `_readBuffer`, pinned by readBuffer.test.ts).
 *
 * Being a subclass also decides how the server's revision is found: the SDK probes its own class
 * on a second, short-lived copy of the server, a subclass on the connection itself. In place, every
 * server runs once, in the sandbox and in the record of children; one that exits on the probe is
 * started again on the 2025 handshake (connection.ts).
 */
export class StartedStdioTransport extends StdioClientTransport {
  constructor(
    params: StdioServerParameters,
    private readonly onStarted: (pid: number | undefined) => void = () => undefined,
  ) {
    super(params);
    Object.assign(this, { _readBuffer: new LinearReadBuffer(params.maxBufferSize ?? STDIO_DEFAULT_MAX_BUFFER_SIZE) });
  }

  override async start(): Promise<void> {
    await super.start();
    this.onStarted(this.pid ?? undefined);
  }
}

export interface StdioLaunch {
  /** Runs the server in the sandbox (bubblewrap) when there is one. */
  sandbox: Sandbox;
  /** Told the pid of the process once it runs. */
  onStarted(pid: number | undefined): void;
}

/**
 * A stdio server's environment: a whitelist of ours (the SDK's: HOME, LOGNAME, PATH, SHELL, TERM,
 * USER) plus the entry's own env, copied as own properties whatever their names (`toString` too):
 * never FRAGMENTS_TOKEN, OPENAI_API_KEY or anything else the server was given
 * (server/integration/auth-mcp-env.test.ts). The SDK merges the same whitelist in itself.
 */
export function stdioEnvironment(config: StdioServerConfig): Record<string, string> {
  return { ...getDefaultEnvironment(), ...config.env };
}

/** What a Streamable HTTP transport needs for OAuth: the SqliteOAuthProvider's side of it. */
export interface HttpAuth {
  authProvider(): AuthProvider;
  fetch: FetchLike;
}

/**
 * Builds the SDK transport for a config entry; stdio stderr is always drained (a full pipe
 * deadlocks the child). A stdio server starts as `bwrap … -- command args` where bubblewrap works:
 * what it prints on stderr and how it exits come through bwrap unchanged.
 */
export function createTransport(config: McpServerConfig, stderr: StderrTail, launch: StdioLaunch, oauth?: HttpAuth): Transport {
  if ('url' in config) {
    // OAuth (server/oauth/): the provider's bearer token on every request, refreshed once for all
    // on a 401; a 403 insufficient_scope is thrown to the connection, which steps up (withStepUp).
    const auth = oauth ? { authProvider: oauth.authProvider(), fetch: oauth.fetch, onInsufficientScope: 'throw' as const } : {};
    return new StreamableHTTPClientTransport(new URL(config.url), { requestInit: { headers: config.headers }, ...auth });
  }
  const line = launch.sandbox.wrapServer(config.command, config.args);
  const transport = new StartedStdioTransport({
    command: line.command,
    args: line.args,
    env: stdioEnvironment(config),
    cwd: config.cwd,
    stderr: 'pipe',
    maxBufferSize: STDIO_MAX_MESSAGE_BYTES,
  }, launch.onStarted);
  const stream = transport.stderr;
  if (stream instanceof Readable) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => stderr.append(chunk));
  }
  return transport;
}

/**
 * How an error names a server: the URL without its query or credentials, or the command without
 * its arguments. Either may carry a key (`?key=…`, `--api-key …`), and errors reach the log, the
 * stream and tools.servers.
 */
export function describeTarget(config: McpServerConfig): string {
  if (!('url' in config)) return config.command;
  try {
    const url = new URL(config.url);
    return `${url.origin}${url.pathname}`;
  } catch {
    return 'its url';
  }
}

/** Cuts the entry's secrets (its `env` and `headers` values, its OAuth client secret, and each word of them) out of `text`. */
export function redactEntrySecrets(config: McpServerConfig, text: string): string {
  const values = 'url' in config ? [...Object.values(config.headers), ...(config.oauth?.clientSecret ? [config.oauth.clientSecret] : [])] : Object.values(config.env);
  // "Bearer abc…" may come back as just "abc…"; short words (Bearer, true) are no secrets.
  const secrets = [...values, ...values.flatMap((value) => value.split(/\s+/))].filter((secret) => secret.length >= 8);
  let out = text;
  for (const secret of secrets.sort((a, b) => b.length - a.length)) out = out.split(secret).join('[redacted]');
  return out;
}
