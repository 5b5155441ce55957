import { useReplyActions } from './useReplyActions';

interface ReplyFooterProps {
  messageId: string;
  conversationId: string;
  streaming: boolean;
  stopped: boolean;
  /** How the reply failed; `recoverable` decides whether Retry is offered. */
  error: { message: string; code: string; recoverable: boolean } | null;
  retried: boolean;
}

/** Under a reply: "Stopped" or its error (message and code), Stop while it streams, Retry when it can help. */
export function ReplyFooter({ messageId, conversationId, streaming, stopped, error, retried }: ReplyFooterProps) {
  const actions = useReplyActions(messageId, conversationId);
  const canRetry = !streaming && !retried && !actions.retried && (stopped || error?.recoverable === true);
  return (
    <>
      {stopped && <p className="reply-stopped">Stopped</p>}
      {error && (
        <p className="inline-error" role="alert">
          {error.message} <code>{error.code}</code>
        </p>
      )}
      {(streaming || canRetry || actions.failure) && (
        <div className="reply-actions">
          {streaming && (
            <button type="button" className="button button-small button-danger" onClick={actions.stop} disabled={actions.stopping} aria-label="Stop reply">
              {actions.stopping ? 'Stopping…' : 'Stop'}
            </button>
          )}
          {canRetry && (
            <button type="button" className="button button-small" onClick={actions.retry} disabled={actions.retrying} aria-label="Retry reply">
              {actions.retrying ? 'Retrying…' : 'Retry'}
            </button>
          )}
          {actions.failure && (
            <span className="inline-error" role="alert">
              {actions.failure}
            </span>
          )}
        </div>
      )}
    </>
  );
}
