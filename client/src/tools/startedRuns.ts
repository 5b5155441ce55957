import { idSet } from '../lib/idSet';

/**
 * Runs this page started (sent or retried). They stream in full even if they end before the
 * conversation lists them: a fast run must not show up as cut history ("Show full output") just
 * because it beat the list, while a slow one streams every line.
 */
export const startedRuns = idSet();
