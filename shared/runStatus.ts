import type { ExecutionStatus } from './api';
import type { StreamError } from './events';

/**
 * How a finished run's status follows from how it ended, for the server (the fragment and the
 * execution record) and the client (a card reading the stream) alike: no error is success; a
 * cancel, a restart and anything else each have their own status.
 */
export function endStatusOf(error: Pick<StreamError, 'code'> | null | undefined): ExecutionStatus {
  if (!error) return 'succeeded';
  switch (error.code) {
    case 'CANCELLED':
      return 'cancelled';
    case 'SERVER_RESTARTED':
      return 'interrupted';
    default:
      return 'failed';
  }
}

const FINISHED: ReadonlySet<ExecutionStatus> = new Set(['succeeded', 'failed', 'cancelled', 'interrupted']);

export function isFinished(status: ExecutionStatus): boolean {
  return FINISHED.has(status);
}
