import type { Config } from '../config/schema';
import type { ToolProvider } from '../tools/registry';
import type { Tool } from '../tools/types';
import { McpConnection, type ConnectionOptions } from './connection';

/** All configured MCP servers; provides their tools to the registry as `<server>.<tool>`. */
export class McpManager implements ToolProvider {
  readonly connections: McpConnection[];

  constructor(servers: Config['mcpServers'], options: ConnectionOptions) {
    this.connections = Object.entries(servers).map(([name, config]) => new McpConnection(name, config, options));
  }

  /** Connects every server at once; a server that fails is reported, not fatal (it is retried on use). */
  async start(log: (line: string) => void): Promise<void> {
    await Promise.all(
      this.connections.map(async (connection) => {
        try {
          await connection.connect();
          log(`MCP server "${connection.name}" connected: ${connection.tools.length} tools`);
        } catch (error) {
          log((error as Error).message);
        }
      }),
    );
  }

  get(name: string): McpConnection | undefined {
    return this.connections.find((connection) => connection.name === name);
  }

  /** Last known tools of every server, including one that crashed: calling it reconnects. */
  tools(): Tool[] {
    return this.connections.flatMap((connection) => connection.tools);
  }

  status() {
    return this.connections.map((connection) => ({
      name: connection.name,
      transport: connection.transport,
      state: connection.state === 'idle' ? ('connecting' as const) : connection.state,
      error: connection.error,
      toolCount: connection.tools.length,
      protocolVersion: connection.protocolVersion,
    }));
  }

  async close(): Promise<void> {
    await Promise.all(this.connections.map((connection) => connection.close()));
  }
}
