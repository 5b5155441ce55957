/** Client side of the large-output and cancel measurements. */
import { request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ToolEvent } from '../shared/events';
import type { LargeRequest, LargeResult } from './protocol';
import { openSse } from './lean-sse';
import { sseClient, type Client } from './readers';
import { now } from './schedule';

type TrackedEvent = { id: string; data: ToolEvent };

async function startBig(client: Client, r: LargeRequest): Promise<{ executionId: string; streamUrl: string }> {
  const sent = await client.chat.send.mutate({ content: `/bench-big bytes=${r.bytes} chunkBytes=${r.chunkBytes}` });
  if (sent.type !== 'tool_execution') throw new Error('bench-big was not run as a tool');
  return sent;
}

/** The real tRPC SSE client, reading as fast as it can. */
function readFast(client: Client, executionId: string, timeoutMs: number): Promise<{ chars: number; events: number; complete: boolean }> {
  return new Promise((resolve) => {
    let chars = 0;
    let events = 0;
    const end = (complete: boolean) => {
      clearTimeout(timer);
      sub.unsubscribe();
      resolve({ chars, events, complete });
    };
    const timer = setTimeout(() => end(false), timeoutMs);
    const sub = client.chat.streamTool.subscribe(
      { executionId },
      {
        onData(value) {
          const { data } = value as unknown as TrackedEvent;
          if (data.type === 'tool_output') {
            chars += data.content.length;
            events++;
          } else if (data.type === 'done') end(true);
        },
      },
    );
  });
}

/**
 * A reader that really is slow: it reads tRPC's SSE endpoint (the `streamUrl`, as a browser
 * EventSource would) over a raw socket and stops reading for `delayMs` after every output event,
 * so TCP backpressure reaches the server. An EventSource-based client cannot do this: it always
 * drains the socket and buffers on its own side, and the server would never see a slow reader.
 */
function readSlow(streamUrl: string, delayMs: number, timeoutMs: number): Promise<{ chars: number; events: number; complete: boolean }> {
  return new Promise((resolve, reject) => {
    let chars = 0;
    let events = 0;
    let buffer = '';
    let pumping = false;
    let finished = false;
    const req = request(streamUrl, { headers: { accept: 'text/event-stream' } }, (res) => {
      res.setEncoding('utf8');
      const pump = async () => {
        pumping = true;
        res.pause();
        let cut: number;
        while (!finished && (cut = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const data = frame.split('\n').find((line) => line.startsWith('data: '));
          if (!data || !data.startsWith('data: {"type":')) continue;
          const event = JSON.parse(data.slice(6)) as ToolEvent;
          if (event.type === 'tool_output') {
            chars += event.content.length;
            events++;
            await sleep(delayMs);
          } else if (event.type === 'done') end(true);
        }
        pumping = false;
        if (!finished) res.resume();
      };
      res.on('data', (chunk: string) => {
        buffer += chunk;
        if (!pumping) void pump();
      });
      res.on('error', () => end(false));
    });
    const end = (complete: boolean) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      req.destroy();
      resolve({ chars, events, complete });
    };
    const timer = setTimeout(() => end(false), timeoutMs);
    req.on('error', (error) => (finished ? undefined : reject(error)));
    req.end();
  });
}

/**
 * The lean SSE parser (lean-sse.ts) reading as fast as it can: the same bytes as the tRPC client
 * gets, without its per-event cost, so the throughput row measures the server rather than the client.
 */
function readLean(streamUrl: string, timeoutMs: number): Promise<{ chars: number; events: number; complete: boolean }> {
  return new Promise((resolve) => {
    let chars = 0;
    let events = 0;
    let ended = false;
    const end = (complete: boolean) => {
      if (ended) return;
      ended = true;
      clearTimeout(timer);
      stream.close();
      resolve({ chars, events, complete });
    };
    const timer = setTimeout(() => end(false), timeoutMs);
    const stream = openSse(streamUrl, {
      onEvent(event) {
        if (event.type !== 'message') return;
        const data = JSON.parse(event.data) as ToolEvent;
        if (data.type === 'tool_output') {
          chars += data.content.length;
          events++;
        } else if (data.type === 'done') end(true);
      },
      onEnd: () => end(false),
      onError: () => end(false),
    });
  });
}

/** `executions` separate runs of the same output at once (default one), each read by `readers` readers. */
export async function runLarge(r: LargeRequest): Promise<LargeResult> {
  const client = sseClient(r.url);
  const started = now();
  const runs = await Promise.all(Array.from({ length: r.executions ?? 1 }, () => startBig(client, r)));
  const timeoutMs = 180_000;
  const reads = await Promise.all(
    runs.flatMap(({ executionId, streamUrl }) =>
      Array.from({ length: r.readers }, () => (r.reader === 'fast' ? readFast(client, executionId, timeoutMs) : r.reader === 'lean' ? readLean(streamUrl, timeoutMs) : readSlow(streamUrl, r.delayMs, timeoutMs))),
    ),
  );
  return {
    chars: Math.min(...reads.map((read) => read.chars)),
    events: Math.min(...reads.map((read) => read.events)),
    complete: reads.every((read) => read.complete),
    ms: now() - started,
    totalChars: reads.reduce((sum, read) => sum + read.chars, 0),
  };
}

/** Time from sending `executions.cancel` to receiving `done`, for a running `count`, `runs` times in a row. */
export async function runCancel(url: string, runs: number): Promise<{ latencies: number[]; errors: string[] }> {
  const client = sseClient(url);
  const latencies: number[] = [];
  const errors: string[] = [];
  for (let i = 0; i < runs; i++) {
    const sent = await client.chat.send.mutate({ content: '/count to=100000 intervalMs=20' });
    if (sent.type !== 'tool_execution') throw new Error('count was not run as a tool');
    const latency = await new Promise<number | string>((resolve) => {
      let cancelledAt = 0;
      const timer = setTimeout(() => {
        sub.unsubscribe();
        resolve('no done within 10 s of the cancel');
      }, 10_000);
      const sub = client.chat.streamTool.subscribe(
        { executionId: sent.executionId },
        {
          onData(value) {
            const { data } = value as unknown as TrackedEvent;
            // Cancel only once the tool is visibly running, as a user would.
            if (data.type === 'tool_output' && cancelledAt === 0) {
              cancelledAt = now();
              client.executions.cancel.mutate({ executionId: sent.executionId }).catch((error: Error) => resolve(error.message));
            } else if (data.type === 'done' && cancelledAt > 0) {
              clearTimeout(timer);
              sub.unsubscribe();
              resolve(now() - cancelledAt);
            }
          },
          onError: (error) => resolve(error.message),
        },
      );
    });
    if (typeof latency === 'number') latencies.push(latency);
    else errors.push(latency);
  }
  return { latencies, errors };
}
