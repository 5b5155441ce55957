import { procedure, router } from '../trpc';

export const toolsRouter = router({
  /** Every tool the user can call: builtins, and each configured MCP server's tools as `<server>.<tool>`. */
  list: procedure.query(({ ctx }) => ctx.services.registry.list()),
  /** Each configured MCP server and whether it is connected (with the reason when not). */
  servers: procedure.query(({ ctx }) => ctx.services.mcp.status()),
});
