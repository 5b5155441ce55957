/**
 * Runs this page started (sent or retried). They stream in full even if they end before the
 * conversation lists them: a fast run must not show up as cut history ("Show full output") just
 * because it beat the list, while a slow one streams every line.
 */
const started = new Set<string>();

export const startedRuns = {
  add(executionId: string): void {
    started.add(executionId);
  },
  has(executionId: string): boolean {
    return started.has(executionId);
  },
};
