import { pendingReplies } from '../chat/pendingReplies';
import { describeRequestError } from '../lib/errors';
import { conversationHref, navigate, rememberConversation } from '../lib/route';
import { getSessionId, setSessionId } from '../lib/session';
import { startedRuns } from '../tools/startedRuns';
import { trpc } from '../trpc';

/**
 * chat.send, and what follows it: the new message and run appear (their lists are refetched
 * before we report success, so the text leaves the input as its bubble arrives), a reply starts
 * streaming, and a first message moves the page to the conversation the server created.
 */
export function useSendMessage(conversationId: string | null) {
  const utils = trpc.useUtils();
  const mutation = trpc.chat.send.useMutation();

  async function submit(content: string): Promise<boolean> {
    let result;
    try {
      result = await mutation.mutateAsync({ content, conversationId: conversationId ?? undefined, sessionId: getSessionId() });
    } catch {
      return false; // the error is shown next to the input; the text stays
    }
    setSessionId(result.sessionId);
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
    if (result.conversationId !== conversationId) {
      rememberConversation(result.conversationId);
      navigate(conversationHref(result.conversationId));
    }
    return true;
  }

  return {
    submit,
    pending: mutation.isPending,
    error: mutation.error ? describeRequestError(mutation.error) : null,
    clearError: mutation.reset,
  };
}
