import { readdirSync, rmSync } from 'node:fs';

/**
 * Removes the run's temp data dirs (set FRAGMENTS_E2E_KEEP=1 to look at them afterwards), and its
 * results folder unless a failed test left a trace there, whose path it prints.
 */
export default function globalTeardown(): void {
  const dir = process.env.FRAGMENTS_E2E_DATA;
  if (dir && !process.env.FRAGMENTS_E2E_KEEP) rmSync(dir, { recursive: true, force: true });
  const results = process.env.FRAGMENTS_E2E_RESULTS;
  if (!results) return;
  let left: string[] = [];
  try {
    left = readdirSync(results);
  } catch {
    return;
  }
  if (left.length === 0) rmSync(results, { recursive: true, force: true });
  else console.log(`e2e traces of failed tests: ${results}`);
}
