import { z } from 'zod';

/**
 * Where a configured MCP server stands (servers.list, the Servers panel, /healthz):
 * `connecting` (starting, or a sign-in code being exchanged), `connected` (its tools can be called),
 * `needs_auth` (it wants the user to sign in), `failed` (it could not start, crashed or closed; the
 * reason is in `error`; a call retries it), `disabled` (`"disabled": true` in its config entry).
 */
export const ServerStatusSchema = z.enum(['connecting', 'connected', 'needs_auth', 'failed', 'disabled']);
export type ServerStatus = z.infer<typeof ServerStatusSchema>;

/** One configured MCP server, as servers.list answers it. */
export const ServerInfoSchema = z.object({
  /** The key in `mcpServers`. */
  name: z.string(),
  transport: z.enum(['stdio', 'http']),
  status: ServerStatusSchema,
  /** The MCP revision the server negotiated (e.g. `2025-11-25`); null until it has connected. */
  protocolVersion: z.string().nullable(),
  /** Why it is not connected (for `failed` with the stderr tail of a stdio server); null when it is fine. */
  error: z.string().nullable(),
  /** Tools it offers (the last known list for a server that failed after connecting). */
  toolCount: z.number().int().min(0),
  /** What the server says it is (`serverInfo` of its initialize answer); null until it has connected. */
  serverInfo: z.object({ name: z.string(), version: z.string() }).nullable(),
});
export type ServerInfo = z.infer<typeof ServerInfoSchema>;

export const ServerNameInputSchema = z.object({ name: z.string().min(1).max(200) });
export type ServerNameInput = z.infer<typeof ServerNameInputSchema>;
