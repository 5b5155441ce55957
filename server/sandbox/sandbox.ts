import { closeSync, existsSync, mkdirSync, openSync, realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Config } from '../config/schema';
import { programArgs, serverArgs, type HiddenPaths, type ProgramSandbox } from './bwrap';
import { probeBubblewrap } from './probe';

export interface SandboxOptions {
  /** The bubblewrap program (FRAGMENTS_BWRAP). */
  bwrap: string;
  dataDir: string;
  /** Files no child may read: the secret files and the config file (it may hold ai.apiKey, servers' env and headers). */
  hiddenFiles: readonly string[];
}

export interface CommandLine {
  command: string;
  args: string[];
}

export const INSTALL_HINT = 'install bubblewrap (Debian/Ubuntu: apt-get install bubblewrap) and restart';

/** Where children run: in bubblewrap when it works here (server/sandbox/bwrap.ts), else as they are. */
export class Sandbox {
  readonly available: boolean;
  /** Why not, when not. */
  readonly reason: string | null;
  private readonly bwrap: string;
  private readonly dataDir: string;
  private readonly hiddenFiles: readonly string[];
  private readonly emptyFile: string;

  constructor(options: SandboxOptions) {
    const probe = probeBubblewrap(options.bwrap);
    this.available = probe.available;
    this.reason = probe.available ? null : probe.reason;
    this.bwrap = options.bwrap;
    mkdirSync(options.dataDir, { recursive: true });
    this.dataDir = realpathSync(resolve(options.dataDir));
    this.hiddenFiles = options.hiddenFiles;
    // Shown in place of each hidden file. It lives in the data dir, which children see as empty.
    this.emptyFile = join(this.dataDir, 'sandbox-empty');
    if (!existsSync(this.emptyFile)) closeSync(openSync(this.emptyFile, 'wx', 0o444));
  }

  /** The data dir as the sandbox names it (canonical). */
  get hiddenDir(): string {
    return this.dataDir;
  }

  /** Read at each start: a secret file replaced since (rotated, a symlink re-pointed) is hidden where it is now. */
  private hidden(): HiddenPaths {
    const files = this.hiddenFiles.filter((file) => existsSync(file)).map((file) => realpathSync(file));
    return { dirs: [this.dataDir], files: [...new Set(files)], emptyFile: this.emptyFile };
  }

  /** An MCP stdio server's command line: inside bubblewrap, or unchanged when there is none (start-up said so). */
  wrapServer(command: string, args: readonly string[]): CommandLine {
    if (!this.available) return { command, args: [...args] };
    return { command: this.bwrap, args: [...serverArgs(this.hidden()), '--', command, ...args] };
  }

  /** A shell program's command line inside bubblewrap; only when it is available. */
  wrapProgram(file: string, args: readonly string[], sandbox: ProgramSandbox): CommandLine {
    if (!this.available) throw new Error('the sandbox is not available');
    // bwrap execs the path it is given: argv[0] is the checked file, whose name is the word the user typed.
    return { command: this.bwrap, args: [...programArgs(this.hidden(), sandbox), '--', file, ...args] };
  }

  /** The start-up line: what children run in, or what runs without it and why. */
  summary(config: Config): string {
    const stdio = Object.values(config.mcpServers).some((server) => 'command' in server);
    const shell = config.builtins.shell;
    if (this.available) {
      const unsandboxed = shell.allow.length > 0 && shell.unsandboxed ? '; the shell tool runs its programs unsandboxed (builtins.shell.unsandboxed)' : '';
      return `sandbox: bubblewrap (${this.bwrap}): MCP stdio servers and shell programs run in a PID namespace without the data dir and secret files${unsandboxed}`;
    }
    const parts = [`sandbox: none — ${this.reason ?? 'bubblewrap is not available'}.`];
    if (!stdio && shell.allow.length === 0) return `${parts[0]} No MCP stdio server or shell program is configured: nothing runs without it.`;
    if (stdio) parts.push('MCP stdio servers start unsandboxed: they can read FRAGMENTS_TOKEN and OPENAI_API_KEY from the /proc entries of this server and of the processes that started it.');
    if (shell.allow.length > 0) {
      parts.push(shell.unsandboxed ? 'The shell tool runs its programs unsandboxed (builtins.shell.unsandboxed), refusing only known program-launching options.' : 'The shell tool is disabled (set builtins.shell.unsandboxed to run it without a sandbox).');
    }
    parts.push(`To sandbox them, ${INSTALL_HINT}.`);
    return parts.join(' ');
  }
}
