import type { Fragment } from '../../../shared/api';
import { formatTime } from '../lib/format';
import { MarkdownText } from '../markdown/MarkdownText';
import { RefusedCard } from '../tools/RefusedCard';
import { ToolCard } from '../tools/ToolCard';
import { CutNote, useFullText } from './FullText';
import { pendingReplies } from './pendingReplies';
import { replyMetadataOf } from './replyMetadata';
import { ReplyFooter } from './ReplyFooter';
import { placesOf, replyParts, type ToolItem } from './timeline';
import { useReplyStream } from './useReplyStream';

interface AssistantBubbleProps {
  messageId: string;
  conversationId: string;
  fragment: Fragment | undefined;
  /** A later reply to the same message exists (a retry): this one offers no Retry of its own. */
  retried: boolean;
  /** The runs the model started in this reply (timeline.ts): each shows where it was called. */
  runs: ToolItem[];
}

/**
 * The assistant's reply, as Markdown. It streams from chat.streamReply while this page is waiting
 * for it, or while it has no fragment yet (the reply is still being written: a page reloaded
 * mid-reply picks it up from the user's message). A reply with its fragment is history and needs
 * no connection; its metadata still says whether it was stopped or failed.
 */
export function AssistantBubble({ messageId, conversationId, fragment, retried, runs }: AssistantBubbleProps) {
  const live = pendingReplies.isPending(messageId) || fragment === undefined;
  const reply = useReplyStream(messageId, conversationId, live);
  const streaming = live && !(reply?.done ?? false);
  const full = useFullText(fragment);
  const fromStream = reply !== undefined && (reply.text !== '' || !fragment);
  const text = fromStream ? reply.text : full.text;
  const meta = fragment ? replyMetadataOf(fragment) : null;
  // A stored CANCELLED error is a stop told the other way, like the stream's (replyStreamStore.ts).
  const storedStop = meta?.stopped === true || meta?.error?.code === 'CANCELLED';
  const stopped = (reply?.stopped ?? false) || storedStop;
  // The stream's error says whether a retry can help; a stored one does not, and the cause (a key,
  // a model name) may have been fixed since, so history offers Retry.
  const stored = meta?.error && !storedStop ? { ...meta.error, recoverable: true } : null;
  const error = reply?.error ?? stored;
  const at = fragment?.createdAt;
  // The places go with the text they index: the stream's while it is the text shown, else the fragment's.
  const parts = replyParts(text, fromStream ? reply.places : placesOf(fragment), runs);
  const lastText = parts.findLastIndex((part) => part.kind === 'text');

  return (
    <div className="message message-assistant">
      <span className="avatar" aria-hidden="true">✦</span>
      <div className={`bubble bubble-assistant${stopped ? ' bubble-stopped' : ''}`} aria-busy={streaming}>
        {parts.map((part, index) =>
          part.kind === 'text' ? (
            <div key={part.key} aria-live={index === lastText ? 'polite' : undefined}>
              <MarkdownText text={part.text} streaming={streaming && index === parts.length - 1} />
            </div>
          ) : part.kind === 'run' ? (
            <ToolCard key={part.key} execution={part.item.execution} fragment={part.item.fragment} retried={part.item.retried} askedByModel />
          ) : (
            <RefusedCard key={part.key} refused={part.refused} />
          ),
        )}
        {/* With text last, the caret follows its last block (markdown.css); otherwise it stands alone. */}
        {streaming && parts.at(-1)?.kind !== 'text' && <span className="caret" aria-hidden="true" />}
        {streaming && !text && <span className="visually-hidden">Writing a reply…</span>}
        {!fromStream && <CutNote full={full} />}
        {reply?.connectionError && !reply.done && (
          <p className="inline-error" role="alert">
            Live updates stopped: {reply.connectionError}
          </p>
        )}
        <ReplyFooter messageId={messageId} conversationId={conversationId} streaming={streaming} stopped={stopped} error={error} retried={retried} />
      </div>
      {at !== undefined && (
        <time className="message-time" dateTime={new Date(at).toISOString()}>
          {formatTime(at)}
        </time>
      )}
    </div>
  );
}
