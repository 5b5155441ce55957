/** Formats the results as plain-text tables (the README quotes them) and writes bench-results/latest.json. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import type { ChattySent } from './probe';
import type { ChattyRead, LargeResult, LatencyResult, LatencySummary, StalledRead } from './protocol';
import type { BurstReport } from './burst';
import { formatBrowser, type BrowserReport } from './browser';
import type { ReplyReport } from './reply';
import type { ServerSample } from './sampler';

export interface LogBatching {
  commits: number;
  rows: number;
  /** ctx.output calls of the probes after the gate opened. */
  chunks: number;
}

export interface PhaseReport extends LatencyResult {
  setupMs: number;
  /** From the gate opening to the client's answer: the window the server sample covers. */
  windowMs: number;
  /** Server CPU time in the window divided by the chunks emitted in it (warm-up included). */
  serverUsPerChunk: number;
  server: ServerSample;
  log?: LogBatching;
  /** CPU of every client process of the phase together (both readers' rows), % of one core: what `others CPU` leaves out. */
  phaseClientCpuPct?: number;
  /** Streams of the whole phase (both readers' rows), which the server and the event log served. */
  phaseStreams?: number;
  /** mcp-* transports: CPU of the MCP stamp server process in the same window (% of one core, from /proc). */
  stampCpuPct?: number;
}

export interface PhaseFailure {
  transport: string;
  streams: number;
  failed: string;
  reader?: string;
}

export interface LargeReport extends LargeResult {
  output: string;
  reader: string;
  readers: number;
  bytes: number;
  delayMs: number;
  server: ServerSample;
  /** Separate executions of the output run at once (absent: one). */
  executions?: number;
  /** Everything every reader received, in MB (2^20 bytes) per second of the run (start to the last done). */
  mbPerSecond?: number;
}

/** The chatty-tool phase: the other streams' latency, and what the chatty stream's reader got of what the tool sent. */
export interface ChattyReport {
  lines: number;
  perSecond: number;
  /** bench-probe streams next to the chatty tool. */
  streams: number;
  sent: ChattySent;
  received: ChattyRead | { failed: string };
  others: PhaseReport | PhaseFailure;
}

export interface StalledReport {
  readers: number;
  bytes: number;
  /** Server RSS and heap after a full GC: before the readers opened, and once every one waited for its client. */
  rssBeforeMB: number;
  rssStalledMB: number;
  /** Sampled every 100 ms while they filled their sockets. */
  rssPeakMB: number;
  heapBeforeMB: number;
  heapStalledMB: number;
  /** The server's own counter (app.readerMemory) once they all waited: event text kept, bytes unsent. */
  heldChars: number;
  queuedBytes: number;
  read: StalledRead;
}

export interface CancelReport {
  runs: number;
  latency: LatencySummary;
  errors: string[];
}

export interface Results {
  startedAt: string;
  seconds: number;
  machine: { cpus: number; model: string; node: string };
  /** os.loadavg() when the run started: above ~1, something else was competing for the CPUs. */
  loadAverage: number[];
  options: unknown;
  clock: { offsetMs: number; rttMs: number };
  /** Every client process's calibration (clock is the first's). */
  clocks?: Array<{ offsetMs: number; rttMs: number }>;
  latency: Array<PhaseReport | PhaseFailure>;
  large: LargeReport[];
  /** The stalled part: readers of one output that stop reading, and what they cost the server. */
  stalled?: StalledReport | { failed: string };
  cancel?: CancelReport | { failed: string };
  burst: Array<BurstReport | { command: string; failed: string }>;
  reply: Array<ReplyReport | { streams: number; failed: string }>;
  chatty?: ChattyReport[];
  /** The browser part: long tasks, click delay and end-to-screen lag of live runs in Chromium. */
  browser?: BrowserReport[];
  /** The MCP stamp server's clock correction onto the server process's clock (transports mcp-sse, mcp-ws). */
  stampClock?: { offsetMs: number; rttMs: number };
}

const f = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '-');

const TEXT_COLUMNS = new Set(['bottleneck', 'notes']);

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  // The first two columns and the text ones read left-aligned; numbers right-aligned.
  const left = (i: number) => i < 2 || TEXT_COLUMNS.has(header[i] ?? '');
  const line = (cells: string[]) => cells.map((c, i) => (left(i) ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** CPU the rest of the machine used during the phase; jiffy rounding can make it slightly negative. */
const othersCpu = (p: PhaseReport) => Math.max(0, p.server.machineCpuPct - p.server.cpuPct - (p.phaseClientCpuPct ?? p.clientCpuPct) - (p.stampCpuPct ?? 0));

/** `lean` or `trpc client` (older results without the field read every stream with the real clients). */
const readerOf = (p: PhaseReport | PhaseFailure) => ('failed' in p ? (p.reader ?? '-') : p.reader === 'lean' ? 'lean' : 'trpc client');

/** Each client process's CPU of the row, e.g. `48/51%`. */
const clientCpus = (p: PhaseReport) => `${(p.clientCpuPcts ?? [p.clientCpuPct]).map((c) => f(c, 0)).join('/')}%`;

function notes(p: PhaseReport): string {
  const out: string[] = [];
  if (othersCpu(p) > 50) out.push('machine busy with other work: rerun before quoting');
  if (p.live < p.streams) out.push(`only ${p.live}/${p.streams} live before start`);
  if (p.finished < p.streams) out.push(`${p.streams - p.finished} stream(s) not finished at the drain deadline`);
  if (p.duplicates > 0) out.push(`${p.duplicates} duplicate(s)`);
  if (p.outOfOrder > 0) out.push(`${p.outOfOrder} out of order`);
  if (p.requests !== undefined) out.push(`${p.requests} polls`);
  if (p.stampCpuPct !== undefined) out.push(`MCP stamp server CPU ${f(p.stampCpuPct, 0)}%`);
  if (p.errors.length > 0) out.push(p.errors.join('; '));
  return out.join('; ');
}

function latencySection(r: Results): string[] {
  const parts: string[] = [];
  parts.push(`Chunk latency: tool emit -> client receive, ms (${r.machine.cpus} CPUs, ${r.machine.node}; clock offset ${f(r.clock.offsetMs, 3)} ms, rtt ${f(r.clock.rttMs, 3)} ms)`);
  if (r.stampClock) parts.push(`mcp-*: chunks stamped in the MCP stamp server (stdio), its clock offset ${f(r.stampClock.offsetMs, 3)} ms, rtt ${f(r.stampClock.rttMs, 3)} ms; its CPU is in notes, not in others CPU`);
  const rows = r.latency.map((p) =>
    'failed' in p
      ? [p.transport, readerOf(p), String(p.streams), '-', '-', '-', '-', '-', '-', '-', '-', '-', '-', '-', '-', '-', '-', `FAILED: ${p.failed}`]
      : [
          p.transport,
          readerOf(p),
          String(p.streams),
          f(p.latency.p50, 2),
          f(p.latency.p99, 2),
          f(p.latency.max, 1),
          f(p.fromSchedule.p99, 1),
          String(p.received),
          String(p.lost),
          String(p.events),
          `${f(p.server.cpuPct, 0)}%`,
          f(p.serverUsPerChunk, 0),
          f(p.server.loopP99, 1),
          clientCpus(p),
          f(p.clientLoopP99, 1),
          `${f(othersCpu(p), 0)}%`,
          p.bottleneck ?? '-',
          notes(p),
        ],
  );
  parts.push(table(['transport', 'reader', 'streams', 'p50', 'p99', 'max', 'sched p99', 'chunks rcvd', 'lost', 'events', 'srv CPU', 'srv µs/chunk', 'srv loop p99', 'cli CPU', 'cli loop p99', 'others CPU', 'bottleneck', 'notes'], rows));
  parts.push(
    [
      'p50/p99/max: ctx.output -> client. sched p99: scheduled emit time -> client, i.e. also the time a saturated server loop',
      'kept the tool from emitting (a real tool\'s output waits in a pipe meanwhile; includes ~1 ms timer jitter).',
      'lost = expected - received by the drain deadline (late or never emitted); events = messages carrying measured',
      'chunks (fewer than chunks = merged). CPU: % of one core (others = the rest of the machine in the same window: if it',
      'is large, another workload competed with this phase). srv µs/chunk: server CPU time per chunk emitted.',
      'srv/cli loop p99: event-loop delay of the server / client process beyond the 5 ms sampling.',
      'reader: lean = bare SSE / WebSocket parsers of the same wire format carry the load; trpc client = the real tRPC client',
      '(in lean mode a sample of a trpc phase\'s streams, in its own process, measured in the same phase). cli CPU: each client',
      'process of the row (loop p99: the worst). bottleneck: the processes at >= 90% of a core in the phase (server, client N,',
      'trpc client), and the machine when all its cores were >= 90% busy; else the busiest one\'s share. A saturated client',
      'means the row measures the client, not the server.',
    ].join('\n'),
  );

  const series = r.latency.filter((p): p is PhaseReport => !('failed' in p) && p.bySecond.length > 1);
  if (series.length > 0) {
    const seconds = Math.max(...series.map((p) => p.bySecond.length));
    parts.push('\nsched p99 by measured second, ms (growing = falling behind)');
    parts.push(
      table(
        ['transport', 'reader', 'streams', ...Array.from({ length: seconds }, (_, i) => `s${i}`)],
        series.map((p) => [p.transport, readerOf(p), String(p.streams), ...Array.from({ length: seconds }, (_, i) => f(p.bySecond[i]?.p99 ?? NaN, 1))]),
      ),
    );
  }

  const batching = r.latency.filter((p): p is PhaseReport & { log: LogBatching } => !('failed' in p) && p.log !== undefined);
  if (batching.length > 0) {
    parts.push('\nEvent-log write batching (after the gate opened)');
    parts.push(
      table(
        ['transport', 'streams', 'chunks appended', 'rows written', 'commits', 'chunks/commit', 'rows/commit'],
        batching.map((p) => [p.transport, String(p.phaseStreams ?? p.streams), String(p.log.chunks), String(p.log.rows), String(p.log.commits), f(p.log.chunks / p.log.commits), f(p.log.rows / p.log.commits)]),
      ),
    );
  }
  return parts;
}

function stalledSection(s: StalledReport | { failed: string }): string[] {
  const title = '\nStalled readers (one output; its readers stop reading, half over SSE, half over WebSocket)';
  if ('failed' in s) return [title, `failed: ${s.failed}`];
  const perReader = (mb: number) => `${f((mb * 1024) / s.readers, 0)} KB`;
  return [
    title,
    table(
      ['output', 'readers', 'heap before', 'heap stalled', 'heap/reader', 'RSS before', 'RSS stalled', 'RSS/reader', 'RSS peak', 'unsent/reader', 'kept chars', 'read on to the end'],
      [
        [
          `${f(s.bytes / 1024 / 1024, 0)} MB`,
          String(s.readers),
          f(s.heapBeforeMB, 0),
          f(s.heapStalledMB, 0),
          perReader(s.heapStalledMB - s.heapBeforeMB),
          f(s.rssBeforeMB, 0),
          f(s.rssStalledMB, 0),
          perReader(s.rssStalledMB - s.rssBeforeMB),
          f(s.rssPeakMB, 0),
          `${f(s.queuedBytes / s.readers / 1024, 0)} KB`,
          String(s.heldChars),
          s.read.complete === s.readers && s.read.minChars === s.bytes ? 'yes' : `NO (${s.read.complete}/${s.readers}, least ${s.read.minChars} chars)`,
        ],
      ],
    ),
    'Heap used and RSS in MB after a full GC, before the readers opened and once every one waited for its client; /reader: the growth over the readers.\n' +
      'RSS also keeps what the allocator and V8 took while the readers filled their sockets: the heap is the steadier figure.\n' +
      "unsent/reader and kept chars: the server's own counter (app.readerMemory). The kernel's socket buffers are not in RSS.",
  ];
}

export function formatResults(r: Results): string {
  const parts: string[] = [];
  if (r.latency.length > 0) parts.push(...latencySection(r));
  if (r.browser?.length) parts.push('\nBrowser (Chromium; long tasks, click delay and end-to-screen lag of a live run)', formatBrowser(r.browser));

  if (r.large.length > 0) {
    parts.push('\nLarge output (server process memory sampled every 100 ms)');
    parts.push(
      table(
        ['output', 'reader', 'time s', 'MB received', 'MB/s', 'events', 'complete', 'RSS start', 'RSS peak', 'RSS growth', 'heap start', 'heap peak', 'loop max ms'],
        r.large.map((l) => [
          l.output,
          `${l.readers > 1 ? `${l.readers} x ` : ''}${l.reader === 'slow' ? `slow (${l.delayMs} ms/event)` : l.reader === 'lean' ? 'fast (lean SSE)' : 'fast (tRPC SSE)'}${(l.executions ?? 1) > 1 ? ' each' : ''}`,
          f(l.ms / 1000, 2),
          f(l.chars / 1024 / 1024, 2),
          f(l.mbPerSecond ?? NaN, 1),
          String(l.events),
          l.complete && l.chars === l.bytes ? 'yes' : `NO (${l.chars}/${l.bytes})`,
          f(l.server.rssStartMB, 0),
          f(l.server.rssPeakMB, 0),
          f(l.server.rssPeakMB - l.server.rssStartMB, 0),
          f(l.server.heapStartMB, 0),
          f(l.server.heapPeakMB, 0),
          f(l.server.loopMax, 0),
        ]),
      ),
    );
    parts.push(
      'MB received: the least any one reader got. MB/s: what all readers received together per second of the run (start to last done).\n' +
        'RSS growth: server RSS peak minus RSS at the start of that run.',
    );
    const many = r.large.filter((l) => (l.executions ?? 1) > 1);
    if (many.length > 1) {
      // Flat = the peak does not follow the output size: outputs are streamed from the log, not held per reader.
      // Every size is read at the same pace (ms/event), so only the size differs between these rows.
      const peaks = many.map((l) => `${f(l.bytes / 1024 / 1024, 0)} MB -> ${f(l.server.rssPeakMB, 0)} MB (+${f(l.server.rssPeakMB - l.server.rssStartMB, 0)})`).join(', ');
      parts.push(`Ten slow executions at once, server RSS peak (growth in that run) by output size: ${peaks}`);
    }
  }

  if (r.stalled) parts.push(...stalledSection(r.stalled));

  if (r.chatty && r.chatty.length > 0) {
    parts.push('\nChatty tool: bench-chatty prints short lines (one ctx.output each) while bench-probe streams run over tRPC SSE');
    parts.push(
      table(
        ['lines/s', 'streams', 'p50', 'p99', 'max', 'sched p99', 'lost', 'srv CPU', 'srv loop p99', 'chatty lines rcvd/sent', 'bytes rcvd/sent', 'missing', 'sent in s', 'max batch', 'notes'],
        r.chatty.map((c) => {
          const o = c.others;
          const head = 'failed' in o ? ['-', '-', '-', '-', '-', '-', '-'] : [f(o.latency.p50, 2), f(o.latency.p99, 2), f(o.latency.max, 1), f(o.fromSchedule.p99, 1), String(o.lost), `${f(o.server.cpuPct, 0)}%`, f(o.server.loopP99, 1)];
          const got = c.received;
          const tail =
            'failed' in got
              ? ['-', '-', '-']
              : [`${got.lines}/${c.sent.lines}`, `${got.bytes}/${c.sent.bytes}`, String(got.missing + got.duplicates + got.outOfOrder === 0 ? 0 : `${got.missing} (+${got.duplicates} dup, ${got.outOfOrder} ooo)`)];
          const note = ['failed' in o ? `streams FAILED: ${o.failed}` : notes(o), 'failed' in got ? `chatty reader FAILED: ${got.failed}` : (got.error ?? '')].filter(Boolean).join('; ');
          return [String(c.perSecond), String(c.streams), ...head, ...tail, f(c.sent.ms / 1000, 2), String(c.sent.maxBatch), note];
        }),
      ),
    );
    parts.push('p50..lost: the bench-probe streams (as in the latency table). The chatty stream is read by its own tRPC SSE client; every line is numbered.');
  }

  if (r.cancel) {
    parts.push('\nCancel latency: executions.cancel sent -> done received (running `count`, tRPC SSE)');
    if ('failed' in r.cancel) parts.push(`FAILED: ${r.cancel.failed}`);
    else {
      const c = r.cancel.latency;
      parts.push(`runs ${c.count}/${r.cancel.runs}   p50 ${f(c.p50, 2)} ms   p90 ${f(c.p90, 2)} ms   max ${f(c.max, 2)} ms${r.cancel.errors.length ? `   errors: ${r.cancel.errors.join('; ')}` : ''}`);
    }
  }
  if (r.burst.length > 0) {
    parts.push('\nNotification bursts: every progress notification kept (send -> done, one in-process tRPC SSE reader)');
    parts.push(
      table(
        ['command', 'progress kept', 'events', 'rows', 'commits', 'stored MB', 'bytes/row', 'time s'],
        r.burst.map((b) =>
          'failed' in b
            ? [b.command, `FAILED: ${b.failed}`, '-', '-', '-', '-', '-', '-']
            : [b.command, `${b.progressReceived}/${b.progressSent}`, String(b.events), String(b.rows), String(b.commits), f(b.storedBytes / 1024 / 1024, 2), f(b.storedBytes / b.rows, 0), f(b.ms / 1000, 2)],
        ),
      ),
    );
  }
  if (r.reply.length > 0) {
    parts.push('\nAI reply deltas: the provider writes a delta -> a tRPC SSE client receives reply_delta, ms (provider, app and readers in one process)');
    parts.push(
      table(
        ['replies at once', 'deltas', 'p50', 'p99', 'max', 'lost'],
        r.reply.map((x) => ('failed' in x ? [String(x.streams), `FAILED: ${x.failed}`, '-', '-', '-', '-'] : [String(x.streams), String(x.deltas), f(x.p50, 2), f(x.p99, 2), f(x.max, 1), String(x.lost)])),
      ),
    );
  }
  parts.push(`\nTotal ${f(r.seconds, 0)} s. Load average at start: ${r.loadAverage.map((l) => l.toFixed(2)).join(' ')}.`);
  return parts.join('\n');
}

export function writeResults(r: Results, dir: string): string {
  mkdirSync(dir, { recursive: true });
  const file = `${dir}/latest.json`;
  writeFileSync(file, `${JSON.stringify(r, null, 2)}\n`);
  return file;
}

export function machine(): Results['machine'] {
  const list = cpus();
  return { cpus: list.length, model: list[0]?.model ?? 'unknown', node: process.version };
}
