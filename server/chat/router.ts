import { ReplyIdInputSchema, SendInputSchema, StreamReplyInputSchema, StreamToolInputSchema } from '../../shared/api';
import type { ReplyEvent, ToolEvent } from '../../shared/events';
import { withinLimit } from '../http/subscriptionLimit';
import { openStream } from '../streams/tail';
import { procedure, router } from '../trpc';
import { send } from './send';

// A subscription without a signal (a server-side caller) simply reads to the end.
const noSignal = () => new AbortController().signal;

export const chatRouter = router({
  send: procedure.input(SendInputSchema).mutation(({ input, ctx }) => send(input, ctx.services, ctx.baseUrl)),

  /** Stops a streaming AI reply: `{ messageId, cancelled }` (false: it had already ended). */
  cancelReply: procedure.input(ReplyIdInputSchema).mutation(({ input, ctx }) => ctx.services.replies.cancel(input.messageId)),

  /** Answers the same message again as a new reply (a new messageId), like chat.send's `chat` result. */
  retryReply: procedure.input(ReplyIdInputSchema).mutation(({ input, ctx }) => ctx.services.replies.retry(input.messageId)),

  // Over SSE, these two subscriptions are normally not served from here: server/http/streamSse.ts
  // takes the request first and writes the same reader (openEvents) to the socket in tRPC's wire
  // format, because tRPC's SSE pipeline could not keep up at 1000 streams (server CPU 106% -> 62%).
  // WebSocket clients, server-side callers and requests the fast path declines still come here.
  // server/integration/sse-contract.test.ts checks both writers produce the same bytes.
  // Plain functions, not generators: openStream checks the id now, so a wrong one is an error of
  // the call itself (mapped at the edge to NOT_FOUND / BAD_REQUEST), not of the first event.
  streamTool: procedure
    .input(StreamToolInputSchema)
    .subscription(({ input, ctx, signal = noSignal() }) =>
      withinLimit(ctx.services.subscriptions, ctx.subscriber, signal, () =>
        openStream<ToolEvent>(ctx.services.log, input.executionId, 'tool', input.lastEventId, signal, ctx.waitForRoom),
      ),
    ),

  streamReply: procedure
    .input(StreamReplyInputSchema)
    .subscription(({ input, ctx, signal = noSignal() }) =>
      withinLimit(ctx.services.subscriptions, ctx.subscriber, signal, () =>
        openStream<ReplyEvent>(ctx.services.log, input.messageId, 'reply', input.lastEventId, signal, ctx.waitForRoom),
      ),
    ),
});
