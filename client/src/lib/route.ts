import { useSyncExternalStore } from 'react';

/**
 * Where the user is, kept in the URL hash so a reload (or a shared link) lands on the same
 * conversation: `#/c/<id>` a conversation, `#/new` a fresh one, `#/fragments` the fragments view, `#/servers` the MCP servers.
 */
export type Route = { view: 'chat'; conversationId: string | null } | { view: 'fragments' } | { view: 'servers' };

const LAST_CONVERSATION_KEY = 'fragments.lastConversation';

export function parseRoute(hash: string): Route {
  if (hash === '#/fragments') return { view: 'fragments' };
  if (hash === '#/servers') return { view: 'servers' };
  const match = /^#\/c\/([^/?#]+)$/.exec(hash);
  if (match?.[1]) return { view: 'chat', conversationId: decodeURIComponent(match[1]) };
  if (hash === '#/new') return { view: 'chat', conversationId: null };
  // No hash at all: reopen the conversation the user was last in.
  return { view: 'chat', conversationId: localStorage.getItem(LAST_CONVERSATION_KEY) };
}

export function conversationHref(id: string): string {
  return `#/c/${encodeURIComponent(id)}`;
}

export function navigate(hash: string): void {
  if (location.hash !== hash) location.hash = hash;
}

export function rememberConversation(id: string): void {
  localStorage.setItem(LAST_CONVERSATION_KEY, id);
}

function subscribe(listener: () => void): () => void {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => location.hash);
  return parseRoute(hash);
}
