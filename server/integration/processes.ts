/**
 * Processes as the host sees them. A child of the app runs in a PID namespace of its own (the
 * sandbox), so a pid it reports about itself means nothing out here: tests find it by a marker
 * in its command line instead.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface HostProcess {
  pid: number;
  /** The program's name as the kernel has it (`bwrap`, `node`, `sleep`). */
  comm: string;
  cmdline: string;
}

/** Live processes (zombies count as gone) whose command line holds `marker`, this test process excepted. */
export function processesWith(marker: string): HostProcess[] {
  const found: HostProcess[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (!cmdline.includes(marker)) continue;
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
      if (state === 'Z') continue;
      found.push({ pid: Number(name), comm: readFileSync(`/proc/${name}/comm`, 'utf8').trim(), cmdline });
    } catch {
      // Gone while we looked.
    }
  }
  return found;
}

/** The raw MCP server fixture (fixtures/raw-server.ts), found by the instance id in its command line. */
export const RAW_SERVER = fileURLToPath(new URL('./fixtures/raw-server.ts', import.meta.url));
export const rawServer = (instancesFile: string, env: Record<string, string> = {}) => ({
  command: process.execPath,
  args: ['--import', 'tsx', RAW_SERVER],
  env: { INSTANCES_FILE: instancesFile, ...env },
});

/** The instance id of every raw server process started so far, in order. */
export function instancesIn(file: string): string[] {
  try {
    return readFileSync(file, 'utf8').split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

/** Whether that raw server (or the sandbox around it) still runs. The SDK waits for a child it closes to exit, so a closed one is reaped and gone. */
export const isRunning = (instance: string) => processesWith(`raw-mcp-server ${instance}`).length > 0;

/** When a test fails, what it left running would keep this test process from ever exiting. */
export function killLeftovers(instancesFile: string): void {
  for (const instance of instancesIn(instancesFile)) {
    for (const { pid } of processesWith(`raw-mcp-server ${instance}`)) process.kill(pid, 'SIGKILL');
  }
}
