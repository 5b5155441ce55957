import { SendInputSchema, StreamReplyInputSchema, StreamToolInputSchema } from '../../shared/api';
import type { ReplyEvent, ToolEvent } from '../../shared/events';
import { openStream } from '../streams/tail';
import { procedure, router } from '../trpc';
import { send } from './send';

// A subscription without a signal (a server-side caller) simply reads to the end.
const noSignal = () => new AbortController().signal;

export const chatRouter = router({
  send: procedure.input(SendInputSchema).mutation(({ input, ctx }) => send(input, ctx.services, ctx.baseUrl)),

  streamTool: procedure.input(StreamToolInputSchema).subscription(async function* ({ input, ctx, signal }) {
    const { log } = ctx.services;
    yield* openStream<ToolEvent>(log, input.executionId, 'tool', input.lastEventId, signal ?? noSignal(), ctx.waitForRoom);
  }),

  streamReply: procedure.input(StreamReplyInputSchema).subscription(async function* ({ input, ctx, signal }) {
    const { log } = ctx.services;
    yield* openStream<ReplyEvent>(log, input.messageId, 'reply', input.lastEventId, signal ?? noSignal(), ctx.waitForRoom);
  }),
});
