import type { ServerInfo, ServerStatus } from '../../shared/servers';
import type { McpConnection } from '../mcp/connection';
import type { McpManager } from '../mcp/manager';

/** The connection's own states, as the shared status names them: a closed or crashed server is `failed`. */
export function statusOf(connection: McpConnection): ServerStatus {
  switch (connection.state) {
    case 'idle':
    case 'connecting':
      return 'connecting';
    case 'connected':
    case 'needs_auth':
    case 'failed':
    case 'disabled':
      return connection.state;
    case 'closed':
      return 'failed';
  }
}

/** One server as servers.list answers it. The error is already redacted (no env or header values). */
export function serverInfoOf(connection: McpConnection): ServerInfo {
  const status = statusOf(connection);
  return {
    name: connection.name,
    transport: connection.transport,
    status,
    protocolVersion: connection.protocolVersion,
    // A `failed` server always says why, even when the SDK gave no reason.
    error: status === 'failed' ? (connection.error ?? `MCP server "${connection.name}" is not connected`) : status === 'connected' ? null : connection.error,
    toolCount: connection.tools.length,
    serverInfo: status === 'connected' ? connection.serverInfo : null,
  };
}

export function listServers(mcp: McpManager): ServerInfo[] {
  return mcp.connections.map(serverInfoOf);
}
