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
import { ChildProcesses } from './processes/children';
import { INSTALL_HINT, Sandbox } from './sandbox/sandbox';
import { ProcessStore } from './store/processes';
import { ToolRegistry } from './tools/registry';
import { OAuthService } from './oauth/service';
import { StorageHealth } from './storage/health';
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
  /** Where child processes run (bubblewrap when it works here). */
  sandbox: Sandbox;
  /** The child processes running now, recorded so that the next start can end what a killed server left. */
  children: ChildProcesses;
  /** Whether the data dir can be written; what a full disk cut off, to store once it can. */
  storage: StorageHealth;
  /** OAuth for the Streamable HTTP servers: sign-in, sign-out, the callback (server/oauth/). */
  oauth: OAuthService;
}

export interface ServiceOptions {
  config: Config;
  dataDir: string;
  /** Extra builtin tools (tests and the benchmark add their own probes). */
  extraTools?: Tool[];
  mcpConnectTimeoutMs?: number;
  mcpPingIntervalMs?: number;
  /** The bubblewrap program (FRAGMENTS_BWRAP); default `bwrap` on PATH. */
  bwrap?: string;
  /** Files no child may read: the secret files and the config file. */
  hiddenFiles?: readonly string[];
}

export function createServices(options: ServiceOptions): Services {
  const { config } = options;
  const db = openDatabase(options.dataDir);
  const storage = new StorageHealth(options.dataDir);
  const log = new StreamLog(db, storage);
  const conversations = new ConversationStore(db);
  const fragments = new FragmentStore(db);
  const executions = new ExecutionStore(db);
  const sandbox = new Sandbox({ bwrap: options.bwrap ?? 'bwrap', dataDir: options.dataDir, hiddenFiles: options.hiddenFiles ?? [] });
  const children = new ChildProcesses(new ProcessStore(db), (error) => storage.failed(error));
  const registry = new ToolRegistry();
  for (const tool of [echoTool, countTool, ...(options.extraTools ?? [])]) registry.addBuiltin(tool);
  const shell = config.builtins.shell;
  if (shell.allow.length === 0) {
    registry.disable('shell', 'the shell tool is disabled: list the programs it may run in builtins.shell.allow in fragments.config.json');
  } else if (!sandbox.available && !shell.unsandboxed) {
    registry.disable(
      'shell',
      `the shell tool is disabled: it runs programs only in a bubblewrap sandbox, and ${sandbox.reason ?? 'there is none'}; ${INSTALL_HINT}, or set builtins.shell.unsandboxed to true in fragments.config.json to run them without one`,
    );
  } else {
    registry.addBuiltin(createShellTool(shell, { sandbox, processes: children }));
  }
  // A server that finished signing in connects at once (its tools appear without a restart).
  const oauth: OAuthService = new OAuthService(db, config, {
    onSignedIn: (name): Promise<void> | undefined => mcp.get(name)?.connect().catch(() => undefined),
    onExchanging: (name) => mcp.get(name)?.signInState('connecting', null),
    onSignInFailed: (name, reason) => mcp.get(name)?.signInState('needs_auth', reason),
  });
  const mcp: McpManager = new McpManager(config.mcpServers, {
    connectTimeoutMs: options.mcpConnectTimeoutMs ?? 30_000,
    pingIntervalMs: options.mcpPingIntervalMs ?? 5_000,
    sandbox,
    processes: children,
    oauth: (name) => oauth.provider(name),
    signInWaits: { signIn: (name) => oauth.signIn(name), onSignedIn: (name, then) => oauth.onSignedIn(name, then) },
  });
  registry.addProvider(mcp);
  const executor = new ExecutionService(db, log, executions, fragments, registry, config, storage);
  // The model's tool calls go through submitRun, which takes all the services.
  const replies = new ReplyService(db, log, fragments, config, () => services);
  const services: Services = { config, db, log, conversations, fragments, executions, executor, replies, registry, mcp, validator: new ArgumentValidator(), subscriptions: new SubscriptionLimit(config.limits.subscriptionsPerClient), sandbox, children, storage, oauth };
  return services;
}
