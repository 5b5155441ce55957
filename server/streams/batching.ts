import type { StreamEvent } from '../../shared/events';
import type { LoggedEvent } from './log';

// The bounds that keep one busy or huge stream from stalling everyone else on the event loop.

/** Text one commit may carry; more waits for the next turn. */
export const FLUSH_BUDGET_CHARS = 4 * 1024 * 1024;
/** Text one reader page may carry: what a slow or catching-up subscriber holds in memory. */
export const MAX_PAGE_CHARS = 1024 * 1024;
/** Rows read from SQLite at once (at most 64 KiB each). */
export const DB_PAGE_ROWS = 32;
/**
 * Text one page read from SQLite may carry. Smaller than MAX_PAGE_CHARS on purpose: what a slow
 * reader holds lives as long as it takes to send, and a page of 1 MiB lived long enough to be
 * promoted to V8's old space, where ten slow readers of large output left hundreds of MB of dead
 * pages between full collections: the server's RSS grew with the size of the output.
 */
export const DB_PAGE_CHARS = 256 * 1024;
/** Subscribers woken per event-loop turn: a thousand at once would starve timers and I/O (tools could not emit). */
const WAKE_SLICE = 100;

/** Text an event carries, for the memory bounds (other events count as about 100). */
export function sizeOf(event: StreamEvent): number {
  return event.type === 'tool_output' || event.type === 'reply_delta' ? event.content.length : 100;
}

/** Keeps a page under `maxChars` (MAX_PAGE_CHARS), but always at least one event so a reader makes progress. */
export function capPage(events: LoggedEvent[], maxChars = MAX_PAGE_CHARS): LoggedEvent[] {
  let total = 0;
  for (let i = 0; i < events.length; i++) {
    total += sizeOf((events[i] as LoggedEvent).event);
    if (total > maxChars && i > 0) return events.slice(0, i);
  }
  return events;
}

export function wakeInSlices(waiters: (() => void)[]): void {
  for (const wake of waiters.slice(0, WAKE_SLICE)) wake();
  if (waiters.length > WAKE_SLICE) setImmediate(() => wakeInSlices(waiters.slice(WAKE_SLICE)));
}
