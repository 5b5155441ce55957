/** Messages between the orchestrator (server process, run.ts) and the load-generating client process (client.ts). */
import type { Schedule } from './schedule';

/**
 * `mcp-sse` / `mcp-ws`: the stream comes from an MCP server over stdio (bench/stamp-server.ts), read over tRPC SSE / WebSocket.
 * `reply-sse`: the stream is an AI reply whose deltas come from an OpenAI-protocol provider process (bench/reply-provider.ts), read over tRPC SSE.
 */
export type Transport = 'trpc-sse' | 'trpc-ws' | 'raw-sse' | 'poll' | 'mcp-sse' | 'mcp-ws' | 'reply-sse';
export const TRANSPORTS: readonly Transport[] = ['trpc-sse', 'trpc-ws', 'raw-sse', 'poll', 'mcp-sse', 'mcp-ws', 'reply-sse'];
/** Transports whose chunks come from the MCP stamp server (progress messages), not from a tool in the server process. */
export const MCP_TRANSPORTS: readonly Transport[] = ['mcp-sse', 'mcp-ws'];
/** Transports the app serves over tRPC's wire formats (its probe tool, the MCP stamp server, AI replies); the others are comparison servers. */
export const isTrpc = (transport: Transport): boolean =>
  transport === 'trpc-sse' || transport === 'trpc-ws' || transport === 'reply-sse' || MCP_TRANSPORTS.includes(transport);

/** Who parsed the streams: a lean parser of the same wire format (lean-sse.ts, lean-ws.ts) or the real tRPC client. */
export type Reader = 'lean' | 'trpc-client';

export interface LatencySummary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

export interface LatencyResult {
  transport: Transport;
  streams: number;
  /** Streams whose hello arrived before the gate opened. */
  live: number;
  expected: number;
  received: number;
  lost: number;
  duplicates: number;
  outOfOrder: number;
  /** Events that carried at least one measured chunk (fewer than chunks when the server merged them). */
  events: number;
  /** Streams that saw their end before the drain deadline. */
  finished: number;
  errors: string[];
  /** From ctx.output to receipt. */
  latency: LatencySummary;
  /** From the scheduled emit time to receipt (includes the server loop's lag before the emit ran). */
  fromSchedule: LatencySummary;
  /** fromSchedule per measured second: does it stay flat or grow? */
  bySecond: Array<{ second: number; count: number; p50: number; p99: number }>;
  /** Client-process CPU over the measured window, in % of one core (a saturated client skews everything). */
  clientCpuPct: number;
  /** Client-process event-loop delay p99 (ms): a blocked client delays receipt as much as a blocked server. */
  clientLoopP99: number;
  /** For poll: requests made. */
  requests?: number;
  /** Who parsed these streams (raw-sse with trpc-client: the `eventsource` package tRPC's SSE link uses). */
  reader: Reader;
  /** Client processes that read these streams (each with its own clock calibration). */
  clientProcs: number;
  /** CPU of each of those client processes over the measured window, % of one core; clientCpuPct is the max. */
  clientCpuPcts: number[];
  /** Event-loop delay p99 of each of those client processes (ms); clientLoopP99 is the max. */
  clientLoopP99s?: number[];
  /** Which process was saturated (>= 90% of a core) in the phase, e.g. "server (97% of a core)", "client 2 (95%)", "none saturated (max 62%)". */
  bottleneck: string;
  /** Where the chunks were stamped: a tool in the server process, or the MCP stamp server over stdio. */
  source?: 'in-process' | 'mcp-stdio';
}

/** One client process's raw samples, sent back with its result so that the parent's percentiles over all processes are exact. */
export interface RawSamples {
  samples: number[];
  fromSchedule: number[];
  bySecond: number[][];
}

export interface LargeRequest {
  url: string;
  bytes: number;
  chunkBytes: number;
  /** fast: the tRPC client; lean: the lean SSE parser (lean-sse.ts); slow: a raw socket that pauses. */
  reader: 'fast' | 'lean' | 'slow';
  /** Concurrent readers of the same stream (slow readers: each one holds its own place in the log). */
  readers: number;
  /** Pause after every event for the slow reader. */
  delayMs: number;
  /** Separate executions of the same output started at once, each with its own `readers` (default 1). */
  executions?: number;
}

export interface LargeResult {
  /** The least any reader got (each must get everything). */
  chars: number;
  events: number;
  ms: number;
  complete: boolean;
  /** Characters every reader of every execution received, summed (for the throughput). */
  totalChars?: number;
}

export type ToChild =
  | { cmd: 'pong'; t0: number; parentNow: number }
  | {
      cmd: 'latency';
      id: number;
      transport: Transport;
      url: string;
      streams: number;
      schedule: Schedule;
      wsClients: number;
      pollMs: number;
      setupTimeoutMs: number;
      /** The phase's stream slots this process reads (default: all of 0..streams-1); `streams` stays the phase's total. */
      slots?: number[];
      /** Default: the real clients (trpc-client). */
      reader?: Reader;
    }
  | { cmd: 'go'; id: number; endAt: number }
  | ({ cmd: 'large'; id: number } & LargeRequest)
  | { cmd: 'cancel'; id: number; url: string; runs: number }
  /** Read one running `bench-chatty` execution: answer `ready` once its hello arrived, then `chatty` at its end. */
  | { cmd: 'chatty'; id: number; url: string; executionId: string; lines: number; timeoutMs: number }
  /** Open `readers` readers of one finished output that stop reading: answer `ready` once open, read on at `go`, answer `stalled`. */
  | { cmd: 'stalled'; id: number; url: string; streamUrl: string; executionId: string; readers: number; timeoutMs: number };

export type FromChild =
  | { type: 'ping'; t0: number }
  | { type: 'clock'; offsetMs: number; rttMs: number }
  | { type: 'ready'; id: number; live: number; setupMs: number }
  | { type: 'latency'; id: number; result: LatencyResult; raw?: RawSamples }
  | { type: 'large'; id: number; result: LargeResult }
  | { type: 'cancel'; id: number; latencies: number[]; errors: string[] }
  | { type: 'chatty'; id: number; result: ChattyRead }
  | { type: 'stalled'; id: number; result: StalledRead }
  | { type: 'failed'; id: number; error: string };

/** What the stalled readers got once they read on (bench/stalled.ts). */
export interface StalledRead {
  readers: number;
  /** Readers that got to `done`. */
  complete: number;
  /** The least output any of them received, in characters. */
  minChars: number;
  ms: number;
}

/** What the reader of the chatty tool's stream got (bench/chatty.ts). */
export interface ChattyRead {
  lines: number;
  /** Characters of those lines, newlines included (ASCII, so bytes). */
  bytes: number;
  /** Line numbers never seen, seen twice, or seen after a higher one. */
  missing: number;
  duplicates: number;
  outOfOrder: number;
  events: number;
  /** From the first line to `done`. */
  ms: number;
  complete: boolean;
  error?: string;
}

export function summarize(samples: number[]): LatencySummary {
  if (samples.length === 0) return { count: 0, p50: NaN, p90: NaN, p99: NaN, max: NaN, mean: NaN };
  const sorted = Float64Array.from(samples).sort();
  // Nearest-rank percentiles: the reported value is one that actually occurred.
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? NaN;
  let sum = 0;
  for (const value of sorted) sum += value;
  return { count: sorted.length, p50: at(0.5), p90: at(0.9), p99: at(0.99), max: sorted[sorted.length - 1] ?? NaN, mean: sum / sorted.length };
}
