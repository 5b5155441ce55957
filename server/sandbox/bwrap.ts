/**
 * bubblewrap command lines for the two kinds of children the server starts. Both run in a PID
 * namespace of their own, so `/proc` shows them nothing of the server or of the processes that
 * started it (`npm start`, its `sh`, the `tsx` loader), whose environment holds FRAGMENTS_TOKEN
 * and OPENAI_API_KEY: `/proc/<pid>/environ` of a process outside the namespace cannot be named.
 */

/** What no child may read: the data dir (the SQLite file, later OAuth tokens) and the secret and config files. */
export interface HiddenPaths {
  /** Each gets an empty tmpfs over it. */
  dirs: readonly string[];
  /** Each gets `emptyFile` bound read-only over it. */
  files: readonly string[];
  /** An empty file of the server's own, shown in place of each hidden file. */
  emptyFile: string;
}

/**
 * Common to every sandbox. `--cap-drop ALL`: a server run as root keeps every capability in the
 * sandbox otherwise, and CAP_SYS_ADMIN could unmount the sandbox's /proc and find the host's one
 * under it. `--new-session`: no controlling terminal, so TIOCSTI cannot type commands into the
 * terminal `npm start` runs in. `--die-with-parent`: the sandbox ends with the server, even killed.
 */
const ISOLATION = ['--unshare-pid', '--die-with-parent', '--new-session', '--cap-drop', 'ALL'];

function hide(hidden: HiddenPaths): string[] {
  return [
    ...hidden.dirs.flatMap((dir) => ['--tmpfs', dir]),
    ...hidden.files.flatMap((file) => ['--ro-bind', hidden.emptyFile, file]),
  ];
}

/**
 * An MCP stdio server is the user's own program: it keeps the whole filesystem, writable, and the
 * network; it only loses sight of the server's processes, the data dir and the secret files.
 */
export function serverArgs(hidden: HiddenPaths): string[] {
  return [...ISOLATION, '--bind', '/', '/', '--proc', '/proc', '--dev', '/dev', ...hide(hidden)];
}

export interface ProgramSandbox {
  /** The one folder a program may write (already canonical); null: none, the working folder is read-only too. */
  writable: string | null;
  /** Where the program starts. */
  cwd: string;
  /** false: a network namespace of its own, with only a loopback that reaches nothing outside. */
  network: boolean;
}

/**
 * A shell program (`builtins.shell`): the filesystem read-only except the writable folder and a
 * private /tmp, no network unless allowed, no SysV IPC with the host; after the folder is bound,
 * the hidden paths are laid over it, so a data dir inside the working folder stays hidden.
 */
export function programArgs(hidden: HiddenPaths, sandbox: ProgramSandbox): string[] {
  return [
    ...ISOLATION,
    '--unshare-ipc',
    ...(sandbox.network ? [] : ['--unshare-net']),
    '--ro-bind', '/', '/',
    '--tmpfs', '/tmp',
    '--proc', '/proc',
    '--dev', '/dev',
    ...(sandbox.writable ? ['--bind', sandbox.writable, sandbox.writable] : []),
    ...hide(hidden),
    '--chdir', sandbox.cwd,
  ];
}

/** The flags start-up tries once with `true`: every namespace either kind of sandbox asks for. */
export const PROBE_ARGS = [...ISOLATION, '--unshare-ipc', '--unshare-net', '--ro-bind', '/', '/', '--tmpfs', '/tmp', '--proc', '/proc', '--dev', '/dev', '--', 'true'];
