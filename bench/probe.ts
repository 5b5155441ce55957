/**
 * Builtin tools the benchmark adds to the real app through `startApp({ extraTools })`. They run in
 * the server process, so they go through the real executor, event log and subscription code.
 */
import { setImmediate as yieldToLoop, setTimeout as sleep } from 'node:timers/promises';
import type { Tool } from '../server/tools/types';
import { HELLO, now, runSchedule, type Gate } from './schedule';

/** What the last `bench-chatty` run sent (the server side of the chatty phase). */
export interface ChattySent {
  lines: number;
  /** Characters of those lines, newlines included (ASCII, so bytes); the hello line is not counted. */
  bytes: number;
  /** From the gate opening to the last line handed to ctx.output. */
  ms: number;
  /** Most lines handed over in one batch: 1 ms worth when the loop keeps up, more when it falls behind. */
  maxBatch: number;
}

export interface ProbeCounters {
  /** Chunks emitted: ctx.output calls of `bench-probe` (hello and warm-up included) and raw-server writes. */
  outputs: number;
  chatty?: ChattySent;
}

/** One line of `bench-chatty`: short, numbered, so the reader can count losses exactly. */
export const chattyLine = (index: number): string => `chatty ${index}\n`;

export function createProbeTools(gate: Gate, counters: ProbeCounters): Tool[] {
  const probe: Tool = {
    name: 'bench-probe',
    description: 'Benchmark: emits timestamped chunks on a fixed schedule once the benchmark opens its gate.',
    inputSchema: {
      type: 'object',
      properties: {
        chunks: { type: 'integer', minimum: 0, description: 'Measured chunks' },
        intervalMs: { type: 'number', minimum: 1, description: 'Pause between chunks' },
        warmup: { type: 'integer', minimum: 0, default: 0, description: 'Chunks before the measured ones' },
        cooldown: { type: 'integer', minimum: 0, default: 0, description: 'Chunks after the measured ones' },
        offsetMs: { type: 'number', minimum: 0, default: 0, description: 'Delay of this stream after the gate' },
      },
      required: ['chunks', 'intervalMs'],
      additionalProperties: false,
    },
    source: { kind: 'builtin' },
    async call(args, ctx) {
      const emit = (text: string) => {
        counters.outputs++;
        ctx.output(text);
      };
      // Hello goes out before the gate: the client knows its subscription is live when it sees it.
      emit(HELLO);
      const schedule = {
        chunks: Number(args.chunks),
        intervalMs: Number(args.intervalMs),
        warmup: Number(args.warmup ?? 0),
        cooldown: Number(args.cooldown ?? 0),
      };
      await runSchedule(schedule, Number(args.offsetMs ?? 0), gate, emit, ctx.signal);
      return { isError: false };
    },
  };

  const big: Tool = {
    name: 'bench-big',
    description: 'Benchmark: produces `bytes` of output, in `chunkBytes` pieces as fast as the loop allows (or at once).',
    inputSchema: {
      type: 'object',
      properties: {
        bytes: { type: 'integer', minimum: 1, description: 'Total output (ASCII, so bytes = characters)' },
        chunkBytes: { type: 'integer', minimum: 1, description: 'Size of each ctx.output; >= bytes means one call' },
      },
      required: ['bytes', 'chunkBytes'],
      additionalProperties: false,
    },
    source: { kind: 'builtin' },
    async call(args, ctx) {
      const bytes = Number(args.bytes);
      const chunkBytes = Math.min(Number(args.chunkBytes), bytes);
      // One shared string per size: the tool itself should cost next to nothing in the memory peak.
      const piece = '0123456789abcdef'.repeat(Math.ceil(chunkBytes / 16)).slice(0, chunkBytes);
      for (let sent = 0; sent < bytes; sent += chunkBytes) {
        if (ctx.signal.aborted) throw ctx.signal.reason;
        ctx.output(bytes - sent >= chunkBytes ? piece : piece.slice(0, bytes - sent));
        // A real producer (a process pipe, an MCP server) hands over output across loop turns.
        if (chunkBytes < bytes) await yieldToLoop();
      }
      return { isError: false };
    },
  };

  const chatty: Tool = {
    name: 'bench-chatty',
    description: 'Benchmark: once the gate opens, prints `lines` short lines at `perSecond`, in per-millisecond batches, one ctx.output per line.',
    inputSchema: {
      type: 'object',
      properties: {
        lines: { type: 'integer', minimum: 1, description: 'Lines in all' },
        perSecond: { type: 'integer', minimum: 1, description: 'Lines per second' },
      },
      required: ['lines', 'perSecond'],
      additionalProperties: false,
    },
    source: { kind: 'builtin' },
    async call(args, ctx) {
      const lines = Number(args.lines);
      const perSecond = Number(args.perSecond);
      // Hello before the gate, on a line of its own: the reader knows it is live and skips it.
      ctx.output(`${HELLO}\n`);
      await gate.wait();
      const sent: ChattySent = { lines: 0, bytes: 0, ms: 0, maxBatch: 0 };
      counters.chatty = sent;
      const start = now();
      // Deadlines from the start, like runSchedule: a late timer means a bigger next batch, not a slower rate.
      while (sent.lines < lines) {
        const due = Math.min(lines, Math.floor(((now() - start) * perSecond) / 1000));
        sent.maxBatch = Math.max(sent.maxBatch, due - sent.lines);
        for (; sent.lines < due; sent.lines++) {
          const line = chattyLine(sent.lines);
          sent.bytes += line.length;
          ctx.output(line);
        }
        sent.ms = now() - start;
        if (sent.lines >= lines) break;
        if (ctx.signal.aborted) throw ctx.signal.reason;
        await sleep(1);
      }
      return { isError: false };
    },
  };

  return [probe, big, chatty];
}
