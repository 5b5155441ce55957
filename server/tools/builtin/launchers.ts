/**
 * Without the sandbox (`builtins.shell.unsandboxed`), an allowed program that starts another
 * program runs anything: `find . -exec sh -c …`, `env sh`, `git -c alias.x='!id' x`,
 * `sort --compress-program=sh`. This is a deny list of the known ways, so it is best effort by
 * nature: interpreters (sh, python, node, awk, sed's `e` command, perl, vim…) run anything by
 * design and are not looked into, and neither is what a program reads from its own config files
 * (a repository's .git/config can make `git status` run a command). Only the sandbox holds.
 */

/** Programs whose job is to run the program named in their arguments. */
const RUNNERS = new Set([
  'env', 'xargs', 'nice', 'nohup', 'timeout', 'stdbuf', 'setsid', 'time', 'sudo', 'su', 'doas', 'runuser', 'chroot',
  'unshare', 'nsenter', 'ionice', 'taskset', 'chrt', 'prlimit', 'numactl', 'flock', 'watch', 'strace', 'ltrace', 'gdb',
  'valgrind', 'parallel', 'script', 'busybox', 'bwrap', 'firejail', 'systemd-run', 'at', 'batch', 'sg', 'newgrp',
  'setpriv', 'capsh', 'runcon', 'fakeroot', 'proot', 'expect', 'ssh', 'rlwrap', 'catchsegv', 'perf', 'entr',
]);

interface Launching {
  /** Options that name a program to run (`-exec`); a long one also in its `--opt=value` form and abbreviated, as GNU getopt allows. */
  options?: readonly string[];
  /** Short options that take a program, alone or ending a bundle (`-I prog`, `-xI prog`, `-Iprog`). */
  short?: readonly string[];
  /** Subcommands (the first word that is not an option) that run programs or write config that will. */
  subcommands?: readonly string[];
}

/** A Map: the program name is the user's, and `LAUNCHING["constructor"]` would find Object's. */
const LAUNCHING: ReadonlyMap<string, Launching> = new Map(Object.entries({
  find: { options: ['-exec', '-execdir', '-ok', '-okdir'] },
  sort: { options: ['--compress-program'] },
  git: {
    options: ['-c', '--config-env', '--exec-path', '--upload-pack', '--receive-pack', '--exec', '--extcmd', '--ext-diff'],
    subcommands: ['config', 'bisect', 'submodule', 'difftool', 'mergetool', 'filter-branch', 'daemon', 'instaweb', 'send-email', 'credential', 'web--browse', 'rebase'],
  },
  tar: {
    options: ['--to-command', '--use-compress-program', '--checkpoint-action', '--info-script', '--new-volume-script', '--rsh-command', '--rmt-command'],
    short: ['I', 'F'],
  },
  rsync: { options: ['--rsh', '--rsync-path'], short: ['e'] },
  zip: { options: ['--unzip-command', '-TT'] },
  man: { options: ['--pager', '--html'], short: ['P', 'H'] },
} satisfies Record<string, Launching>));

/** Why `args` make `program` run another program, or null when no known way is used. */
export function launchingUse(program: string, args: readonly string[]): string | null {
  if (RUNNERS.has(program)) return `${program} runs the program given in its arguments`;
  const rules = LAUNCHING.get(program);
  if (!rules) return null;
  for (const arg of args) {
    const option = matchingOption(arg, rules);
    if (option) return `${program} ${option} runs another program`;
  }
  const subcommand = args.find((arg) => !arg.startsWith('-'));
  if (subcommand && rules.subcommands?.includes(subcommand)) return `${program} ${subcommand} can run other programs`;
  return null;
}

function matchingOption(arg: string, rules: Launching): string | null {
  for (const option of rules.options ?? []) {
    if (arg === option) return option;
    if (option.startsWith('--') && arg.startsWith('--') && arg.length > 2) {
      // `--compress-prog=sh` and `--co sh` are what getopt_long makes of an unambiguous prefix.
      const name = arg.slice(2).split('=')[0] ?? '';
      if (name.length > 0 && option.slice(2).startsWith(name)) return option;
    } else if (!option.startsWith('--') && option.length === 2 && arg.startsWith(option)) {
      // `-cfoo`: a short option glued to its value.
      return option;
    }
  }
  if (/^-[^-]/.test(arg)) {
    const letter = [...arg.slice(1)].find((char) => rules.short?.includes(char));
    if (letter) return `-${letter}`;
  }
  return null;
}
