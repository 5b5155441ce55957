import { describeRequestError } from '../lib/errors';
import { trpc } from '../trpc';
import { startedRuns } from './startedRuns';

/** Stop and Retry for one run; both refresh the conversation's list of runs when they land. */
export function useRunActions(executionId: string, conversationId: string) {
  const utils = trpc.useUtils();
  const refresh = () => utils.executions.list.invalidate({ conversationId });
  const cancel = trpc.executions.cancel.useMutation({ onSettled: refresh });
  const retry = trpc.executions.retry.useMutation({
    onSuccess: (started) => {
      startedRuns.add(started.executionId);
      return refresh();
    },
  });
  const failure = cancel.error ?? retry.error;
  return {
    stop: () => cancel.mutate({ executionId }),
    stopping: cancel.isPending || cancel.data?.cancelled === true,
    retry: () => retry.mutate({ executionId }),
    retrying: retry.isPending,
    retried: retry.isSuccess,
    failure: failure ? describeRequestError(failure).message : null,
  };
}
