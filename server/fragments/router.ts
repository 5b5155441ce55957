import { z } from 'zod';
import { FragmentsListInputSchema, IdSchema } from '../../shared/api';
import { AppError } from '../errors/appError';
import { procedure, router } from '../trpc';

export const fragmentsRouter = router({
  /** Fragments, newest last; filter by conversation, session, role, or full-text `query`. */
  list: procedure.input(FragmentsListInputSchema).query(({ input, ctx }) => ctx.services.fragments.list(input)),

  get: procedure.input(z.object({ id: IdSchema })).query(({ input, ctx }) => {
    const fragment = ctx.services.fragments.get(input.id);
    if (!fragment) throw new AppError('NOT_FOUND', `fragment ${input.id} does not exist`);
    return fragment;
  }),
});
