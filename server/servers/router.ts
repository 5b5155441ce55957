import { ServerNameInputSchema } from '../../shared/servers';
import { withinLimit } from '../http/subscriptionLimit';
import { oauthProcedures } from '../oauth/router';
import { procedure, router } from '../trpc';
import { serverChanges } from './changes';
import { reconnectServer } from './reconnect';
import { listServers } from './status';

// A subscription without a signal (a server-side caller) reads until it stops reading.
const noSignal = () => new AbortController().signal;

export const serversRouter = router({
  /** servers.signIn / servers.signOut (server/oauth/router.ts). */
  ...oauthProcedures,
  /** Every configured MCP server: status, negotiated revision, error, tool count. */
  list: procedure.query(({ ctx }) => listServers(ctx.services.mcp)),

  /** `{ name }`: closes the server and connects it again; answers its new status. */
  reconnect: procedure.input(ServerNameInputSchema).mutation(({ input, ctx }) => reconnectServer(ctx.services.mcp, input.name)),

  /** The list now, then after every change (a crash, a reconnect, a tool list change). */
  onChange: procedure.subscription(({ ctx, signal = noSignal() }) =>
    withinLimit(ctx.services.subscriptions, ctx.subscriber, signal, () => serverChanges(ctx.services.mcp, signal)),
  ),
});
