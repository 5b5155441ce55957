import { z } from 'zod';

/** servers.signIn / servers.signOut input: a configured MCP server's name (the `mcpServers` key). */
export const ServerSignInInputSchema = z.object({ name: z.string().min(1).max(200) });

/** servers.signIn's answer: where to send the browser. Never a token. */
export const SignInResultSchema = z.object({ authorizationUrl: z.url() });
export type SignInResult = z.infer<typeof SignInResultSchema>;

export const SignOutResultSchema = z.object({ ok: z.literal(true) });
