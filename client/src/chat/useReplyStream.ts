import { useEffect } from 'react';
import { resumeIntoStore } from '../streams/subscribeWithResume';
import { useStreamState } from '../streams/createStreamStore';
import { trpc } from '../trpc';
import { modelCalls } from './modelCalls';
import { replies, type ReplyState } from './replyStreamStore';

/**
 * The live view of one assistant reply (chat.streamReply), resuming after the last applied event.
 * A tool call inside the reply starts a run: its card shows under the reply at once (modelCalls),
 * and the conversation's runs are refreshed so the listed record takes over.
 */
export function useReplyStream(messageId: string, conversationId: string, live: boolean): ReplyState | undefined {
  const utils = trpc.useUtils();
  const state = useStreamState(replies, messageId);
  const done = state?.done ?? false;
  const calls = state?.toolCalls;
  const toolCalls = calls?.length ?? 0;

  useEffect(() => {
    if (!live || done) return;
    return resumeIntoStore(replies, messageId, (lastEventId, handlers) =>
      utils.client.chat.streamReply.subscribe({ messageId, lastEventId }, handlers),
    );
  }, [utils, messageId, live, done]);

  useEffect(() => {
    if (calls && calls.length > 0) modelCalls.record(conversationId, messageId, calls);
  }, [conversationId, messageId, calls]);

  useEffect(() => {
    if (toolCalls > 0 || done) void utils.executions.list.invalidate({ conversationId });
    if (done) void utils.fragments.list.invalidate();
  }, [utils, conversationId, toolCalls, done]);

  return state;
}
