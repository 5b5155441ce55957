/**
 * The four ways the client process reads N streams. Each opens its streams, feeds every received
 * text into the PhaseRecorder, and returns how to close them.
 */
import { createTRPCClient, createWSClient, httpBatchLink, httpSubscriptionLink, splitLink, wsLink, type TRPCClient } from '@trpc/client';
import { EventSource } from 'eventsource';
import { Agent, get } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import type { AppRouter } from '../server/routers/_app';
import type { ToolEvent } from '../shared/events';
import type { Transport } from './protocol';
import type { PhaseRecorder } from './recorder';
import { offsetFor, type Schedule } from './schedule';

export type Client = TRPCClient<AppRouter>;

export interface OpenOptions {
  url: string;
  streams: number;
  schedule: Schedule;
  wsClients: number;
  pollMs: number;
  /** Unique per phase, so poll stream ids never collide. */
  phase: number;
  rec: PhaseRecorder;
  /** The tool each stream runs: `bench-probe` (in process) unless an MCP transport names the stamp server's. */
  tool?: string;
}

export interface Opened {
  close(): Promise<void>;
  requests?: () => number;
}

/** The real client as a Node program uses it: SSE for subscriptions (the `eventsource` package), HTTP batch for the rest. */
export function sseClient(url: string): Client {
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({ url: `${url}/trpc`, EventSource }),
        false: httpBatchLink({ url: `${url}/trpc` }),
      }),
    ],
  });
}

/** Starts one probe execution per stream. The first creates a conversation the others join, to keep the DB small. */
async function startProbes(client: Client, o: OpenOptions): Promise<string[]> {
  const { chunks, intervalMs, warmup, cooldown } = o.schedule;
  const command = (slot: number) =>
    `/${o.tool ?? 'bench-probe'} chunks=${chunks} intervalMs=${intervalMs} warmup=${warmup} cooldown=${cooldown} offsetMs=${offsetFor(slot, o.streams, intervalMs).toFixed(3)}`;
  const first = await client.chat.send.mutate({ content: command(0) });
  if (first.type !== 'tool_execution') throw new Error(`${o.tool ?? 'bench-probe'} was not run as a tool`);
  const rest = await Promise.all(
    Array.from({ length: o.streams - 1 }, (_, i) => client.chat.send.mutate({ content: command(i + 1), conversationId: first.conversationId })),
  );
  return [first, ...rest].map((sent) => (sent.type === 'tool_execution' ? sent.executionId : ''));
}

type TrackedEvent = { id: string; data: ToolEvent };

function subscribeAll(clients: Client[], ids: string[], rec: PhaseRecorder): Array<{ unsubscribe(): void }> {
  return ids.map((executionId, slot) => {
    const client = clients[slot % clients.length] as Client;
    return client.chat.streamTool.subscribe(
      { executionId },
      {
        onData(value) {
          const { data } = value as unknown as TrackedEvent;
          if (data.type === 'tool_output') rec.text(slot, data.content);
          // The MCP stamp server's chunks arrive as progress messages.
          else if (data.type === 'tool_progress' && data.message !== undefined) rec.text(slot, data.message);
          else if (data.type === 'done') rec.finish(slot);
        },
        onError: (error) => rec.error(error.message),
      },
    );
  });
}

async function openTrpcSse(o: OpenOptions): Promise<Opened> {
  const client = sseClient(o.url);
  const subs = subscribeAll([client], await startProbes(client, o), o.rec);
  return { close: async () => subs.forEach((sub) => sub.unsubscribe()) };
}

/** One WebSocket multiplexes any number of subscriptions; a few sockets share the streams, as a few browser tabs would. */
async function openTrpcWs(o: OpenOptions): Promise<Opened> {
  const sockets = Array.from({ length: Math.max(1, Math.min(o.wsClients, o.streams)) }, () =>
    createWSClient({ url: `${o.url.replace('http', 'ws')}/trpc`, WebSocket: WebSocket as never }),
  );
  const clients = sockets.map((ws) => createTRPCClient<AppRouter>({ links: [wsLink({ client: ws })] }));
  const subs = subscribeAll(clients, await startProbes(sseClient(o.url), o), o.rec);
  return {
    async close() {
      subs.forEach((sub) => sub.unsubscribe());
      await Promise.all(sockets.map((ws) => ws.close()));
    },
  };
}

function scheduleQuery(o: OpenOptions, slot: number): string {
  const { warmup, chunks, cooldown, intervalMs } = o.schedule;
  return `w=${warmup}&c=${chunks}&d=${cooldown}&i=${intervalMs}&o=${offsetFor(slot, o.streams, intervalMs).toFixed(3)}`;
}

/** The floor: a bare SSE server read by the same EventSource implementation the tRPC link uses. */
async function openRawSse(o: OpenOptions): Promise<Opened> {
  const sources = Array.from({ length: o.streams }, (_, slot) => {
    const es = new EventSource(`${o.url}/sse?${scheduleQuery(o, slot)}`);
    es.onmessage = (event) => o.rec.text(slot, event.data);
    es.addEventListener('end', () => {
      o.rec.finish(slot);
      es.close();
    });
    es.onerror = (event) => o.rec.error(`EventSource: ${event.message ?? 'error'}`);
    return es;
  });
  return { close: async () => sources.forEach((es) => es.close()) };
}

/** The seed's design: ask for what is new since the cursor, wait `pollMs`, ask again. One request in flight per stream. */
async function openPoll(o: OpenOptions): Promise<Opened> {
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
  let requests = 0;
  let stopped = false;
  const fetchJson = (url: string) =>
    new Promise<{ items: string[]; next: number; done: boolean }>((resolve, reject) => {
      get(url, { agent }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve(JSON.parse(body) as { items: string[]; next: number; done: boolean }));
        res.on('error', reject);
      }).on('error', reject);
    });
  const loop = async (slot: number) => {
    let cursor = 0;
    while (!stopped) {
      try {
        const body = await fetchJson(`${o.url}/poll?id=${o.phase}-${slot}&cursor=${cursor}&${scheduleQuery(o, slot)}`);
        requests++;
        if (body.items.length > 0) o.rec.text(slot, body.items.join(''));
        cursor = body.next;
        if (body.done) return o.rec.finish(slot);
      } catch (error) {
        o.rec.error(`poll: ${(error as Error).message}`);
      }
      await sleep(o.pollMs);
    }
  };
  for (let slot = 0; slot < o.streams; slot++) void loop(slot);
  return {
    async close() {
      stopped = true;
      agent.destroy();
    },
    requests: () => requests,
  };
}

export const openers: Record<Transport, (o: OpenOptions) => Promise<Opened>> = {
  'trpc-sse': openTrpcSse,
  'trpc-ws': openTrpcWs,
  'raw-sse': openRawSse,
  poll: openPoll,
  'mcp-sse': (o) => openTrpcSse({ ...o, tool: 'stamp.probe' }),
  'mcp-ws': (o) => openTrpcWs({ ...o, tool: 'stamp.probe' }),
};
