import { rmSync } from 'node:fs';

/** Removes the run's temp data dirs (set FRAGMENTS_E2E_KEEP=1 to look at them afterwards). */
export default function globalTeardown(): void {
  const dir = process.env.FRAGMENTS_E2E_DATA;
  if (dir && !process.env.FRAGMENTS_E2E_KEEP) rmSync(dir, { recursive: true, force: true });
}
