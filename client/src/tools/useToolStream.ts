import { useEffect } from 'react';
import { resumeIntoStore } from '../streams/subscribeWithResume';
import { useStreamState } from '../streams/createStreamStore';
import { trpc } from '../trpc';
import { toolRuns, type ToolRunState } from './toolStreamStore';

/**
 * The live view of one tool execution: subscribes to chat.streamTool while `live` and the stream
 * has not ended, always resuming after the last event this page applied (so switching away and
 * back, or reconnecting, never repeats a line; the store also drops any event it already has).
 * `attempt` lets the user try again after retrying gave up.
 */
export function useToolStream(executionId: string, live: boolean, attempt = 0): ToolRunState | undefined {
  const { client } = trpc.useUtils();
  const state = useStreamState(toolRuns, executionId);
  const done = state?.done ?? false;

  useEffect(() => {
    if (!live || done) return;
    toolRuns.update(executionId, (current) => (current.connectionError ? { ...current, connectionError: null } : current));
    return resumeIntoStore(toolRuns, executionId, (lastEventId, handlers) =>
      client.chat.streamTool.subscribe({ executionId, lastEventId }, handlers),
    );
  }, [client, executionId, live, done, attempt]);

  return state;
}
