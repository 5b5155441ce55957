/** What Linux's /proc says about a process: enough to tell it from a later process with the same pid. */
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcStat {
  /** R, S, D, Z (zombie: exited, not yet reaped), … */
  state: string;
  /** Its process group. */
  pgrp: number;
  /** When it started, in clock ticks since boot (field 22): a reused pid never has the same. */
  startTime: number;
}

/** /proc/<pid>/stat, or null when there is no such process. */
export function readStat(pid: number): ProcStat | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // Field 2 is the command name in parentheses, which may itself hold spaces and ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const [state, , pgrp] = fields;
  const startTime = Number(fields[19]);
  if (state === undefined || pgrp === undefined || !Number.isFinite(startTime)) return null;
  return { state, pgrp: Number(pgrp), startTime };
}

/** Whether the process is there and has not exited (a zombie has). */
export function isLive(stat: ProcStat | null): stat is ProcStat {
  return stat !== null && stat.state !== 'Z' && stat.state !== 'X';
}

/** The pids of the live members of process group `pgid` (one read of /proc). */
export function liveMembers(pgid: number): number[] {
  const members: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readStat(Number(name));
    if (isLive(stat) && stat.pgrp === pgid) members.push(Number(name));
  }
  return members;
}
