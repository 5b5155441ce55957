/** The orchestrator's handle on the client process: fork it, answer its clock pings, await its answers with timeouts. */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FromChild, ToChild } from './protocol';
import { now } from './schedule';

type Waiter = { match: (m: FromChild) => boolean; resolve: (m: FromChild) => void; reject: (e: Error) => void };

export class ClientProcess {
  private readonly proc: ChildProcess;
  private readonly waiters = new Set<Waiter>();
  private exited: Error | undefined;
  readonly clock: Promise<{ offsetMs: number; rttMs: number }>;

  constructor() {
    // Run with tsx like the parent; the child must not inherit tsx's CLI flags verbatim (they differ by version).
    this.proc = fork(fileURLToPath(new URL('./client.ts', import.meta.url)), [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.proc.on('message', (m: FromChild) => {
      // Answer clock pings at once, stamping as late as possible.
      if (m.type === 'ping') return this.send({ cmd: 'pong', t0: m.t0, parentNow: now() });
      for (const waiter of this.waiters) {
        if (waiter.match(m)) {
          this.waiters.delete(waiter);
          waiter.resolve(m);
        } else if (m.type === 'failed') {
          this.waiters.delete(waiter);
          waiter.reject(new Error(`client process: ${m.error}`));
        }
      }
    });
    this.proc.on('exit', (code, signal) => {
      this.exited = new Error(`the client process exited (${signal ?? code})`);
      for (const waiter of this.waiters) waiter.reject(this.exited);
      this.waiters.clear();
    });
    this.clock = this.wait((m) => m.type === 'clock', 60_000).then((m) => (m.type === 'clock' ? m : { offsetMs: 0, rttMs: NaN }));
  }

  send(message: ToChild): void {
    if (!this.exited) this.proc.send(message);
  }

  /** The next message that matches, or a rejection on failure, exit or timeout — never a hang. */
  wait(match: (m: FromChild) => boolean, timeoutMs: number): Promise<FromChild> {
    if (this.exited) return Promise.reject(this.exited);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`no answer from the client process within ${Math.round(timeoutMs / 1000)} s`));
      }, timeoutMs);
      const waiter: Waiter = {
        match,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      this.waiters.add(waiter);
    });
  }

  /** Sends a command and waits for its answer of the given type. */
  async ask<T extends FromChild['type']>(message: ToChild & { id: number }, type: T, timeoutMs: number): Promise<Extract<FromChild, { type: T }>> {
    const answer = this.wait((m) => m.type === type && 'id' in m && m.id === message.id, timeoutMs);
    this.send(message);
    return (await answer) as Extract<FromChild, { type: T }>;
  }

  kill(): void {
    if (!this.exited && this.proc.exitCode === null) this.proc.kill('SIGKILL');
  }
}
