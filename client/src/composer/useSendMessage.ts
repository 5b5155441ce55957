import { useRef } from 'react';
import { pendingReplies } from '../chat/pendingReplies';
import { describeRequestError } from '../lib/errors';
import { conversationHref, navigate, rememberConversation } from '../lib/route';
import { getSessionId, setSessionId } from '../lib/session';
import { startedRuns } from '../tools/startedRuns';
import { trpc } from '../trpc';
import { createdConversations } from './createdConversations';

/**
 * chat.send, and what follows it: the new message and run appear (their lists are refetched
 * before we report success, so the text leaves the input as its bubble arrives), a reply starts
 * streaming, and a first message moves the page to the conversation the server created.
 *
 * Sends from a new chat that come before the first one's answer (a fast typist, a paste) wait for
 * it and go to the conversation it created: every message from a view lands in that view's
 * conversation, in the order sent.
 */
export function useSendMessage(conversationId: string | null) {
  const utils = trpc.useUtils();
  const mutation = trpc.chat.send.useMutation();
  // The conversation the first send of a new chat creates (null if it was refused).
  const creating = useRef<Promise<string | null> | null>(null);

  async function submit(content: string): Promise<boolean> {
    let target = conversationId;
    if (target === null && creating.current) target = await creating.current;
    const sending = mutation.mutateAsync({ content, conversationId: target ?? undefined, sessionId: getSessionId() });
    if (target === null) {
      creating.current = sending.then(
        (answer) => answer.conversationId,
        () => null,
      );
    }
    let result;
    try {
      result = await sending;
    } catch {
      return false; // the error is shown next to the input; the text stays
    }
    setSessionId(result.sessionId);
    if (result.conversationId !== conversationId) {
      createdConversations.add(result.conversationId);
      rememberConversation(result.conversationId);
      navigate(conversationHref(result.conversationId));
    }
    if (result.type === 'chat') {
      pendingReplies.add(result.conversationId, { messageId: result.messageId, userFragmentId: result.userFragmentId, at: Date.now() });
    } else {
      startedRuns.add(result.executionId);
    }
    await Promise.all([
      utils.fragments.list.invalidate(),
      utils.executions.list.invalidate({ conversationId: result.conversationId }),
      utils.conversations.list.invalidate(),
    ]);
    return true;
  }

  return {
    submit,
    pending: mutation.isPending,
    error: mutation.error ? describeRequestError(mutation.error) : null,
    clearError: mutation.reset,
  };
}
