import type { ServerInfo } from '../../shared/servers';
import { AppError } from '../errors/appError';
import type { McpManager } from '../mcp/manager';
import { serverInfoOf } from './status';

/** servers.reconnect: closes the server, connects it again and answers how that went (a failure is a status, not an error). */
export async function reconnectServer(mcp: McpManager, name: string): Promise<ServerInfo> {
  const connection = mcp.get(name);
  if (!connection) {
    const known = mcp.connections.map((c) => `"${c.name}"`).join(', ') || 'none';
    throw new AppError('NOT_FOUND', `no MCP server named "${name}" in mcpServers (configured: ${known})`);
  }
  if (connection.state === 'disabled') {
    throw new AppError('CONFLICT', `MCP server "${name}" is disabled ("disabled": true in its entry in fragments.config.json): remove that and restart the app to start it`);
  }
  await connection.reconnect();
  return serverInfoOf(connection);
}
