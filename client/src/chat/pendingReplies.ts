import { useSyncExternalStore } from 'react';
import type { PendingReply } from './timeline';

/**
 * Replies this page asked for and is streaming. They show right away, even before the server
 * lists their fragment; once it does, the fragment's message id matches and takes over.
 */
const byConversation = new Map<string, PendingReply[]>();
const listeners = new Set<() => void>();
const EMPTY: PendingReply[] = [];

export const pendingReplies = {
  add(conversationId: string, reply: PendingReply): void {
    byConversation.set(conversationId, [...(byConversation.get(conversationId) ?? []), reply]);
    for (const listener of listeners) listener();
  },
  isPending(messageId: string): boolean {
    for (const replies of byConversation.values()) if (replies.some((reply) => reply.messageId === messageId)) return true;
    return false;
  },
};

export function usePendingReplies(conversationId: string | null): PendingReply[] {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => (conversationId ? (byConversation.get(conversationId) ?? EMPTY) : EMPTY),
  );
}
