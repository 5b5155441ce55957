import { useEffect, useRef } from 'react';
import { Composer } from '../composer/Composer';
import { createdConversations } from '../composer/createdConversations';
import { rememberConversation } from '../lib/route';
import { trpc } from '../trpc';
import { ViewHeader } from '../ui/ViewHeader';
import { MessageList } from './MessageList';
import { WelcomePanel } from './WelcomePanel';

/** The chat screen: the conversation (or a welcome for a new one) above the composer. */
export function ChatView({ conversationId }: { conversationId: string | null }) {
  const conversations = trpc.conversations.list.useQuery();
  // A remembered id may be gone (a fresh data dir): start a new conversation instead of failing.
  // One this page just created is known before the list has refetched.
  const known =
    conversationId !== null &&
    (conversations.data === undefined || createdConversations.has(conversationId) || conversations.data.some((c) => c.id === conversationId));
  const current = known ? conversationId : null;
  const composerKey = useComposerKey(current);
  const title = conversations.data?.find((c) => c.id === current)?.title ?? 'New conversation';
  useEffect(() => {
    if (current) rememberConversation(current);
  }, [current]);

  return (
    <section className="chat" aria-label={title}>
      <ViewHeader title={title} />
      {current ? <MessageList key={`messages-${current}`} conversationId={current} /> : <WelcomePanel />}
      <Composer key={composerKey} conversationId={current} />
    </section>
  );
}

/**
 * A new composer for each conversation shown (its draft, its sends), except when a new chat becomes
 * the conversation its own first send created: that composer stays, with what is being typed in it
 * and the sends still waiting for that first answer.
 */
function useComposerKey(current: string | null): string {
  const shown = useRef({ conversation: current, key: 0 });
  if (shown.current.conversation !== current) {
    const adopted = shown.current.conversation === null && current !== null && createdConversations.has(current);
    shown.current = { conversation: current, key: adopted ? shown.current.key : shown.current.key + 1 };
  }
  return `composer-${shown.current.key}`;
}
