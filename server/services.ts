import type { Config } from './config/schema';
import { ArgumentValidator } from './commands/validate';
import { ExecutionService } from './runs/service';
import { McpManager } from './mcp/manager';
import { ReplyService } from './replies/service';
import { ConversationStore } from './store/conversations';
import { openDatabase, type Db } from './store/db';
import { ExecutionStore } from './store/executions';
import { FragmentStore } from './store/fragments';
import { StreamLog } from './streams/log';
import { SubscriptionLimit } from './http/subscriptionLimit';
import { countTool } from './tools/builtin/count';
import { echoTool } from './tools/builtin/echo';
import { createShellTool } from './tools/builtin/shell';
import { ToolRegistry } from './tools/registry';
import type { Tool } from './tools/types';

/** Everything the routers use, built once per server. */
export interface Services {
  config: Config;
  db: Db;
  log: StreamLog;
  conversations: ConversationStore;
  fragments: FragmentStore;
  executions: ExecutionStore;
  executor: ExecutionService;
  replies: ReplyService;
  registry: ToolRegistry;
  mcp: McpManager;
  validator: ArgumentValidator;
  /** Live subscriptions per client (limits.subscriptionsPerClient). */
  subscriptions: SubscriptionLimit;
}

export interface ServiceOptions {
  config: Config;
  dataDir: string;
  /** Extra builtin tools (tests and the benchmark add their own probes). */
  extraTools?: Tool[];
  mcpConnectTimeoutMs?: number;
  mcpPingIntervalMs?: number;
}

export function createServices(options: ServiceOptions): Services {
  const { config } = options;
  const db = openDatabase(options.dataDir);
  const log = new StreamLog(db);
  const conversations = new ConversationStore(db);
  const fragments = new FragmentStore(db);
  const executions = new ExecutionStore(db);
  const registry = new ToolRegistry();
  for (const tool of [echoTool, countTool, ...(options.extraTools ?? [])]) registry.addBuiltin(tool);
  if (config.builtins.shell.allow.length > 0) {
    registry.addBuiltin(createShellTool(config.builtins.shell));
  } else {
    registry.disable('shell', 'the shell tool is disabled: list the programs it may run in builtins.shell.allow in fragments.config.json');
  }
  const mcp = new McpManager(config.mcpServers, {
    connectTimeoutMs: options.mcpConnectTimeoutMs ?? 30_000,
    pingIntervalMs: options.mcpPingIntervalMs ?? 5_000,
  });
  registry.addProvider(mcp);
  const executor = new ExecutionService(db, log, executions, fragments, registry, config);
  // The model's tool calls go through submitRun, which takes all the services.
  const replies = new ReplyService(db, log, fragments, config, () => services);
  const services: Services = { config, db, log, conversations, fragments, executions, executor, replies, registry, mcp, validator: new ArgumentValidator(), subscriptions: new SubscriptionLimit(config.limits.subscriptionsPerClient) };
  return services;
}
