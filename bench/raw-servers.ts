/**
 * The two comparison designs, on a bare Node http server in the server process (the same process
 * and event loop the real app uses, so all four transports share the same conditions):
 * - `/sse`: raw SSE, one `data:` line per chunk the moment it is emitted — no log, no SQLite, no
 *   tRPC. The floor for any SSE design.
 * - `/poll`: the seed's design — chunks go into an in-memory list and a client asks every 10 ms
 *   for what is new after its cursor.
 * Both run the exact emit schedule of the probe tool (schedule.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { ProbeCounters } from './probe';
import { HELLO, now, runSchedule, type Gate, type Schedule } from './schedule';

interface PollStream {
  items: string[];
  done: boolean;
}

/** What the MCP stamp server (bench/stamp-server.ts, another process) reports back over `/stamp`. */
export interface StampStats {
  /** Chunks its `probe` calls emitted after their hello (warm-up and cooldown included), summed over calls that ended. */
  emitted: number;
  /** Its clock correction onto this process's clock, measured against `/clock`. */
  clock?: { offsetMs: number; rttMs: number };
  /** Its process id, so the orchestrator can read its CPU time (stampCpuMs). */
  pid?: number;
}

/** CPU time (user + system, ms) of another process on this machine, from /proc (Linux); undefined elsewhere or when it is gone. */
export function processCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces, in parentheses): utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
}

/** The host's pid of the one running process (not its bwrap sandbox) whose command line names `script`. */
function hostPidOf(script: string): number | undefined {
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const comm = readFileSync(`/proc/${name}/comm`, 'utf8').trim();
      if (comm !== 'bwrap' && readFileSync(`/proc/${name}/cmdline`, 'utf8').includes(script)) return Number(name);
    } catch {
      // gone
    }
  }
  return undefined;
}

export interface RawServers {
  url: string;
  stamp: StampStats;
  /** Forgets the poll streams of the previous phase. */
  reset(): void;
  close(): Promise<void>;
}

function scheduleOf(params: URLSearchParams): { schedule: Schedule; offsetMs: number } {
  return {
    schedule: { warmup: Number(params.get('w')), chunks: Number(params.get('c')), cooldown: Number(params.get('d')), intervalMs: Number(params.get('i')) },
    offsetMs: Number(params.get('o')),
  };
}

/** `counters.outputs` counts chunks written, like the probe tool does, for the server-cost-per-chunk column. */
export async function startRawServers(gate: Gate, counters: ProbeCounters): Promise<RawServers> {
  const polls = new Map<string, PollStream>();
  const stamp: StampStats = { emitted: 0 };

  function serveSse(req: IncomingMessage, res: ServerResponse, params: URLSearchParams): void {
    const { schedule, offsetMs } = scheduleOf(params);
    const abort = new AbortController();
    req.on('close', () => abort.abort());
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(`data: ${HELLO}\n\n`);
    const emit = (text: string) => {
      counters.outputs++;
      res.write(`data: ${text}\n\n`);
    };
    void runSchedule(schedule, offsetMs, gate, emit, abort.signal).then(() => {
      // A named event the client closes on; otherwise EventSource would reconnect forever.
      if (!abort.signal.aborted) res.end('event: end\ndata: end\n\n');
    });
  }

  function servePoll(res: ServerResponse, params: URLSearchParams): void {
    const id = params.get('id') ?? '';
    let stream = polls.get(id);
    if (!stream) {
      // The first poll starts the stream, like the probe tool starting when it is queued.
      const created: PollStream = { items: [HELLO], done: false };
      polls.set(id, created);
      const { schedule, offsetMs } = scheduleOf(params);
      const emit = (text: string) => {
        counters.outputs++;
        created.items.push(text);
      };
      void runSchedule(schedule, offsetMs, gate, emit).then(() => {
        created.done = true;
      });
      stream = created;
    }
    const cursor = Number(params.get('cursor') ?? 0);
    const items = stream.items.slice(cursor);
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify({ items, next: cursor + items.length, done: stream.done && cursor + items.length === stream.items.length }));
  }

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/sse') return serveSse(req, res, url.searchParams);
    if (url.pathname === '/poll') return servePoll(res, url.searchParams);
    // For the MCP stamp server: this process's clock, stamped as late as possible (NTP-style samples).
    if (url.pathname === '/clock') return void res.writeHead(200, { 'content-type': 'text/plain' }).end(now().toFixed(4));
    // Long poll: answers when the current phase's gate opens (at once between phases).
    if (url.pathname === '/gate') {
      void gate.wait().then(() => res.writeHead(200, { 'content-type': 'text/plain' }).end('open'));
      return;
    }
    if (url.pathname === '/stamp') {
      const q = url.searchParams;
      if (q.has('emitted')) stamp.emitted += Number(q.get('emitted'));
      if (q.has('offset')) stamp.clock = { offsetMs: Number(q.get('offset')), rttMs: Number(q.get('rtt')) };
      // The app runs it in a PID namespace (its sandbox), where its own pid is not the host's.
      if (q.has('pid')) stamp.pid = hostPidOf(fileURLToPath(new URL('./stamp-server.ts', import.meta.url))) ?? Number(q.get('pid'));
      return void res.writeHead(204).end();
    }
    res.writeHead(404).end();
  });
  // 1000 keep-alive pollers: do not let idle sockets time out mid-phase.
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stamp,
    reset: () => polls.clear(),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
