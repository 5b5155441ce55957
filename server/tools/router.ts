import { listServers } from '../servers/status';
import { procedure, router } from '../trpc';

export const toolsRouter = router({
  /** Every tool the user can call: builtins, and each configured MCP server's tools as `<server>.<tool>`. */
  list: procedure.query(({ ctx }) => ctx.services.registry.list()),
  /** The same as servers.list, kept for clients written before it. */
  servers: procedure.query(({ ctx }) => listServers(ctx.services.mcp)),
});
