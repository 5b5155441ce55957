import { spawn } from 'node:child_process';
import { resolve as resolvePath } from 'node:path';
import type { Config } from '../../config/schema';
import { AppError } from '../../errors/appError';
import { type Tool } from '../types';
import { notAllowedMessage, resolveAllowList, resolveProgram } from './programs';

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

/**
 * Runs one allow-listed program directly (no shell: no pipes, globs or `;`), streaming stdout and
 * stderr. Only exists when the config allows some programs. A program is allowed when it is the very
 * file an allow entry named at start-up, not merely one with the same name somewhere else.
 */
export function createShellTool(settings: Config['builtins']['shell']): Tool {
  const { allow, cwd } = settings;
  const env = programEnvironment(settings.env);
  const workDir = resolvePath(cwd ?? process.cwd());
  const allowed = resolveAllowList(allow, env.PATH, workDir);
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
    call(args, ctx) {
      const [program, ...rest] = splitWords(String(args.command));
      if (!program) throw new AppError('TOOL_ERROR', 'no program given');
      const file = resolveProgram(program, env.PATH, workDir);
      if (file === null || !allowed.some((entry) => entry.path === file)) {
        throw new AppError('TOOL_ERROR', notAllowedMessage(program, file, allowed));
      }
      return new Promise((resolve, reject) => {
        // Its own process group, so Stop also kills whatever the program started (sh -c '… sleep 30').
        // The checked path, not the word: a PATH lookup at spawn time could find another file.
        // argv[0] stays what the user typed, as a shell would pass it.
        const child = spawn(file, rest, { cwd: workDir, env, argv0: program, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
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
        };
        child.on('error', (error) => {
          cleanup();
          reject(new AppError('EXCEPTION', `could not start ${program}: ${error.message}`));
        });
        child.on('close', (code, signal) => {
          cleanup();
          if (ctx.signal.aborted) return reject(ctx.signal.reason);
          if (code === 0) return resolve({ isError: false });
          const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
          resolve({ isError: true, errorMessage: `${program} ${how}` });
        });
      });
    },
  };
}
