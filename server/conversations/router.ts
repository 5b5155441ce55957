import { ConversationCreateInputSchema, ConversationRenameInputSchema } from '../../shared/api';
import { AppError } from '../errors/appError';
import { procedure, router } from '../trpc';

export const conversationsRouter = router({
  list: procedure.query(({ ctx }) => ctx.services.conversations.list()),
  create: procedure
    .input(ConversationCreateInputSchema)
    .mutation(({ input, ctx }) => ctx.services.conversations.create(input.title ?? 'New conversation')),
  rename: procedure.input(ConversationRenameInputSchema).mutation(({ input, ctx }) => {
    const renamed = ctx.services.conversations.rename(input.id, input.title);
    if (!renamed) throw new AppError('NOT_FOUND', `conversation ${input.id} does not exist`);
    return renamed;
  }),
});
