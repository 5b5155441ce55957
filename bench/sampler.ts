/**
 * Watches the server process (the one running run.ts, the app and the raw servers) during a
 * measurement: CPU, event-loop delay, and memory peaks sampled every 100 ms. These say whether a
 * slow number comes from the server being saturated or blocked.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export interface ServerSample {
  cpuPct: number;
  /**
   * CPU used by the whole machine in the same window (% of one core, all processes). This machine
   * may be shared: machine - server - client is what others took, and a big number there means the
   * phase's latency is not only ours.
   */
  machineCpuPct: number;
  /** Event-loop delay beyond the sampling resolution, ms. */
  loopP50: number;
  loopP99: number;
  loopMax: number;
  rssStartMB: number;
  rssPeakMB: number;
  heapStartMB: number;
  heapPeakMB: number;
}

/**
 * A full GC before a memory measurement, so a run's peak is not the garbage of the previous one.
 * `npm run bench` cannot pass --expose-gc to tsx, so set the flag at run time and fetch `gc` from a
 * fresh context (it is only installed in contexts created after the flag).
 */
export const collectGarbage: () => void = (() => {
  setFlagsFromString('--expose-gc');
  const gc: unknown = runInNewContext('gc');
  return typeof gc === 'function' ? (gc as () => void) : () => undefined;
})();

const MB = 1024 * 1024;

/** How busy the whole machine is right now (% of one core, over `ms`): the load average lags by a minute. */
export async function machineBusyPct(ms: number): Promise<number> {
  const before = machineTicks();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const after = machineTicks();
  return ((after.busy - before.busy) / (after.total - before.total)) * availableParallelism() * 100;
}

/** Busy and total jiffies of all CPUs from /proc/stat (Linux); zeros elsewhere, which report as NaN. */
function machineTicks(): { busy: number; total: number } {
  try {
    const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
    const total = fields.reduce((a, b) => a + b, 0);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0); // idle + iowait
    return { busy: total - idle, total };
  } catch {
    return { busy: 0, total: 0 };
  }
}

/**
 * BENCH_TRACE=1: one line a second while a phase runs, to see *when* a configuration falls behind
 * (commits, rows, loop delay, memory, parked subscribers) rather than only its totals.
 */
export function startTrace(read: () => { commits: number; rows: number; waiters: number }): () => void {
  if (!process.env.BENCH_TRACE) return () => undefined;
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  let last = read();
  const started = performance.now();
  const timer = setInterval(() => {
    const current = read();
    const rss = process.memoryUsage().rss / MB;
    const line = `    [${((performance.now() - started) / 1000).toFixed(1)} s] commits +${current.commits - last.commits}, rows +${current.rows - last.rows}, ` +
      `parked ${current.waiters}, loop max ${(histogram.max / 1e6).toFixed(0)} ms, rss ${rss.toFixed(0)} MB`;
    console.log(line);
    histogram.reset();
    last = current;
  }, 1000);
  return () => {
    clearInterval(timer);
    histogram.disable();
  };
}

export class ServerSampler {
  private readonly histogram = monitorEventLoopDelay({ resolution: 5 });
  private cpu = process.cpuUsage();
  private ticks = machineTicks();
  private wall = 0;
  private timer: NodeJS.Timeout | undefined;
  private rssStart = 0;
  private rssPeak = 0;
  private heapStart = 0;
  private heapPeak = 0;

  start(): void {
    const memory = process.memoryUsage();
    this.rssStart = this.rssPeak = memory.rss;
    this.heapStart = this.heapPeak = memory.heapUsed;
    this.cpu = process.cpuUsage();
    this.ticks = machineTicks();
    this.wall = performance.now();
    this.histogram.reset();
    this.histogram.enable();
    this.timer = setInterval(() => this.sample(), 100);
  }

  private sample(): void {
    const memory = process.memoryUsage();
    this.rssPeak = Math.max(this.rssPeak, memory.rss);
    this.heapPeak = Math.max(this.heapPeak, memory.heapUsed);
  }

  stop(): ServerSample {
    this.sample();
    clearInterval(this.timer);
    this.histogram.disable();
    const used = process.cpuUsage(this.cpu);
    const elapsed = performance.now() - this.wall;
    const ticks = machineTicks();
    const cores = availableParallelism();
    // The histogram counts the timer's own resolution as delay; subtract it to report the excess.
    const ms = (ns: number) => Math.max(0, ns / 1e6 - 5);
    return {
      cpuPct: ((used.user + used.system) / 1000 / elapsed) * 100,
      machineCpuPct: ((ticks.busy - this.ticks.busy) / (ticks.total - this.ticks.total)) * cores * 100,
      loopP50: ms(this.histogram.percentile(50)),
      loopP99: ms(this.histogram.percentile(99)),
      loopMax: ms(this.histogram.max),
      rssStartMB: this.rssStart / MB,
      rssPeakMB: this.rssPeak / MB,
      heapStartMB: this.heapStart / MB,
      heapPeakMB: this.heapPeak / MB,
    };
  }
}

/**
 * BENCH_PROFILE=<dir>: a CPU profile of the server process over each latency phase's measured
 * window only (set-up and other phases left out), written as <dir>/<transport>-<streams>.cpuprofile
 * for Chrome DevTools or `node --cpu-prof`-style tools. Where the server's time goes, per phase.
 */
export async function startProfile(name: string): Promise<() => Promise<void>> {
  const dir = process.env.BENCH_PROFILE;
  if (!dir) return async () => undefined;
  const { Session } = await import('node:inspector/promises');
  const { mkdirSync, writeFileSync } = await import('node:fs');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    mkdirSync(dir, { recursive: true });
    writeFileSync(`${dir}/${name}.cpuprofile`, JSON.stringify(profile));
  };
}
