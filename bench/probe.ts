/**
 * Builtin tools the benchmark adds to the real app through `startApp({ extraTools })`. They run in
 * the server process, so they go through the real executor, event log and subscription code.
 */
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { Tool } from '../server/tools/types';
import { HELLO, runSchedule, type Gate } from './schedule';

export interface ProbeCounters {
  /** Chunks emitted: ctx.output calls of `bench-probe` (hello and warm-up included) and raw-server writes. */
  outputs: number;
}

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

  return [probe, big];
}
