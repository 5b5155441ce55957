import { z } from 'zod';

/**
 * How a configured MCP server stands (PRODUCT.md, "MCP in depth"): `connecting` until its first
 * connection is made (or while it reconnects), `connected`, `needs_auth` until the user signs in,
 * `failed` when it could not be reached or went away (`error` says why; calling one of its tools
 * tries again), `disabled` when the app will not connect it. The server's connection keeps this
 * state itself, so what tools.servers, /healthz and servers.list report is what it holds.
 */
export const ServerStatusSchema = z.enum(['connecting', 'connected', 'needs_auth', 'failed', 'disabled']);
export type ServerStatus = z.infer<typeof ServerStatusSchema>;

/** How the app talks to an MCP server: a child process over stdio, or Streamable HTTP. */
export const McpTransportSchema = z.enum(['stdio', 'http']);
export type McpTransport = z.infer<typeof McpTransportSchema>;
