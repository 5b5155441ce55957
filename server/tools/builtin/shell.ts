import { spawn } from 'node:child_process';
import { basename } from 'node:path';
import { ToolRunError, type Tool } from '../types';

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
 * stderr. Only exists when the config allows some programs.
 */
export function createShellTool(allow: readonly string[], cwd?: string): Tool {
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
      if (!program) throw new ToolRunError('no program given', 'TOOL_ERROR', false);
      if (!allow.includes(program) && !allow.includes(basename(program))) {
        throw new ToolRunError(`"${program}" is not in builtins.shell.allow (${allow.join(', ')})`, 'TOOL_ERROR', false);
      }
      return new Promise((resolve, reject) => {
        // Its own process group, so Stop also kills whatever the program started (sh -c '… sleep 30').
        const child = spawn(program, rest, { cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
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
          reject(new ToolRunError(`could not start ${program}: ${error.message}`, 'EXCEPTION', false));
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
