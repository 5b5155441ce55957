import type { Fragment } from '../../../shared/api';
import { formatTime } from '../lib/format';
import { pendingReplies } from './pendingReplies';
import { useReplyStream } from './useReplyStream';

interface AssistantBubbleProps {
  messageId: string;
  conversationId: string;
  fragment: Fragment | undefined;
}

/**
 * The assistant's reply. While this page is waiting for it, it streams from chat.streamReply;
 * history (after a reload) comes from its stored fragment and needs no connection.
 */
export function AssistantBubble({ messageId, conversationId, fragment }: AssistantBubbleProps) {
  const live = pendingReplies.isPending(messageId);
  const reply = useReplyStream(messageId, conversationId, live);
  const streaming = live && !(reply?.done ?? false);
  const text = reply && (reply.text || !fragment) ? reply.text : (fragment?.content ?? '');
  const at = fragment?.createdAt;

  return (
    <div className="message message-assistant">
      <span className="avatar" aria-hidden="true">✦</span>
      <div className="bubble bubble-assistant" aria-live="polite" aria-busy={streaming}>
        <p className="bubble-text">
          {text}
          {streaming && <span className="caret" aria-hidden="true" />}
          {streaming && !text && <span className="visually-hidden">Writing a reply…</span>}
        </p>
        {reply?.toolCalls.map((call) => (
          <p key={call.executionId} className="tool-note">
            Called <code>{call.tool}</code>; its run is shown below.
          </p>
        ))}
        {reply?.error && (
          <p className="inline-error" role="alert">
            {reply.error.message} <code>{reply.error.code}</code>
          </p>
        )}
        {reply?.connectionError && !reply.done && (
          <p className="inline-error" role="alert">
            Live updates stopped: {reply.connectionError}
          </p>
        )}
      </div>
      {at !== undefined && (
        <time className="message-time" dateTime={new Date(at).toISOString()}>
          {formatTime(at)}
        </time>
      )}
    </div>
  );
}
