import { describeRequestError } from '../lib/errors';
import { trpc } from '../trpc';
import { pendingReplies } from './pendingReplies';
import { replies } from './replyStreamStore';

/**
 * Stop and Retry for one assistant reply. Stop marks the reply stopped as soon as the server says
 * it cancelled it (the stream then ends with the partial text). Retry asks for a new reply to the
 * same message: it streams as a pending reply placed under this one, which stays as it was.
 */
export function useReplyActions(messageId: string, conversationId: string) {
  const utils = trpc.useUtils();
  const cancel = trpc.chat.cancelReply.useMutation({
    onSuccess: (answer) => {
      if (answer.cancelled) replies.update(messageId, (state) => ({ ...state, stopped: true }));
    },
  });
  const retry = trpc.chat.retryReply.useMutation({
    onSuccess: (started) => {
      pendingReplies.add(started.conversationId, { messageId: started.messageId, userFragmentId: started.userFragmentId, at: Date.now(), retryOf: messageId });
      return utils.fragments.list.invalidate();
    },
  });
  const failure = cancel.error ?? retry.error;
  return {
    stop: () => cancel.mutate({ messageId }),
    stopping: cancel.isPending || cancel.data?.cancelled === true,
    retry: () => retry.mutate({ messageId }),
    retrying: retry.isPending,
    retried: retry.isSuccess,
    failure: failure ? describeRequestError(failure).message : null,
  };
}
