import { ServerSignInInputSchema } from '../../shared/oauth';
import { procedure } from '../trpc';

/**
 * servers.signIn / servers.signOut (PRODUCT.md "MCP in depth"). Merged into the `servers`
 * namespace in routers/_app.ts. The answer is the authorization URL only: tokens never leave the server.
 */
export const oauthProcedures = {
  /** A fresh authorization URL; the authorization server sends the browser back to <publicUrl>/oauth/callback. */
  signIn: procedure
    .input(ServerSignInInputSchema)
    .mutation(async ({ ctx, input }) => ({ authorizationUrl: await ctx.services.oauth.signIn(input.name) })),
  /** Forgets the server's tokens: its next request needs sign-in again. */
  signOut: procedure.input(ServerSignInInputSchema).mutation(async ({ ctx, input }) => {
    // The open connection's session was made with the token: it goes first, then the token.
    await ctx.services.mcp.get(input.name)?.close();
    ctx.services.oauth.signOut(input.name);
    return { ok: true as const };
  }),
};


