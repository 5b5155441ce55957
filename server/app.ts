import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Config } from './config/schema';
import { createHttpServer } from './http/server';
import { sseQueuedBytes } from './http/streamSse';
import { createServices, type Services } from './services';
import { isStorageError } from './storage/health';
import { startRetention } from './streams/retention';
import { waitingReaders } from './streams/tail';
import { startCheckpointer, type Checkpointer } from './store/checkpointer';
import type { Tool } from './tools/types';

export interface AppOptions {
  config: Config;
  dataDir: string;
  host?: string;
  port?: number;
  token?: string;
  clientDir?: string;
  allowedOrigins?: readonly string[];
  /** Host names served besides the bound address and loopback names; default: config `allowedHosts`. */
  allowedHosts?: readonly string[];
  disableSse?: boolean;
  /** Reverse proxies whose X-Forwarded-For is believed; default: config `trustedProxies`. */
  trustedProxies?: readonly string[];
  extraTools?: Tool[];
  mcpConnectTimeoutMs?: number;
  mcpPingIntervalMs?: number;
  /** The bubblewrap program children are sandboxed with (FRAGMENTS_BWRAP); default `bwrap`. */
  bwrap?: string;
  /** Files no child may read: the secret files and the config file. */
  hiddenFiles?: readonly string[];
  log?: (line: string) => void;
}

export interface App {
  url: string;
  services: Services;
  /** Bytes the server holds unsent across its WebSockets (a slow client must not make this grow). */
  webSocketBufferedBytes(): number;
  /**
   * What slow readers cost the server right now: readers waiting for their client to read, the event
   * text they keep meanwhile, and the bytes Node holds unsent for every stream socket (SSE served
   * directly, and every WebSocket). The internal counter of the slow-reader tests and `npm run bench`.
   */
  readerMemory(): { waiting: number; waits: number; heldChars: number; queuedBytes: number };
  /** Resolves when the event-log retention run started last (at start-up, then periodically) is done. */
  retentionSettled(): Promise<unknown>;
  close(): Promise<void>;
}

const DEFAULT_CLIENT_DIR = fileURLToPath(new URL('../dist/client', import.meta.url));

/**
 * Builds and starts the whole server: store, recovery of what a previous process left (its
 * processes ended, its runs closed), MCP servers, then HTTP. Used by `npm start` and by every
 * integration test (on port 0).
 */
export async function startApp(options: AppOptions): Promise<App> {
  const log = options.log ?? ((line: string) => console.log(line));
  const services = createServices(options);
  let http: ReturnType<typeof createHttpServer>;
  let retention: ReturnType<typeof startRetention> | undefined;
  // Before any stream is written: from here on, WAL checkpoints run on their own thread.
  const checkpointer = startCheckpointer(services.db, log, () => services.log.walPagesWritten());
  log(services.sandbox.summary(options.config));
  try {
    // Before the runs they belong to are reported interrupted: a retry must not run beside them.
    const leftovers = await services.children.endLeftovers();
    if (leftovers.length > 0) {
      log(`ended ${leftovers.length} process(es) the previous run left running: ${leftovers.map((row) => `${row.label} (pid ${row.pid})`).join(', ')}`);
    }
    const recovered = services.executor.recover() + services.replies.recover();
    if (recovered > 0) log(`closed ${recovered} stream(s) the previous run left unfinished`);
    retention = startRetention(services.db, options.config.limits, (count) => log(`event-log retention: pruned the events of ${count} finished stream(s)`));
    // Known before listening unless the port is 0: a server's first 401 can then start a sign-in at once.
    if (options.port) services.oauth.listening(options.port);
    await services.mcp.start(log);

    http = createHttpServer({
      services,
      token: options.token,
      clientDir: options.clientDir ?? DEFAULT_CLIENT_DIR,
      allowedOrigins: options.allowedOrigins ?? [],
      hosts: { bindHost: options.host ?? '127.0.0.1', allowedHosts: [...(options.allowedHosts ?? options.config.allowedHosts), ...publicHost(options.config)] },
      disableSse: options.disableSse,
      trustedProxies: options.trustedProxies ?? options.config.trustedProxies,
      log,
    });
    const server = http.server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
    });
  } catch (error) {
    // A start-up that fails (the port is taken) must not leave the MCP servers it spawned running.
    await retention?.stop();
    await closeServices(services, checkpointer);
    throw error;
  }
  const address = http.server.address() as AddressInfo;
  services.oauth.listening(address.port);
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}`,
    services,
    retentionSettled: () => retention?.settled() ?? Promise.resolve(),
    webSocketBufferedBytes: () => [...http.wss.clients].reduce((sum, socket) => sum + socket.bufferedAmount, 0),
    readerMemory: () => ({
      waiting: waitingReaders.count,
      waits: waitingReaders.waits,
      heldChars: waitingReaders.heldChars,
      queuedBytes: sseQueuedBytes() + [...http.wss.clients].reduce((sum, socket) => sum + socket.bufferedAmount, 0),
    }),
    async close() {
      services.executor.abortAll('the server is shutting down');
      await services.replies.shutdown('the server shut down while this reply was being written; the text so far is kept — retry');
      http.closeSockets();
      await new Promise<void>((resolve) => http.server.close(() => resolve()));
      await retention?.stop();
      await closeServices(services, checkpointer);
    },
  };
}

/** MCP servers first (their calls may still write events), then the last events, then the database. */
async function closeServices(services: Services, checkpointer: Checkpointer): Promise<void> {
  await services.mcp.close();
  services.storage.close();
  // On a full disk the last commit or the close's own checkpoint may fail: shutting down must still
  // end cleanly. What was not written is what the next start finds cut off (and says STORAGE_FULL).
  whileStorageAllows(() => services.log.flush());
  await checkpointer.stop();
  whileStorageAllows(() => services.db.close());
}

function whileStorageAllows(step: () => void): void {
  try {
    step();
  } catch (error) {
    if (!isStorageError(error)) throw error;
  }
}

/** publicUrl's host is where browsers (and the OAuth callback) reach the app: it is one of ours. */
function publicHost(config: Config): string[] {
  return config.publicUrl ? [new URL(config.publicUrl).hostname] : [];
}
