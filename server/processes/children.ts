/**
 * The processes the server starts, recorded in SQLite while they run. A server that is SIGKILLed
 * cannot stop them (the sandbox's --die-with-parent usually does, but not when there is no sandbox,
 * and an MCP server that ignores its closed stdin runs on), so the next start ends what is still
 * running before it reports the runs as interrupted: a retry then never runs a command twice.
 */
import { isStorageError } from '../storage/health';
import type { ProcessRow, ProcessStore } from '../store/processes';
import { isLive, liveMembers, readStat } from './procfs';

export interface ProcessTracker {
  /** Records a child just started; call what it returns once the child has exited. */
  track(pid: number | undefined, what: { group: boolean; label: string }): () => void;
}

/** How long a leftover gets to exit after SIGTERM, then after SIGKILL. */
const GRACE_MS = 3000;
/** No event announces the end of a process that is not our child: its /proc entry is looked at this often. */
const POLL_MS = 50;

export class ChildProcesses implements ProcessTracker {
  constructor(
    private readonly store: ProcessStore,
    /** Told when the record could not be written (a full disk): the server then refuses new work until it can. */
    private readonly onStorageError: (error: Error & { code: string }) => void = () => undefined,
  ) {}

  track(pid: number | undefined, what: { group: boolean; label: string }): () => void {
    const stat = pid === undefined ? null : readStat(pid);
    if (pid === undefined || !isLive(stat)) return () => undefined;
    const row: ProcessRow = { pid, startTime: stat.startTime, ...what };
    try {
      this.store.add(row);
    } catch (error) {
      // The child runs already: throwing here would leave it running unwatched (the shell tool's
      // output and kill wiring come after this call) or fail an MCP server's start for a note.
      // Untracked, it is still ended by Stop and at shutdown; only a SIGKILLed server's next
      // start would not know to end it.
      if (!isStorageError(error)) throw error;
      this.onStorageError(error);
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      try {
        this.store.remove(row);
      } catch {
        // The database closed first (shutdown): the next start finds the row and the process gone.
      }
    };
  }

  /**
   * Ends what a previous process of the server left running: SIGTERM, then SIGKILL for what is
   * still there after a grace period; only a process that is still the one recorded (same pid and
   * start time), or a group that still has members. Resolves with what it had to end.
   */
  async endLeftovers(): Promise<ProcessRow[]> {
    const recorded = this.store.all();
    const running = recorded.filter(stillRunning);
    for (const row of running) signal(row, 'SIGTERM');
    const stubborn = await waitUntilGone(running, GRACE_MS);
    for (const row of stubborn) signal(row, 'SIGKILL');
    await waitUntilGone(stubborn, GRACE_MS);
    // No write when there is nothing to forget: a DELETE even of no rows can need a WAL frame, and
    // on a full disk that failed start-up itself. Rows that cannot be removed are harmless: every
    // one names a start time, so the next start leaves alone whatever now has that pid.
    if (recorded.length > 0) this.forget();
    return running;
  }

  private forget(): void {
    try {
      this.store.clear();
    } catch (error) {
      if (!isStorageError(error)) throw error;
      this.onStorageError(error);
    }
  }
}

function ownGroup(): number | undefined {
  return readStat(process.pid)?.pgrp;
}

/**
 * Whether the recorded process (or group) is still there. A pid is not given to a new process
 * while a group of that id has members, so a leader with another start time means the recorded
 * group is gone; a group whose leader has exited may still have members, which are the recorded ones.
 */
export function stillRunning(row: ProcessRow): boolean {
  if (row.pid <= 1 || row.pid === process.pid || (row.group && row.pid === ownGroup())) return false;
  const stat = readStat(row.pid);
  if (stat && stat.startTime !== row.startTime) return false;
  if (!row.group) return isLive(stat);
  return isLive(stat) || liveMembers(row.pid).length > 0;
}

function signal(row: ProcessRow, name: NodeJS.Signals): void {
  try {
    process.kill(row.group ? -row.pid : row.pid, name);
  } catch {
    // Gone in between.
  }
}

async function waitUntilGone(rows: ProcessRow[], ms: number): Promise<ProcessRow[]> {
  const deadline = Date.now() + ms;
  let left = rows.filter(stillRunning);
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    left = left.filter(stillRunning);
  }
  return left;
}
