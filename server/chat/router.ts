import { TRPCError } from '@trpc/server';
import { SendInputSchema, StreamReplyInputSchema, StreamToolInputSchema } from '../../shared/api';
import type { ReplyEvent, ToolEvent } from '../../shared/events';
import type { StreamKind, StreamLog } from '../streams/log';
import { parseEventId, tailStream } from '../streams/tail';
import { procedure, router } from '../trpc';
import { send } from './send';

function assertStream(log: StreamLog, id: string, kind: StreamKind): void {
  if (log.kindOf(id) !== kind) {
    throw new TRPCError({ code: 'NOT_FOUND', message: `${kind === 'tool' ? 'execution' : 'message'} ${id} does not exist` });
  }
}

export const chatRouter = router({
  send: procedure.input(SendInputSchema).mutation(({ input, ctx }) => send(input, ctx.services, ctx.baseUrl)),

  streamTool: procedure.input(StreamToolInputSchema).subscription(async function* ({ input, ctx, signal }) {
    const { log } = ctx.services;
    assertStream(log, input.executionId, 'tool');
    yield* tailStream<ToolEvent>(log, input.executionId, parseEventId(input.lastEventId), signal ?? new AbortController().signal, ctx.waitForRoom);
  }),

  streamReply: procedure.input(StreamReplyInputSchema).subscription(async function* ({ input, ctx, signal }) {
    const { log } = ctx.services;
    assertStream(log, input.messageId, 'reply');
    yield* tailStream<ReplyEvent>(log, input.messageId, parseEventId(input.lastEventId), signal ?? new AbortController().signal, ctx.waitForRoom);
  }),
});
