/**
 * The check a tool command passes before anything is stored: its MCP server must be connected.
 * A server that failed (never started, crashed, closed) is tried once more here, as it always was,
 * so a server that was fixed meanwhile just works; one that still fails, one that waits for the
 * user to sign in, and one that is disabled are refused with what to do about it.
 */
import { AppError } from '../errors/appError';
import type { McpConnection } from '../mcp/connection';
import type { McpManager } from '../mcp/manager';

export const RECONNECT_HINT = 'Fix that, then press Reconnect in the Servers panel (or send the command again).';

/** `tool` is a full tool name; a builtin (no dot) or an unknown server is resolveCall's to judge. */
export async function ensureServerReady(tool: string, mcp: McpManager): Promise<void> {
  const dot = tool.indexOf('.');
  if (dot < 0) return;
  const connection = mcp.get(tool.slice(0, dot));
  if (!connection || connection.state === 'connected') return;
  refuseUnusable(connection);
  try {
    await connection.connect();
  } catch (error) {
    // Connecting may have found that the server wants a sign-in.
    refuseUnusable(connection);
    const message = error instanceof Error ? error.message : String(error);
    throw new AppError('MCP_SERVER_UNAVAILABLE', `${message}\n${RECONNECT_HINT}`, { recoverable: true });
  }
}

function refuseUnusable(connection: McpConnection): void {
  const name = connection.name;
  if (connection.state === 'disabled') {
    throw new AppError(
      'MCP_SERVER_UNAVAILABLE',
      `MCP server "${name}" is disabled ("disabled": true in its entry in fragments.config.json): remove that and restart the app to use its tools`,
    );
  }
  if (connection.state === 'needs_auth') {
    const reason = connection.error ? ` (${connection.error})` : '';
    throw new AppError(
      'MCP_SERVER_UNAVAILABLE',
      `MCP server "${name}" needs you to sign in${reason}: open Servers in the sidebar and press Sign in, then send the command again`,
      { recoverable: true },
    );
  }
}
