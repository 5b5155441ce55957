import type { ExecutionStatus } from '../../../shared/api';
import { formatDuration, formatElapsed } from '../lib/format';
import { useNow } from '../lib/useNow';

interface StatusBadgeProps {
  status: ExecutionStatus;
  queuePosition: number | null;
  startedAt: number | null;
  executionTime: number | null;
  /** When the run ended, from the listed record: a run stopped or refused has no result to time it. */
  finishedAt?: number | null;
  /** The run's error code: a refusal (DENIED) is not a failure of the tool. */
  errorCode?: string | null;
  /** The running tool asked the user something (MCP elicitation) that is not answered yet. */
  waitingForInput?: boolean;
}

/** The run's state in a word or two; announced politely when it changes. */
export function StatusBadge({ status, queuePosition, startedAt, executionTime, finishedAt = null, errorCode = null, waitingForInput = false }: StatusBadgeProps) {
  const now = useNow(status === 'running');
  // How long it ran: the tool's own time when it returned, else start to end of the record.
  const ran = executionTime ?? (startedAt !== null && finishedAt !== null ? Math.max(0, finishedAt - startedAt) : null);
  const denied = status === 'failed' && errorCode === 'DENIED';
  let text: string;
  switch (status) {
    case 'awaiting_approval':
      text = 'Awaiting approval';
      break;
    case 'queued':
      text = queuePosition ? `Queued · #${queuePosition}` : 'Queued';
      break;
    case 'running':
      if (waitingForInput) text = 'Waiting for your answer';
      else text = startedAt ? `Running · ${formatElapsed(now - startedAt)}` : 'Running';
      break;
    case 'succeeded':
      text = executionTime === null ? 'Done' : `Done · ${formatDuration(executionTime)}`;
      break;
    case 'failed':
      // Denied before it started: nothing ran, so no time either.
      if (denied) text = 'Denied';
      else text = ran === null ? 'Failed' : `Failed · ${formatDuration(ran)}`;
      break;
    case 'cancelled':
      text = ran === null ? 'Cancelled' : `Cancelled · ${formatDuration(ran)}`;
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
    <span className={`badge badge-${denied ? 'denied' : status}`} role="status" aria-live="polite">
      {(status === 'queued' || status === 'running') && <span className="badge-pulse" aria-hidden="true" />}
      {text}
    </span>
  );
}
