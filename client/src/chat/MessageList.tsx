import { useLayoutEffect, useMemo, useRef, type RefObject } from 'react';
import { ToolCard } from '../tools/ToolCard';
import { useStickToBottom } from '../tools/useStickToBottom';
import { trpc } from '../trpc';
import { AssistantBubble } from './AssistantBubble';
import { useModelCalls } from './modelCalls';
import { usePendingReplies } from './pendingReplies';
import { buildTimeline } from './timeline';
import { useConversationFragments } from './useConversationFragments';
import { UserBubble } from './UserBubble';

/**
 * Earlier messages go in above what the user is reading: keep their distance from the bottom, so
 * the view stays on the same message instead of jumping to the top of the new page.
 */
function useKeepPlaceOnPrepend(scrollRef: RefObject<HTMLElement | null>, pageCount: number) {
  const fromBottom = useRef<number | null>(null);
  useLayoutEffect(() => {
    const box = scrollRef.current;
    if (!box || fromBottom.current === null) return;
    box.scrollTop = box.scrollHeight - fromBottom.current;
    fromBottom.current = null;
  }, [scrollRef, pageCount]);
  return () => {
    const box = scrollRef.current;
    if (box) fromBottom.current = box.scrollHeight - box.scrollTop;
  };
}

/** One conversation: messages, replies and tool cards in order, pinned to the newest. */
export function MessageList({ conversationId }: { conversationId: string }) {
  const fragments = useConversationFragments(conversationId);
  const executions = trpc.executions.list.useQuery({ conversationId });
  const pending = usePendingReplies(conversationId);
  const liveCalls = useModelCalls(conversationId);
  const scrollRef = useRef<HTMLDivElement>(null);
  const contentRef = useRef<HTMLOListElement>(null);
  const { paused, onScroll, jumpToLatest } = useStickToBottom(scrollRef, contentRef);
  const rememberPlace = useKeepPlaceOnPrepend(scrollRef, fragments.pageCount);

  const items = useMemo(
    () => buildTimeline(fragments.fragments ?? [], executions.data ?? [], pending, fragments.hasEarlier, liveCalls),
    [fragments.fragments, executions.data, pending, fragments.hasEarlier, liveCalls],
  );
  const error = fragments.error ?? executions.error;
  const loading = fragments.isPending || executions.isPending;
  const loadEarlier = () => {
    rememberPlace();
    fragments.loadEarlier();
  };

  return (
    <div className="messages-frame">
      <div ref={scrollRef} className="messages" onScroll={onScroll}>
        {error && (
          <p className="inline-error" role="alert">
            Could not load this conversation: {error.message}
          </p>
        )}
        {loading && !error && <p className="messages-loading">Loading…</p>}
        {fragments.hasEarlier && (
          <p className="messages-earlier">
            <button type="button" className="button" onClick={loadEarlier} disabled={fragments.loadingEarlier}>
              {fragments.loadingEarlier ? 'Loading earlier messages…' : 'Load earlier messages'}
            </button>
          </p>
        )}
        {!loading && items.length === 0 && <p className="messages-empty">Nothing here yet. Say something, or type / to run a tool.</p>}
        <ol ref={contentRef} className="timeline" aria-label="Messages">
          {items.map((item) => (
            <li key={item.key} className={`timeline-item timeline-${item.kind}`}>
              {item.kind === 'user' && <UserBubble fragment={item.fragment} />}
              {item.kind === 'assistant' && <AssistantBubble messageId={item.messageId} conversationId={conversationId} fragment={item.fragment} retried={item.retried} runs={item.runs} />}
              {item.kind === 'tool' && <ToolCard execution={item.execution} fragment={item.fragment} retried={item.retried} askedByModel={item.askedByModel} />}
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
