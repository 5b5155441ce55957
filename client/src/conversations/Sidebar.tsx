import type { Route } from '../lib/route';
import { composerFocus } from '../composer/composerFocus';
import { needsAttention } from '../servers/useServers';
import { trpc } from '../trpc';
import { useSidebar } from '../ui/sidebarContext';
import { ConversationItem } from './ConversationItem';

/** Conversations (new, rename, switch) and the way to the fragments and servers views. A drawer on phones. */
export function Sidebar({ route }: { route: Route }) {
  const sidebar = useSidebar();
  const conversations = trpc.conversations.list.useQuery();
  // Fetched again when the window regains focus; the Servers panel keeps it live while open.
  const servers = trpc.servers.list.useQuery(undefined, { refetchOnWindowFocus: true });
  const attention = needsAttention(servers.data);
  const close = () => sidebar.setOpen(false);
  const currentId = route.view === 'chat' ? route.conversationId : null;

  return (
    <nav id="sidebar" className={`sidebar${sidebar.open ? ' sidebar-open' : ''}`} aria-label="Conversations">
      <div className="sidebar-head">
        <a className="brand" href="#/new" onClick={close}>
          <span className="brand-mark" aria-hidden="true">◆</span> Fragments Chat
        </a>
        <button type="button" className="icon-button sidebar-close" aria-label="Close conversations" onClick={close}>
          <span aria-hidden="true">✕</span>
        </button>
      </div>
      {/* A new conversation exists once its first message is sent (titled after it): no empty ones pile up. */}
      <a
        className="button button-primary new-conversation"
        href="#/new"
        onClick={() => {
          close();
          // Already on a new chat: the hash does not change and nothing remounts, so ask for the focus.
          if (location.hash === '#/new') composerFocus.request();
        }}
      >
        <span aria-hidden="true">+</span> New conversation
      </a>
      <a className={`nav-link${route.view === 'fragments' ? ' nav-link-current' : ''}`} href="#/fragments" aria-current={route.view === 'fragments' ? 'page' : undefined} onClick={close}>
        Fragments
      </a>
      <a
        className={`nav-link${route.view === 'servers' ? ' nav-link-current' : ''}`}
        href="#/servers"
        aria-current={route.view === 'servers' ? 'page' : undefined}
        aria-label={attention > 0 ? `Servers, ${attention} need${attention === 1 ? 's' : ''} attention` : undefined}
        onClick={close}
      >
        Servers
        {attention > 0 && (
          <span className="nav-count" aria-hidden="true">
            {attention}
          </span>
        )}
      </a>
      <h2 className="sidebar-label">Conversations</h2>
      {conversations.error && <p className="inline-error" role="alert">{conversations.error.message}</p>}
      <ul className="conversation-list">
        {conversations.data?.map((conversation) => (
          <ConversationItem key={conversation.id} conversation={conversation} current={conversation.id === currentId} onOpen={close} />
        ))}
      </ul>
      {conversations.data?.length === 0 && <p className="sidebar-empty">No conversations yet.</p>}
    </nav>
  );
}
