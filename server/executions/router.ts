import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { ExecutionIdInputSchema, IdSchema } from '../../shared/api';
import { CommandError } from '../commands/errors';
import { streamUrlFor } from '../chat/send';
import type { Services } from '../services';
import { procedure, router } from '../trpc';

function load(services: Services, executionId: string) {
  const execution = services.executions.get(executionId);
  if (!execution) throw new TRPCError({ code: 'NOT_FOUND', message: `execution ${executionId} does not exist` });
  return execution;
}

export const executionsRouter = router({
  get: procedure.input(ExecutionIdInputSchema).query(({ input, ctx }) => ctx.services.executor.describe(load(ctx.services, input.executionId))),

  list: procedure.input(z.object({ conversationId: IdSchema })).query(({ input, ctx }) =>
    ctx.services.executions.listByConversation(input.conversationId).map((execution) => ctx.services.executor.describe(execution)),
  ),

  /** Stops a queued or running execution; its stream ends with tool_error CANCELLED and done. */
  cancel: procedure.input(ExecutionIdInputSchema).mutation(({ input, ctx }) => {
    const execution = load(ctx.services, input.executionId);
    const cancelled = ctx.services.executor.cancel(execution.id);
    return { executionId: execution.id, cancelled, status: cancelled ? ('cancelling' as const) : execution.status };
  }),

  /** Runs the same command again as a new execution in the same conversation. */
  retry: procedure.input(ExecutionIdInputSchema).mutation(({ input, ctx }) => {
    const { executor, registry, validator } = ctx.services;
    const old = load(ctx.services, input.executionId);
    if (old.status === 'queued' || old.status === 'running') {
      throw new TRPCError({ code: 'CONFLICT', message: `execution ${old.id} is still ${old.status}; cancel it first` });
    }
    const tool = registry.get(old.tool);
    if (!tool) throw new TRPCError({ code: 'BAD_REQUEST', message: `the tool ${old.tool} is no longer available` });
    try {
      validator.validate(tool.name, tool.inputSchema, old.parameters);
    } catch (error) {
      if (error instanceof CommandError) throw new TRPCError({ code: 'BAD_REQUEST', message: error.message });
      throw error;
    }
    if (!executor.hasRoom()) throw new TRPCError({ code: 'TOO_MANY_REQUESTS', message: 'the tool queue is full' });
    const execution = executor.submit({
      conversationId: old.conversationId,
      sessionId: old.sessionId,
      userFragmentId: old.userFragmentId,
      tool: old.tool,
      parameters: old.parameters,
      retryOf: old.id,
    });
    return {
      type: 'tool_execution' as const,
      executionId: execution.id,
      streamUrl: streamUrlFor(ctx.baseUrl, execution.id),
      conversationId: execution.conversationId,
      sessionId: execution.sessionId,
      userFragmentId: execution.userFragmentId,
    };
  }),
});
