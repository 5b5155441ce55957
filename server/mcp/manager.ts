import { EventEmitter } from 'node:events';
import type { Config } from '../config/schema';
import type { ToolProvider } from '../tools/registry';
import type { Tool } from '../tools/types';
import { McpConnection, type ConnectionOptions } from './connection';

/** All configured MCP servers; provides their tools to the registry as `<server>.<tool>`. */
export class McpManager implements ToolProvider {
  readonly connections: McpConnection[];
  /** Emits `change` whenever a server's state, error or tools change (servers.onChange). */
  readonly changes = new EventEmitter<{ change: [McpConnection] }>();

  constructor(servers: Config['mcpServers'], options: ConnectionOptions) {
    const withChanges = { ...options, onChange: (connection: McpConnection) => this.changes.emit('change', connection) };
    this.connections = Object.entries(servers).map(([name, config]) => new McpConnection(name, config, withChanges));
    // Every open Servers panel listens: more than the default 10 is no leak.
    this.changes.setMaxListeners(0);
  }

  /** Connects every server at once; a server that fails is reported, not fatal (it is retried on use). */
  async start(log: (line: string) => void): Promise<void> {
    await Promise.all(
      this.connections.map(async (connection) => {
        if (connection.state === 'disabled') return log(`MCP server "${connection.name}" is disabled: not started`);
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

  async close(): Promise<void> {
    await Promise.all(this.connections.map((connection) => connection.close()));
  }
}
