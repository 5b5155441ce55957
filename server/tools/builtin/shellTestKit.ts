/** For the shell tool's tests: the real tool, with a real sandbox and process record on a temporary data dir. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigSchema, type Config } from '../../config/schema';
import { ChildProcesses } from '../../processes/children';
import { Sandbox } from '../../sandbox/sandbox';
import { openDatabase } from '../../store/db';
import { ProcessStore } from '../../store/processes';
import type { Tool, ToolCallResult, ToolContext } from '../types';
import { createShellTool } from './shell';

type ShellSettings = Config['builtins']['shell'];

const dataDirs: string[] = [];
process.once('exit', () => {
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

/** A shell tool as the server builds it; `bwrap` names another bubblewrap (a missing one: no sandbox). */
export function shellTool(settings: Partial<ShellSettings> & { allow: string[] }, options: { bwrap?: string; hiddenFiles?: string[]; dataDir?: string } = {}): Tool {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'fragments-shell-data-'));
  if (!options.dataDir) dataDirs.push(dataDir);
  const shell = ConfigSchema.parse({ builtins: { shell: settings } }).builtins.shell;
  const db = openDatabase(dataDir);
  const sandbox = new Sandbox({ bwrap: options.bwrap ?? 'bwrap', dataDir, hiddenFiles: options.hiddenFiles ?? [] });
  return createShellTool(shell, { sandbox, processes: new ChildProcesses(new ProcessStore(db)) });
}

export const ctxFor = (onOutput: (text: string) => void = () => undefined, signal: AbortSignal = new AbortController().signal): ToolContext => ({
  signal,
  output: onOutput,
  progress: () => undefined,
});

/** Runs the tool for real and keeps what it printed (stdout and stderr together). */
export async function run(tool: Tool, command: string): Promise<{ result: ToolCallResult; output: string }> {
  let output = '';
  const result = await tool.call({ command }, ctxFor((text) => void (output += text)));
  return { result, output };
}
