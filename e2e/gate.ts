/**
 * A run that stays running until the test releases it: the `hold` tool of this worker's gate MCP
 * server (fixtures/gate-server.ts). Tests that need a live run use it instead of a slow tool, so a
 * busy machine cannot finish the run before the test has looked at it.
 */
import { test } from '@playwright/test';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { gateDir } from './servers';

let made = 0;

export interface Gate {
  /** The tool's full name, e.g. `gate0.hold` (one gate server per worker: MCP log lines go to every running call of a server). */
  tool: string;
  /** The command that starts the run: logs `lines` lines, then holds. */
  command: string;
  /** Its arguments as the card shows them. */
  args: string;
  /** Log `count` more lines (with progress). */
  more(count: number): void;
  /** Let the run finish successfully. */
  end(): void;
}

export function newGate(options: { lines?: number; total?: number } = {}): Gate {
  const info = test.info();
  const tool = `gate${info.parallelIndex}.hold`;
  const name = `w${info.workerIndex}-${++made}-${Date.now().toString(36)}`;
  const dataRoot = process.env.FRAGMENTS_E2E_DATA;
  if (!dataRoot) throw new Error('FRAGMENTS_E2E_DATA is not set: run the e2e tests through playwright.config.ts');
  const write = (line: string) => appendFileSync(join(gateDir(dataRoot), name), `${line}\n`);
  const args = [`name=${name}`, `lines=${options.lines ?? 0}`, ...(options.total ? [`total=${options.total}`] : [])];
  return {
    tool,
    command: `/${tool} ${args.join(' ')}`,
    args: args.join(' '),
    more: (count) => write(`more ${count}`),
    end: () => write('end'),
  };
}

/** The text of output line i (0-based) of a gate run: MCP log messages show as `[info] <n>`. */
export const gateLine = (index: number) => `[info] ${index + 1}`;
