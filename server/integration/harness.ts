/** What every integration test needs: a real server on port 0 with its own SQLite dir, and real tRPC clients. */
import { createTRPCClient, createWSClient, httpBatchLink, httpSubscriptionLink, splitLink, wsLink, type TRPCClient } from '@trpc/client';
import { EventSource } from 'eventsource';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { startApp, type App, type AppOptions } from '../app';
import { ConfigSchema } from '../config/schema';
import type { AppRouter } from '../routers/_app';
import type { ToolEvent } from '../../shared/events';
import { collectStream, type CollectOptions } from './collectStream';
import { contractLink, toolEvent } from './contract';

export const EDGE_SERVER = fileURLToPath(new URL('./fixtures/edge-server.ts', import.meta.url));
/** The same tools on a server that speaks only MCP 2026-07-28 (v2 server SDK). */
export const EDGE_SERVER_2026 = fileURLToPath(new URL('./fixtures/edge-server-2026.ts', import.meta.url));
export const EVERYTHING = fileURLToPath(new URL('../../node_modules/@modelcontextprotocol/server-everything/dist/index.js', import.meta.url));

export interface TestApp extends App {
  dataDir: string;
  /** Stops the server; keeps the data dir unless `wipe`. */
  stop(wipe?: boolean): Promise<void>;
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'fragments-test-'));
}

export async function startTestApp(
  options: { config?: unknown; dataDir?: string } & Partial<Omit<AppOptions, 'config' | 'dataDir'>> = {},
): Promise<TestApp> {
  const dataDir = options.dataDir ?? tempDir();
  const app = await startApp({
    log: () => undefined,
    mcpConnectTimeoutMs: 20_000,
    ...options,
    config: ConfigSchema.parse(options.config ?? {}),
    dataDir,
  });
  let stopped = false;
  return {
    ...app,
    dataDir,
    async stop(wipe = true) {
      if (!stopped) await app.close();
      stopped = true;
      if (wipe) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type Client = TRPCClient<AppRouter>;

/** The real tRPC client over HTTP + SSE, as a Node program would use it; every answer is checked against shared/ (contract.ts). */
export function sseClient(url: string, token?: string): Client {
  const headers = token ? { authorization: `Bearer ${token}` } : undefined;
  return createTRPCClient<AppRouter>({
    links: [
      contractLink(),
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({ url: `${url}/trpc`, EventSource, connectionParams: token ? { token } : undefined }),
        false: httpBatchLink({ url: `${url}/trpc`, headers }),
      }),
    ],
  });
}

/** The same router over one WebSocket, checked the same way. */
export function wsClient(url: string, token?: string): { client: Client; close(): Promise<void> } {
  const ws = createWSClient({ url: `${url.replace('http', 'ws')}/trpc`, WebSocket: WebSocket as never, connectionParams: token ? { token } : undefined });
  return { client: createTRPCClient<AppRouter>({ links: [contractLink(), wsLink({ client: ws })] }), close: () => ws.close() };
}

export interface Tracked {
  id: string;
  data: ToolEvent;
}

/** Subscribes to chat.streamTool and resolves with every event once the stream ends (after `done`). */
export function collect(client: Client, executionId: string, options: CollectOptions<ToolEvent> = {}): Promise<Tracked[]> {
  // The client's contract link checked each event already; parsing again keeps collect honest for any client.
  return collectStream(`stream ${executionId}`, (lastEventId, handlers) => client.chat.streamTool.subscribe({ executionId, lastEventId }, handlers), toolEvent, options);
}

export function outputOf(events: Tracked[]): string {
  return events.map((e) => (e.data.type === 'tool_output' && e.data.stream !== 'log' ? e.data.content : '')).join('');
}

export function typesOf(events: Tracked[]): string[] {
  return events.map((e) => e.data.type);
}

/** Starts the edge MCP server over Streamable HTTP and waits for its port. */
export async function startEdgeHttp(env: NodeJS.ProcessEnv = {}, program = EDGE_SERVER): Promise<{ url: string; proc: ChildProcess; kill(): void }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', program, 'http'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    proc.once('exit', (code) => reject(new Error(`edge http server exited with ${code}`)));
    proc.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      const match = /port (\d+)/.exec(chunk);
      if (match) resolve(Number(match[1]));
    });
  });
  return { url: `http://127.0.0.1:${port}/mcp`, proc, kill: () => proc.kill('SIGKILL') };
}

export const edgeStdio = (env: Record<string, string> = {}, program = EDGE_SERVER) => ({
  command: process.execPath,
  args: ['--import', 'tsx', program, 'stdio'],
  env,
});
export const everythingStdio = () => ({ command: process.execPath, args: [EVERYTHING, 'stdio'] });

/** A port that was free a moment ago (for peers that cannot report the port they bound). */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** server-everything over Streamable HTTP (its own process), ready when /mcp answers. */
export async function startEverythingHttp(): Promise<{ url: string; kill(): void }> {
  const port = await freePort();
  const proc = spawn(process.execPath, [EVERYTHING, 'streamableHttp'], { env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    proc.once('exit', (code) => reject(new Error(`server-everything (http) exited with ${code}`)));
    proc.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      if (chunk.includes('listening')) resolve();
    });
  });
  return { url: `http://127.0.0.1:${port}/mcp`, kill: () => proc.kill('SIGKILL') };
}
