/**
 * The MCP stamping source of `npm run bench` (transports `mcp-sse`, `mcp-ws`): an MCP server over
 * stdio whose tool `probe` runs the schedule of `bench-probe` (schedule.ts) in *this* process and
 * sends every chunk (hello first, before the gate) as the `message` of a progress notification for
 * the call's progress token. So the stdio pipe, the SDK's JSON-RPC parsing and the app's MCP
 * connection are inside the measured latency, which the in-process probe skips.
 *
 * It talks to the orchestrator (bench/run.ts) over the raw server's HTTP endpoints, whose base URL
 * is in BENCH_ORCHESTRATOR_URL (the `env` of its mcpServers entry):
 * - `GET /clock` (the orchestrator's now): ~20 samples at start, the one with the shortest round
 *   trip gives the offset of this process's clock (NTP-style, like client.ts calibrate()); every
 *   stamp is `performance.timeOrigin + performance.now() + offset`.
 * - `GET /gate`: a long poll that answers when the current phase's gate opens.
 * - `GET /stamp?…`: reports the measured offset and its pid (the orchestrator reads its CPU time
 *   from /proc) and, per finished call, the chunks it emitted.
 * Run: `node --import tsx bench/stamp-server.ts stdio`.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';
import { clockOffset, orchestratorGet } from './orchestrator';
import { Gate, HELLO, now, runSchedule } from './schedule';

const base = process.env.BENCH_ORCHESTRATOR_URL ?? '';
const fetchText = (path: string) => orchestratorGet(base, path);

async function calibrate(): Promise<{ offsetMs: number; rttMs: number }> {
  const best = await clockOffset(base);
  await fetchText(`/stamp?offset=${best.offsetMs.toFixed(4)}&rtt=${best.rttMs.toFixed(4)}&pid=${process.pid}`);
  return best;
}

// Measured once at start, while the orchestrator is idle (the app starts this server before any phase).
const clockReady = base ? calibrate() : Promise.resolve({ offsetMs: 0, rttMs: NaN });
clockReady.catch(() => undefined);

const server = new McpServer({ name: 'bench-stamp', version: '1.0.0' });
server.registerTool(
  'probe',
  {
    description: 'Benchmark: sends timestamped chunks as progress messages on a fixed schedule once the orchestrator opens its gate.',
    inputSchema: {
      chunks: z.number().int().min(0),
      intervalMs: z.number().min(1),
      warmup: z.number().int().min(0).optional(),
      cooldown: z.number().int().min(0).optional(),
      offsetMs: z.number().min(0).optional(),
    },
  },
  async ({ chunks, intervalMs, warmup, cooldown, offsetMs }, extra) => {
    const token = extra._meta?.progressToken;
    if (token === undefined) return { isError: true, content: [{ type: 'text' as const, text: 'probe needs a progress token' }] };
    const { offsetMs: skew } = await clockReady;
    const clock = () => now() + skew;
    let progress = 0;
    const emit = (message: string) => {
      progress++;
      // Not awaited: the stdio transport writes in call order, and a schedule must not wait on the pipe.
      void extra.sendNotification({ method: 'notifications/progress', params: { progressToken: token, progress, message } }).catch(() => undefined);
    };
    emit(HELLO);
    const gate = new Gate();
    gate.reset();
    const gateOpen = fetchText('/gate').then(() => gate.open());
    const schedule = { chunks, intervalMs, warmup: warmup ?? 0, cooldown: cooldown ?? 0 };
    try {
      await Promise.race([gateOpen, new Promise((_, reject) => extra.signal.addEventListener('abort', () => reject(new Error('cancelled')), { once: true }))]);
      await runSchedule(schedule, offsetMs ?? 0, gate, emit, extra.signal, clock);
    } catch (error) {
      if (!extra.signal.aborted) return { isError: true, content: [{ type: 'text' as const, text: `probe: ${(error as Error).message}` }] };
    } finally {
      // After the hello, like the in-process probes' count in a phase (the orchestrator's serverUsPerChunk).
      await fetchText(`/stamp?emitted=${Math.max(0, progress - 1)}`).catch(() => undefined);
    }
    return { content: [{ type: 'text' as const, text: `probe sent ${progress} chunks` }] };
  },
);

if (process.argv[2] !== 'stdio') {
  process.stderr.write('usage: node --import tsx bench/stamp-server.ts stdio\n');
  process.exit(2);
}
await server.connect(new StdioServerTransport());
