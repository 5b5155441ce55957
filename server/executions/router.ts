/** The `executions` API: reads and commands over the runner in server/runs/ (the table itself is store/executions.ts). */
import { z } from 'zod';
import { ApproveInputSchema, ExecutionIdInputSchema, IdSchema, RespondInputSchema } from '../../shared/api';
import { approveRun } from '../runs/approve';
import { loadExecution, retryRun } from '../runs/retry';
import { queuedRunResult } from '../runs/submit';
import { respondToInput } from './respond';
import { procedure, router } from '../trpc';

export const executionsRouter = router({
  get: procedure
    .input(ExecutionIdInputSchema)
    .query(({ input, ctx }) => ctx.services.executor.describe(loadExecution(ctx.services, input.executionId))),

  list: procedure.input(z.object({ conversationId: IdSchema })).query(({ input, ctx }) =>
    ctx.services.executions.listByConversation(input.conversationId).map((execution) => ctx.services.executor.describe(execution)),
  ),

  /** Stops an execution awaiting approval, queued or running; its stream ends with tool_error CANCELLED and done. */
  cancel: procedure.input(ExecutionIdInputSchema).mutation(({ input, ctx }) => {
    const execution = loadExecution(ctx.services, input.executionId);
    const cancelled = ctx.services.executor.cancel(execution.id);
    return { executionId: execution.id, cancelled, status: cancelled ? ('cancelling' as const) : execution.status };
  }),

  /**
   * The user's decision on a run awaiting approval; answers the execution as it now is (approved:
   * queued or running; denied: failed, its stream ended with tool_error DENIED and done).
   */
  approve: procedure
    .input(ApproveInputSchema)
    .mutation(({ input, ctx }) => ctx.services.executor.describe(approveRun(ctx.services, input.executionId, input.approved))),

  /**
   * The user's answer to a run's `tool_input_required` (MCP elicitation): accept (with the form's
   * content, checked against its schema, defaults applied), decline or cancel. Answers what was
   * sent back; the stream keeps it as `tool_input_answered`.
   */
  respond: procedure.input(RespondInputSchema).mutation(({ input, ctx }) => respondToInput(ctx.services, input)),

  /** Runs the same command again as a new execution in the same conversation (same answer as chat.send). */
  retry: procedure
    .input(ExecutionIdInputSchema)
    .mutation(async ({ input, ctx }) => queuedRunResult(await retryRun(ctx.services, input.executionId), ctx.baseUrl)),
});
