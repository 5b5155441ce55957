import { procedure, router } from '../trpc';

export const promptsRouter = router({
  /** Every prompt of every configured MCP server as `<server>.<prompt>`, with its arguments: what `/prompt` takes. */
  list: procedure.query(({ ctx }) => ctx.services.mcp.prompts()),
});
