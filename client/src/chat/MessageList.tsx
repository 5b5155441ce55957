import { useMemo, useRef } from 'react';
import { ToolCard } from '../tools/ToolCard';
import { useStickToBottom } from '../tools/useStickToBottom';
import { trpc } from '../trpc';
import { AssistantBubble } from './AssistantBubble';
import { usePendingReplies } from './pendingReplies';
import { buildTimeline } from './timeline';
import { UserBubble } from './UserBubble';

/** The newest this many fragments of a conversation are shown (the API pages forward only). */
const FRAGMENT_LIMIT = 1000;

/** One conversation: messages, replies and tool cards in order, pinned to the newest. */
export function MessageList({ conversationId }: { conversationId: string }) {
  const fragments = trpc.fragments.list.useQuery({ conversationId, limit: FRAGMENT_LIMIT });
  const executions = trpc.executions.list.useQuery({ conversationId });
  const pending = usePendingReplies(conversationId);
  const scrollRef = useRef<HTMLDivElement>(null);
  const contentRef = useRef<HTMLOListElement>(null);
  const { paused, onScroll, jumpToLatest } = useStickToBottom(scrollRef, contentRef);

  const truncated = fragments.data?.length === FRAGMENT_LIMIT;
  const items = useMemo(
    () => buildTimeline(fragments.data ?? [], executions.data ?? [], pending, truncated),
    [fragments.data, executions.data, pending, truncated],
  );
  const error = fragments.error ?? executions.error;
  const loading = fragments.isPending || executions.isPending;

  return (
    <div className="messages-frame">
      <div ref={scrollRef} className="messages" onScroll={onScroll}>
        {error && (
          <p className="inline-error" role="alert">
            Could not load this conversation: {error.message}
          </p>
        )}
        {loading && !error && <p className="messages-loading">Loading…</p>}
        {truncated && <p className="messages-loading">Showing the newest {FRAGMENT_LIMIT} messages; the fragments view searches them all.</p>}
        {!loading && items.length === 0 && <p className="messages-empty">Nothing here yet. Say something, or type / to run a tool.</p>}
        <ol ref={contentRef} className="timeline" aria-label="Messages">
          {items.map((item) => (
            <li key={item.key} className={`timeline-item timeline-${item.kind}`}>
              {item.kind === 'user' && <UserBubble fragment={item.fragment} />}
              {item.kind === 'assistant' && <AssistantBubble messageId={item.messageId} conversationId={conversationId} fragment={item.fragment} />}
              {item.kind === 'tool' && <ToolCard execution={item.execution} fragment={item.fragment} retried={item.retried} />}
            </li>
          ))}
        </ol>
      </div>
      {paused && (
        <button type="button" className="jump-latest jump-latest-messages" onClick={jumpToLatest}>
          ↓ Newest
        </button>
      )}
    </div>
  );
}
