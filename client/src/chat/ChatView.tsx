import { useEffect } from 'react';
import { Composer } from '../composer/Composer';
import { rememberConversation } from '../lib/route';
import { trpc } from '../trpc';
import { ViewHeader } from '../ui/ViewHeader';
import { MessageList } from './MessageList';
import { WelcomePanel } from './WelcomePanel';

/** The chat screen: the conversation (or a welcome for a new one) above the composer. */
export function ChatView({ conversationId }: { conversationId: string | null }) {
  const conversations = trpc.conversations.list.useQuery();
  // A remembered id may be gone (a fresh data dir): start a new conversation instead of failing.
  const known = conversationId !== null && (conversations.data === undefined || conversations.data.some((c) => c.id === conversationId));
  const current = known ? conversationId : null;
  const title = conversations.data?.find((c) => c.id === current)?.title ?? 'New conversation';
  useEffect(() => {
    if (current) rememberConversation(current);
  }, [current]);

  return (
    <section className="chat" aria-label={title}>
      <ViewHeader title={title} />
      {current ? <MessageList key={`messages-${current}`} conversationId={current} /> : <WelcomePanel />}
      <Composer key={`composer-${current ?? 'new'}`} conversationId={current} />
    </section>
  );
}
