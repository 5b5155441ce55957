import { ServerSignInInputSchema } from '../../shared/oauth';
import { procedure, router } from '../trpc';

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
    ctx.services.oauth.signOut(input.name);
    // The open connection holds no token of its own, but its session was made with one: close it.
    await ctx.services.mcp.get(input.name)?.close();
    return { ok: true as const };
  }),
};

export const oauthRouter = router(oauthProcedures);
