import type { RequestedBy } from '../../../shared/api';
import { describeRequestError } from '../lib/errors';
import { prettyJson } from '../lib/format';
import { trpc } from '../trpc';

interface ApprovalPanelProps {
  executionId: string;
  conversationId: string;
  tool: string;
  parameters: Record<string, unknown>;
  requestedBy: RequestedBy;
}

/**
 * A run waiting for the user's decision (approval policy `ask`): exactly what would run and who
 * asked, with Approve and Deny. The stream says what happens next (queued, or a DENIED error), so
 * the panel only waits for the answer and never guesses the run's state.
 */
export function ApprovalPanel({ executionId, conversationId, tool, parameters, requestedBy }: ApprovalPanelProps) {
  const utils = trpc.useUtils();
  const decide = trpc.executions.approve.useMutation({ onSettled: () => utils.executions.list.invalidate({ conversationId }) });
  const busy = decide.isPending || decide.isSuccess;
  const choice = decide.variables?.approved;
  return (
    <section className="approval" aria-label={`Approval for ${tool}`}>
      <p className="approval-title">
        <strong>Run this tool?</strong> {requestedBy === 'model' ? 'The AI model asked for it.' : 'You asked for it.'}
      </p>
      <p className="approval-what">
        <code className="tool-name">{tool}</code> with these arguments:
      </p>
      <pre className="approval-parameters" tabIndex={0} aria-label={`Arguments for ${tool}`}>
        {prettyJson(parameters)}
      </pre>
      <div className="approval-actions">
        <button type="button" className="button button-primary" onClick={() => decide.mutate({ executionId, approved: true })} disabled={busy} aria-label={`Approve ${tool}`}>
          {busy && choice === true ? 'Approving…' : 'Approve'}
        </button>
        <button type="button" className="button button-danger" onClick={() => decide.mutate({ executionId, approved: false })} disabled={busy} aria-label={`Deny ${tool}`}>
          {busy && choice === false ? 'Denying…' : 'Deny'}
        </button>
        {decide.error && (
          <span className="inline-error" role="alert">
            {describeRequestError(decide.error).message}
          </span>
        )}
      </div>
    </section>
  );
}
