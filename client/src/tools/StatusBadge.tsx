import type { ExecutionStatus } from '../../../shared/api';
import { formatDuration, formatElapsed } from '../lib/format';
import { useNow } from '../lib/useNow';

interface StatusBadgeProps {
  status: ExecutionStatus;
  queuePosition: number | null;
  startedAt: number | null;
  executionTime: number | null;
}

/** The run's state in a word or two; announced politely when it changes. */
export function StatusBadge({ status, queuePosition, startedAt, executionTime }: StatusBadgeProps) {
  const now = useNow(status === 'running');
  let text: string;
  switch (status) {
    case 'awaiting_approval':
      text = 'Awaiting approval';
      break;
    case 'queued':
      text = queuePosition ? `Queued · #${queuePosition}` : 'Queued';
      break;
    case 'running':
      text = startedAt ? `Running · ${formatElapsed(now - startedAt)}` : 'Running';
      break;
    case 'succeeded':
      text = executionTime === null ? 'Done' : `Done · ${formatDuration(executionTime)}`;
      break;
    case 'failed':
      text = executionTime === null ? 'Failed' : `Failed · ${formatDuration(executionTime)}`;
      break;
    case 'cancelled':
      text = 'Cancelled';
      break;
    case 'interrupted':
      text = 'Interrupted';
      break;
    default: {
      const unknownStatus: never = status;
      text = String(unknownStatus);
    }
  }
  return (
    <span className={`badge badge-${status}`} role="status" aria-live="polite">
      {(status === 'queued' || status === 'running') && <span className="badge-pulse" aria-hidden="true" />}
      {text}
    </span>
  );
}
