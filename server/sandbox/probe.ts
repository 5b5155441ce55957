import { spawnSync } from 'node:child_process';
import { PROBE_ARGS } from './bwrap';

export type Probe = { available: true } | { available: false; reason: string };

/** Per bwrap path: whether it can sandbox here does not change while the process lives (and tests start many apps). */
const probes = new Map<string, Probe>();

/**
 * Runs `bwrap … true` once with every namespace the sandboxes use. It fails where bubblewrap is
 * missing, and where it exists but cannot create namespaces (a container without user namespaces,
 * a kernel that forbids them): either way the reason is what bwrap or the system said.
 */
export function probeBubblewrap(bwrap: string): Probe {
  const known = probes.get(bwrap);
  if (known) return known;
  const result = spawnSync(bwrap, PROBE_ARGS, { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'ignore', 'pipe'], env: { PATH: process.env.PATH ?? '' } });
  let probe: Probe;
  if (result.error) {
    const code = (result.error as NodeJS.ErrnoException).code;
    probe = { available: false, reason: code === 'ENOENT' ? `${bwrap} was not found` : `${bwrap} could not run (${result.error.message})` };
  } else if (result.status !== 0) {
    const said = result.stderr.trim().split('\n').slice(-3).join(' ');
    probe = { available: false, reason: `${bwrap} cannot create a sandbox here (${said || `exit ${result.status ?? result.signal}`})` };
  } else {
    probe = { available: true };
  }
  probes.set(bwrap, probe);
  return probe;
}
