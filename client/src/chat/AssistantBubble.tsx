import type { Fragment } from '../../../shared/api';
import { formatTime } from '../lib/format';
import { MarkdownText } from '../markdown/MarkdownText';
import { CutNote, useFullText } from './FullText';
import { pendingReplies } from './pendingReplies';
import { useReplyStream } from './useReplyStream';

interface AssistantBubbleProps {
  messageId: string;
  conversationId: string;
  fragment: Fragment | undefined;
}

/**
 * The assistant's reply. It streams from chat.streamReply while this page is waiting for it, or
 * while it has no fragment yet (the reply is still being written: a page reloaded mid-reply picks
 * it up from the user's message). A reply with its fragment is history and needs no connection.
 */
export function AssistantBubble({ messageId, conversationId, fragment }: AssistantBubbleProps) {
  const live = pendingReplies.isPending(messageId) || fragment === undefined;
  const reply = useReplyStream(messageId, conversationId, live);
  const streaming = live && !(reply?.done ?? false);
  const full = useFullText(fragment);
  const fromStream = reply !== undefined && (reply.text !== '' || !fragment);
  const text = fromStream ? reply.text : full.text;
  const at = fragment?.createdAt;

  return (
    <div className="message message-assistant">
      <span className="avatar" aria-hidden="true">✦</span>
      <div className="bubble bubble-assistant" aria-live="polite" aria-busy={streaming}>
        {text && <MarkdownText text={text} streaming={streaming} />}
        {streaming && <span className="caret" aria-hidden="true" />}
        {streaming && !text && <span className="visually-hidden">Writing a reply…</span>}
        {!fromStream && <CutNote full={full} />}
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
