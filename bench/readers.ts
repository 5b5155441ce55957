/**
 * The ways a client process reads its streams. Each opens its streams, feeds every received text
 * into the PhaseRecorder, and returns how to close them. `openers` are the real clients (tRPC's
 * httpSubscriptionLink / wsLink, the `eventsource` package for raw SSE); `leanOpeners` read the
 * same wire formats with a bare parser (lean-sse.ts, lean-ws.ts), so that 1000 streams do not
 * saturate the client process (issue 11).
 */
import { createTRPCClient, createWSClient, httpBatchLink, httpSubscriptionLink, splitLink, wsLink, type TRPCClient } from '@trpc/client';
import { EventSource } from 'eventsource';
import { Agent, get } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import type { AppRouter } from '../server/routers/_app';
import type { ReplyEvent, ToolEvent } from '../shared/events';
import { openSse } from './lean-sse';
import { LeanWsClient } from './lean-ws';
import type { Transport } from './protocol';
import type { PhaseRecorder } from './recorder';
import { offsetFor, type Schedule } from './schedule';

export type Client = TRPCClient<AppRouter>;

export interface OpenOptions {
  url: string;
  /** Streams in the whole phase, over every client process (each stream's offset depends on it). */
  streams: number;
  /** The phase's stream slots this process reads: local index i (the recorder's slot) is global slot slots[i]. */
  slots: number[];
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

/** The schedule at a global slot's offset, as `key=value` words: what bench-probe, the stamp server's probe and the reply provider take. */
function scheduleArgs(o: OpenOptions, slot: number): string {
  const { chunks, intervalMs, warmup, cooldown } = o.schedule;
  return `chunks=${chunks} intervalMs=${intervalMs} warmup=${warmup} cooldown=${cooldown} offsetMs=${offsetFor(slot, o.streams, intervalMs).toFixed(3)}`;
}

/**
 * Starts one probe execution per stream of this process (in local slot order). The first creates a
 * conversation the others join, to keep the DB small. Offsets are by global slot.
 */
async function startProbes(client: Client, o: OpenOptions): Promise<string[]> {
  const command = (local: number) => `/${o.tool ?? 'bench-probe'} ${scheduleArgs(o, o.slots[local] ?? 0)}`;
  if (o.slots.length === 0) return [];
  const first = await client.chat.send.mutate({ content: command(0) });
  if (first.type !== 'tool_execution') throw new Error(`${o.tool ?? 'bench-probe'} was not run as a tool`);
  const rest = await Promise.all(
    Array.from({ length: o.slots.length - 1 }, (_, i) => client.chat.send.mutate({ content: command(i + 1), conversationId: first.conversationId })),
  );
  return [first, ...rest].map((sent) => (sent.type === 'tool_execution' ? sent.executionId : ''));
}

/**
 * reply-sse: one AI reply per stream of this process, each in a conversation of its own (a short
 * history), asking bench/reply-provider.ts for the usual schedule at the slot's offset.
 */
async function startReplies(client: Client, o: OpenOptions): Promise<string[]> {
  return Promise.all(
    o.slots.map(async (global) => {
      const sent = await client.chat.send.mutate({ content: `bench-reply ${scheduleArgs(o, global)}` });
      if (sent.type !== 'chat') throw new Error('a bench-reply message was not sent to the AI');
      return sent.messageId;
    }),
  );
}

/** What a phase's streams are: tool executions of a probe, or AI replies. */
interface StreamKind {
  start(client: Client, o: OpenOptions): Promise<string[]>;
  path: 'chat.streamTool' | 'chat.streamReply';
  input(id: string): { executionId: string } | { messageId: string };
}
const TOOL_STREAMS: StreamKind = { start: startProbes, path: 'chat.streamTool', input: (executionId) => ({ executionId }) };
const REPLY_STREAMS: StreamKind = { start: startReplies, path: 'chat.streamReply', input: (messageId) => ({ messageId }) };

type TrackedEvent = { id: string; data: ToolEvent | ReplyEvent };

/**
 * One tool or reply event into the recorder: output text, reply deltas and progress messages all
 * carry stamps (an MCP tool may send its chunks as progress notifications); `done` ends the stream.
 */
function record(rec: PhaseRecorder, slot: number, data: ToolEvent | ReplyEvent): void {
  if (data.type === 'tool_output' || data.type === 'reply_delta') rec.text(slot, data.content);
  else if (data.type === 'tool_progress') {
    if (data.message) rec.text(slot, data.message);
  } else if (data.type === 'done') rec.finish(slot);
}

function subscribeAll(clients: Client[], ids: string[], rec: PhaseRecorder, kind: StreamKind = TOOL_STREAMS): Array<{ unsubscribe(): void }> {
  return ids.map((id, slot) => {
    const client = clients[slot % clients.length] as Client;
    const handlers = {
      onData(value: unknown) {
        // The MCP stamp server's chunks arrive as progress messages: record() reads both.
        record(rec, slot, (value as TrackedEvent).data);
      },
      onError: (error: Error) => rec.error(error.message),
    };
    return kind === REPLY_STREAMS ? client.chat.streamReply.subscribe({ messageId: id }, handlers) : client.chat.streamTool.subscribe({ executionId: id }, handlers);
  });
}

async function openTrpcSse(o: OpenOptions, kind: StreamKind = TOOL_STREAMS): Promise<Opened> {
  const client = sseClient(o.url);
  const subs = subscribeAll([client], await kind.start(client, o), o.rec, kind);
  return { close: async () => subs.forEach((sub) => sub.unsubscribe()) };
}

/** One WebSocket multiplexes any number of subscriptions; a few sockets share the streams, as a few browser tabs would. */
async function openTrpcWs(o: OpenOptions): Promise<Opened> {
  const sockets = Array.from({ length: Math.max(1, Math.min(o.wsClients, o.slots.length)) }, () =>
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
  const sources = o.slots.map((global, slot) => {
    const es = new EventSource(`${o.url}/sse?${scheduleQuery(o, global)}`);
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
    const global = o.slots[slot] ?? slot;
    let cursor = 0;
    while (!stopped) {
      try {
        const body = await fetchJson(`${o.url}/poll?id=${o.phase}-${global}&cursor=${cursor}&${scheduleQuery(o, global)}`);
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
  for (let slot = 0; slot < o.slots.length; slot++) void loop(slot);
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
  'reply-sse': (o) => openTrpcSse(o, REPLY_STREAMS),
};

/** tRPC's SSE endpoint for one stream (an execution or a reply), as a plain EventSource (or curl) reads it. */
function streamUrl(url: string, kind: StreamKind, id: string): string {
  return `${url}/trpc/${kind.path}?input=${encodeURIComponent(JSON.stringify(kind.input(id)))}`;
}

/** trpc-sse, lean: tRPC's SSE wire format (data lines of JSON events, `event: return` at the end) over a bare GET. */
async function openLeanTrpcSse(o: OpenOptions, kind: StreamKind = TOOL_STREAMS): Promise<Opened> {
  const ids = await kind.start(sseClient(o.url), o);
  const streams = ids.map((id, slot) => {
    const stream = openSse(streamUrl(o.url, kind, id), {
      onEvent(event) {
        if (event.type === 'message') {
          let data: ToolEvent | ReplyEvent;
          try {
            data = JSON.parse(event.data) as ToolEvent | ReplyEvent;
          } catch {
            return o.rec.error('SSE: a data line that is not JSON');
          }
          record(o.rec, slot, data);
        } else if (event.type === 'return') {
          o.rec.finish(slot);
          stream.close();
        } else if (event.type === 'serialized-error') o.rec.error(`SSE: ${event.data}`);
        // connected, ping: nothing to do.
      },
      onError: (message) => o.rec.error(message),
    });
    return stream;
  });
  return { close: async () => streams.forEach((stream) => stream.close()) };
}

/** trpc-ws, lean: tRPC's WebSocket JSON protocol spoken directly; at most `wsClients` sockets share the streams. */
async function openLeanTrpcWs(o: OpenOptions): Promise<Opened> {
  const onError = (message: string) => o.rec.error(message);
  const sockets = Array.from({ length: Math.max(1, Math.min(o.wsClients, o.slots.length)) }, () => new LeanWsClient(`${o.url.replace('http', 'ws')}/trpc`, onError));
  const ids = await startProbes(sseClient(o.url), o);
  await Promise.all(
    ids.map((executionId, slot) =>
      (sockets[slot % sockets.length] as LeanWsClient).subscribe({
        path: 'chat.streamTool',
        input: { executionId },
        onData: (value) => record(o.rec, slot, value as ToolEvent),
        onError,
      }),
    ),
  );
  return { close: async () => void (await Promise.all(sockets.map((socket) => socket.close()))) };
}

/** raw-sse, lean: the floor read by the same lean parser as trpc-sse, so the two compare servers, not clients. */
async function openLeanRawSse(o: OpenOptions): Promise<Opened> {
  const streams = o.slots.map((global, slot) => {
    const stream = openSse(`${o.url}/sse?${scheduleQuery(o, global)}`, {
      onEvent(event) {
        if (event.type === 'message') o.rec.text(slot, event.data);
        else if (event.type === 'end') {
          o.rec.finish(slot);
          stream.close();
        }
      },
      onError: (message) => o.rec.error(message),
    });
    return stream;
  });
  return { close: async () => streams.forEach((stream) => stream.close()) };
}

/** The lean readers; poll already is a bare HTTP client. */
export const leanOpeners: Record<Transport, (o: OpenOptions) => Promise<Opened>> = {
  'trpc-sse': openLeanTrpcSse,
  'trpc-ws': openLeanTrpcWs,
  'raw-sse': openLeanRawSse,
  poll: openPoll,
  'mcp-sse': (o) => openLeanTrpcSse({ ...o, tool: 'stamp.probe' }),
  'mcp-ws': (o) => openLeanTrpcWs({ ...o, tool: 'stamp.probe' }),
  'reply-sse': (o) => openLeanTrpcSse(o, REPLY_STREAMS),
};
