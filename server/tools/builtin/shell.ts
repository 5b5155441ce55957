import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { basename } from 'node:path';
import type { Config } from '../../config/schema';
import { AppError } from '../../errors/appError';
import type { ProcessTracker } from '../../processes/children';
import type { Sandbox } from '../../sandbox/sandbox';
import { type Tool } from '../types';
import { launchingUse } from './launchers';
import { notAllowedMessage, resolveAllowList, resolveProgram } from './programs';
import { shellFolders, type ShellFolders } from './shellFolders';

/**
 * All a program inherits from the server: enough to find programs, its home and the user's locale.
 * Never the rest of the server's environment, which holds FRAGMENTS_TOKEN, OPENAI_API_KEY and the like.
 * The first six are what the MCP SDK passes to stdio servers.
 */
const INHERITED_ENV = ['HOME', 'LOGNAME', 'PATH', 'SHELL', 'TERM', 'USER', 'LANG', 'LC_ALL', 'LC_CTYPE', 'TZ'];

/** The environment an allowed program runs with: the inherited whitelist, then `builtins.shell.env`. */
export function programEnvironment(configured: Record<string, string>, server: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of INHERITED_ENV) {
    const value = server[name];
    if (value !== undefined) env[name] = value;
  }
  return { ...env, ...configured };
}

/** Splits a command line into words the way a user expects (quotes group), without any shell. */
export function splitWords(line: string): string[] {
  const words: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  for (const match of line.matchAll(re)) {
    words.push(match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : (match[2] ?? match[3] ?? ''));
  }
  return words;
}

export interface ShellDeps {
  sandbox: Sandbox;
  processes: ProcessTracker;
}

/** A checked command: the allowed file to run, the word the user typed for it, its arguments. */
interface Checked {
  file: string;
  program: string;
  args: string[];
}

/**
 * Runs one allow-listed program (no shell: no pipes, globs or `;`), streaming stdout and stderr.
 * Only exists when the config allows some programs. A program is allowed when it is the very file
 * an allow entry named at start-up, not merely one with the same name somewhere else. It runs in
 * the bubblewrap sandbox (server/sandbox/bwrap.ts: read-only filesystem but `cwd`, no network, no
 * view of the server's processes, data or secrets), since an allowed program can start any other
 * (`find -exec`); with `unsandboxed`, only a deny list of launching options stands in for it.
 */
export function createShellTool(settings: Config['builtins']['shell'], deps: ShellDeps): Tool {
  const { allow, network } = settings;
  const sandboxed = !settings.unsandboxed;
  const env = programEnvironment(settings.env);
  const folders: ShellFolders = shellFolders(settings.cwd, sandboxed ? deps.sandbox.hiddenDir : null);
  const allowed = resolveAllowList(allow, env.PATH, folders.cwd);

  /** The refusal of a command, in words, or the checked command. */
  const check = (command: unknown): Checked | string => {
    const [program, ...args] = splitWords(String(command));
    if (!program) return 'no program given';
    const file = resolveProgram(program, env.PATH, folders.cwd);
    if (file === null || !allowed.some((entry) => entry.path === file)) return notAllowedMessage(program, file, allowed);
    const launching = sandboxed ? null : launchingUse(basename(file), args);
    if (launching) {
      return `${launching}, which the shell tool refuses without its sandbox (builtins.shell.unsandboxed is true); to allow it, install bubblewrap and set unsandboxed to false`;
    }
    return { file, program, args };
  };

  return {
    name: 'shell',
    description: `Runs an allowed program without a shell and streams its output. Allowed: ${allow.join(', ')}.`,
    inputSchema: {
      type: 'object',
      properties: { command: { type: 'string', description: 'Program and arguments, e.g. "ls -la"' } },
      required: ['command'],
      additionalProperties: false,
    },
    source: { kind: 'builtin' },
    check(args) {
      const checked = check(args.command);
      if (typeof checked === 'string') throw new AppError('BAD_ARGUMENTS', checked);
    },
    call(args, ctx) {
      const checked = check(args.command);
      if (typeof checked === 'string') throw new AppError('TOOL_ERROR', checked);
      const { file, program } = checked;
      const line = sandboxed
        ? deps.sandbox.wrapProgram(file, checked.args, { writable: folders.writable, cwd: folders.cwd, network })
        : { command: file, args: checked.args };
      return new Promise((resolve, reject) => {
        // Its own process group, so Stop also kills whatever the program started (sh -c '… sleep 30').
        // The checked path, not the word: a PATH lookup at spawn time could find another file.
        // argv[0] stays what the user typed, as a shell would pass it (in the sandbox, the checked path, of the same name).
        const child = spawn(line.command, line.args, { cwd: folders.cwd, env, argv0: sandboxed ? undefined : program, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
        const untrack = deps.processes.track(child.pid, { group: true, label: `shell: ${program}` });
        const killGroup = (signal: NodeJS.Signals) => {
          try {
            if (child.pid) process.kill(-child.pid, signal);
          } catch {
            // Already gone.
          }
        };
        child.stdout.setEncoding('utf8').on('data', (text: string) => ctx.output(text, 'stdout'));
        child.stderr.setEncoding('utf8').on('data', (text: string) => ctx.output(text, 'stderr'));
        let killTimer: NodeJS.Timeout | undefined;
        const onAbort = () => {
          killGroup('SIGTERM');
          // A program that ignores SIGTERM still stops.
          killTimer = setTimeout(() => killGroup('SIGKILL'), 2000);
        };
        ctx.signal.addEventListener('abort', onAbort, { once: true });
        const cleanup = () => {
          ctx.signal.removeEventListener('abort', onAbort);
          clearTimeout(killTimer);
          untrack();
        };
        child.on('error', (error) => {
          cleanup();
          // Unlike a tool that threw, a program that cannot start will not start on a retry either.
          reject(new AppError('EXCEPTION', `could not start ${program}: ${error.message}`, { recoverable: false }));
        });
        child.on('close', (code, signal) => {
          cleanup();
          if (ctx.signal.aborted) return reject(ctx.signal.reason);
          if (code === 0) return resolve({ isError: false });
          const killedBy = signal ?? (sandboxed ? signalOfStatus(code) : null);
          const how = killedBy ? `was killed by ${killedBy}` : `exited with code ${code}`;
          resolve({ isError: true, errorMessage: `${program} ${how}` });
        });
      });
    },
  };
}

/** bwrap exits with 128 + n when its program was killed by signal n, as a shell reports it. */
function signalOfStatus(code: number | null): string | null {
  if (code === null || code <= 128) return null;
  return Object.entries(constants.signals).find(([, number]) => number === code - 128)?.[0] ?? null;
}
