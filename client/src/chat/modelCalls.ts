import { useSyncExternalStore } from 'react';
import type { ReplyToolCall } from './replyStreamStore';

/** A tool call heard on a live reply stream, before (or without) the reply's fragment listing it. */
export interface ModelCall extends ReplyToolCall {
  /** The reply (its stream id) that made the call. */
  messageId: string;
  conversationId: string;
}

/**
 * Tool calls the open reply streams have told, per conversation. The conversation's timeline reads
 * them to put each model-started card in its reply at once: the reply's fragment (which lists
 * them in `tool_calls`) is only written when the reply ends.
 */
const byConversation = new Map<string, ModelCall[]>();
const listeners = new Set<() => void>();
const EMPTY: ModelCall[] = [];

export const modelCalls = {
  record(conversationId: string, messageId: string, calls: ReplyToolCall[]): void {
    const known = byConversation.get(conversationId) ?? EMPTY;
    const fresh = calls.filter((call) => !known.some((k) => k.executionId === call.executionId));
    if (fresh.length === 0) return;
    byConversation.set(conversationId, [...known, ...fresh.map((call) => ({ ...call, messageId, conversationId }))]);
    for (const listener of listeners) listener();
  },
  of(conversationId: string): ModelCall[] {
    return byConversation.get(conversationId) ?? EMPTY;
  },
};

export function useModelCalls(conversationId: string): ModelCall[] {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => modelCalls.of(conversationId),
  );
}
