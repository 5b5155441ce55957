import {
  Client,
  LOG_LEVEL_META_KEY,
  ProtocolError,
  SdkError,
  SdkErrorCode,
  type JSONRPCMessage,
  type JsonSchemaValidator,
  type jsonSchemaValidator,
  type LoggingMessageNotification,
  type ProgressNotification,
  type Tool as McpTool,
} from '@modelcontextprotocol/client';
import type { ServerStatus } from '../../shared/servers';
import type { McpServerConfig } from '../config/schema';
import { AppError } from '../errors/appError';
import type { ProcessTracker } from '../processes/children';
import type { Sandbox } from '../sandbox/sandbox';
import { type Tool, type ToolCallResult, type ToolContext } from '../tools/types';
import type { PromptInfo } from '../../shared/mcpFeatures';
import { ELICITATION_CAPABILITY, Elicitations } from './elicitation';
import { LoggingMessageNotificationSchema, ProgressNotificationSchema } from './notifications';
import { routeMessagesFirst } from './notificationsFirst';
import { eraOf, isProbeClosed, negotiation, priorOf, type Era, type Prior } from './protocolVersion';
import { toPrompts } from './prompts';
import { requestFailure } from './requestError';
import { titleOf, toCallResult } from './result';
import { StderrTail, createTransport, describeTarget, redactEntrySecrets, transportKind } from './transport';
import { signInNeeded, withStepUp } from '../oauth/connectionAuth';
import type { SqliteOAuthProvider } from '../oauth/provider';
import { waitForSignIn, type SignInWaits } from '../oauth/midRun';

/** A validator that passes every structuredContent: the result is checked where it is shown. */
const acceptEveryResult: jsonSchemaValidator = {
  getValidator<T>(): JsonSchemaValidator<T> {
    return (input) => ({ valid: true, data: input as T, errorMessage: undefined });
  },
};

/** A listed tool as callTool's `toolDefinition`, minus the outputSchema the SDK would enforce by failing the call. */
function withoutOutputSchema(tool: McpTool): McpTool {
  const { outputSchema: _checkedByUs, ...rest } = tool;
  return rest;
}

export interface ConnectionOptions {
  connectTimeoutMs: number;
  /** How often a Streamable HTTP server is pinged while calls run: the SDK never notices it died. */
  pingIntervalMs: number;
  /** Where a stdio server runs. */
  sandbox: Sandbox;
  /** Where its process is recorded while it runs. */
  processes: ProcessTracker;
  /** The OAuth provider of a Streamable HTTP server (server/oauth/), by server name. */
  oauth?(server: string): SqliteOAuthProvider | undefined;
  /** Sign-in for a call that needs it mid-run: a fresh authorization URL, and the moment it is done. */
  signInWaits?: SignInWaits;
  /** Told (once per microtask at most) that the state, error or tools changed: servers.onChange follows it. */
  onChange?: (connection: McpConnection) => void;
}

type State = 'idle' | 'connecting' | 'connected' | 'needs_auth' | 'failed' | 'closed' | 'disabled';

/** One configured MCP server: connects lazily, reconnects after a crash, fails calls promptly when it dies. */
export class McpConnection {
  // Accessors, so that every change of these, wherever it is made, reaches options.onChange.
  private current: { state: State; error: string | null; tools: Tool[] } = { state: 'idle', error: null, tools: [] };
  get state(): State { return this.current.state; }
  set state(state: State) { this.changed('state', state); }
  get error(): string | null { return this.current.error; }
  set error(error: string | null) { this.changed('error', error); }
  get tools(): Tool[] { return this.current.tools; }
  set tools(tools: Tool[]) { this.changed('tools', tools); }
  private changeQueued = false;
  /** Its prompts (every page of prompts/list), kept current on notifications/prompts/list_changed. */
  prompts: PromptInfo[] = [];
  readonly transport: 'stdio' | 'http';
  private client: Client | undefined;
  private connecting: Promise<void> | undefined;
  private readonly stderr = new StderrTail();
  /** Running calls: log notifications go to them, and a dead server aborts them. */
  private readonly active = new Map<ToolContext, AbortController>();
  /** Our own progress tokens: the SDK drops a progress notification that arrives together with the result. */
  private readonly progressTargets = new Map<string, ToolContext>();
  private nextToken = 0;
  private lastTransportError: string | undefined;
  private pingTimer: NodeJS.Timeout | undefined;
  /** The revision the server answered on its first connect: a reconnect skips the probe. */
  private prior: Prior | undefined;
  /** Requests for the user's input during a call (elicitation.ts). */
  private readonly elicitations: Elicitations;

  constructor(
    readonly name: string,
    private readonly config: McpServerConfig,
    private readonly options: ConnectionOptions,
  ) {
    this.transport = transportKind(config);
    if (config.disabled) this.state = 'disabled';
    this.elicitations = new Elicitations(name);
  }

  /** What the server says it is (its initialize answer's `serverInfo`). */
  get serverInfo(): { name: string; version: string } | null {
    const info = this.client?.getServerVersion();
    return info ? { name: info.name, version: info.version } : null;
  }

  private changed<K extends keyof McpConnection['current']>(key: K, value: McpConnection['current'][K]): void {
    if (this.current[key] === value) return;
    this.current = { ...this.current, [key]: value };
    // One notice for a state, error and tools set together, sent once they are all set.
    if (this.changeQueued || !this.options.onChange) return;
    this.changeQueued = true;
    queueMicrotask(() => {
      this.changeQueued = false;
      this.options.onChange?.(this);
    });
  }

  connect(): Promise<void> {
    if (this.state === 'connected') return Promise.resolve();
    if (this.state === 'disabled') {
      return Promise.reject(new AppError('MCP_SERVER_UNAVAILABLE', `MCP server "${this.name}" is disabled ("disabled": true in its entry in fragments.config.json)`));
    }
    this.connecting ??= this.open().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  /** The protocol revision the connected server speaks, e.g. `2026-07-28` or `2025-11-25`. */
  get protocolVersion(): string | null {
    return this.client?.getNegotiatedProtocolVersion() ?? null;
  }

  /** `modern` (2026-07-28: no session, no server-to-client requests) or `legacy` (2025-11-25 and older). */
  get era(): Era | null {
    return this.client ? eraOf(this.client) : null;
  }

  private describe(): string {
    return describeTarget(this.config);
  }

  /** Every message about this server goes through here: its env and header values never come back out. */
  private redact(message: string): string {
    return redactEntrySecrets(this.config, message);
  }

  private withStderr(message: string): string {
    if (this.lastTransportError) message += ` (transport error: ${this.lastTransportError})`;
    const tail = this.stderr.lines();
    return this.redact(tail ? `${message}\nserver stderr:\n${tail}` : message);
  }

  private async open(): Promise<void> {
    this.state = 'connecting';
    // transportFailure marks us failed on an error that is not the server's own answer (a result that
    // breaks the protocol, a request that did not go through) but leaves the client, and a stdio
    // server's process, running: stop it before starting another, or it runs on with no owner.
    const stale = this.client;
    if (stale) await this.retire(stale, new AppError('MCP_SERVER_UNAVAILABLE', `MCP server "${this.name}" was restarted after a failed call`, { recoverable: true }));
    this.lastTransportError = undefined;
    let client: Client | undefined;
    try {
      try {
        client = await this.attempt(this.prior);
      } catch (error) {
        // The stdio server's revision is probed on its own process (transport.ts); one that exits
        // on a request before initialize is an older server: start it again on the 2025 handshake.
        if (this.transport !== 'stdio' || this.prior || !isProbeClosed(error)) throw error;
        client = await this.attempt({ kind: 'legacy' });
      }
      this.prior = priorOf(client);
      this.tools = await this.fetchTools(client);
      this.prompts = await this.fetchPrompts(client);
      this.client = client;
      this.state = 'connected';
      this.error = null;
    } catch (error) {
      // Connected, but listing its tools or prompts failed: stop it, or a stdio child runs on unowned.
      if (client && this.client !== client) await client.close().catch(() => undefined);
      const signIn = signInNeeded(this.name, error);
      this.state = signIn ? 'needs_auth' : 'failed';
      this.error = signIn ?? this.withStderr(`could not connect to MCP server "${this.name}" (${this.describe()}): ${(error as Error).message}`);
      throw new AppError('MCP_SERVER_UNAVAILABLE', this.error, { recoverable: true });
    }
  }

  /** One connect: a new client and transport, on the revision `prior` names or the one a probe finds. */
  private async attempt(prior: Prior | undefined): Promise<Client> {
    const client = new Client(
      { name: 'fragments-chat', version: '0.1.0' },
      {
        // Form and URL elicitation: 2025 servers send elicitation/create, and on 2026-07-28 the SDK
        // fulfils input_required rounds inside callTool() through the same handler.
        capabilities: { ...ELICITATION_CAPABILITY },
        // Each server gets the revision it speaks: a server/discover probe, then 2026-07-28 or the
        // 2025 initialize handshake (protocolVersion.ts).
        versionNegotiation: negotiation(this.options.connectTimeoutMs),
        // A server may add or drop tools (and prompts) while it runs; tools.list and the palette follow. On
        // 2026-07-28 the SDK opens the subscriptions/listen stream this needs.
        listChanged: {
          tools: {
            onChanged: (error, tools) => {
              if (!error && tools && this.client === client) this.tools = this.toTools(tools);
            },
          },
          // The same for prompts: the palette shows what the server offers now.
          prompts: {
            onChanged: (error, prompts) => {
              if (!error && prompts && this.client === client) this.prompts = toPrompts(this.name, prompts);
            },
          },
        },
        // structuredContent that does not match its outputSchema is the result's problem, shown
        // with it, not a failed call: the SDK would throw it away.
        jsonSchemaValidator: acceptEveryResult,
      },
    );
    client.setRequestHandler('elicitation/create', (request, ctx) => this.elicitations.handle(request, { signal: ctx.mcpReq.signal }));
    client.setNotificationHandler('notifications/elicitation/complete', (note) => this.elicitations.complete(note.params.elicitationId));
    client.setNotificationHandler('notifications/message', (note) => this.routeLog(note));
    // Replaces the SDK's progress routing: it keys progress by request id, not by our tokens, and
    // forgets a call's handler as soon as the result is parsed. Valid progress and log
    // notifications are taken before the SDK sees them (routeFirst): in order, none lost.
    client.setNotificationHandler('notifications/progress', (note) => this.routeProgress(note));
    // A stdio server's process is recorded from its start until the transport reports it closed.
    let untrack = () => {};
    const onStarted = (pid: number | undefined) => {
      untrack = this.options.processes.track(pid, { group: false, label: `MCP server "${this.name}"` });
    };
    client.onclose = () => {
      untrack();
      this.closed(client);
    };
    // Transport errors (an oversized or malformed message) often explain a close that follows.
    client.onerror = (error) => (this.lastTransportError = error.message);
    try {
      const launched = createTransport(this.config, this.stderr, { sandbox: this.options.sandbox, onStarted }, this.oauth());
      const transport = routeMessagesFirst(launched, (message) => this.routeFirst(message));
      await client.connect(transport, { timeout: this.options.connectTimeoutMs, prior });
      // 2025 servers filter logs per session; a 2026-07-28 call asks for them in its _meta (call()).
      if (eraOf(client) === 'legacy' && client.getServerCapabilities()?.logging) {
        await client.setLoggingLevel('info').catch(() => undefined);
      }
      return client;
    } catch (error) {
      await client.close().catch(() => undefined);
      throw error;
    }
  }

  private async fetchTools(client: Client): Promise<Tool[]> {
    // The SDK walks every page (at most 64) and hands back one list.
    return this.toTools((await client.listTools()).tools);
  }

  private toTools(tools: McpTool[]): Tool[] {
    return tools.map((tool) => ({
      name: `${this.name}.${tool.name}`,
      ...titleOf(tool),
      description: tool.description ?? tool.title ?? '',
      inputSchema: tool.inputSchema as Record<string, unknown>,
      ...(tool.outputSchema ? { outputSchema: tool.outputSchema as Record<string, unknown> } : {}),
      source: { kind: 'mcp', server: this.name, transport: this.transport },
      call: (args, ctx) => this.call(tool.name, args, ctx, tool),
    }));
  }

  private async fetchPrompts(client: Client): Promise<PromptInfo[]> {
    if (!client.getServerCapabilities()?.prompts) return [];
    // Without a cursor the SDK walks every page (at most 64) and hands back one list.
    return toPrompts(this.name, (await client.listPrompts()).prompts);
  }

  /** One request of prompts or resources; its failure says which server and what was asked (requestError.ts). */
  private async request<T>(what: string, send: (client: Client) => Promise<T>): Promise<T> {
    try {
      await this.connect();
      if (!this.client) throw new Error(this.error ?? 'not connected');
      return await send(this.client);
    } catch (error) {
      throw requestFailure(this.name, what, error, (text) => this.redact(text));
    }
  }

  /** prompts/get: the prompt's messages filled with `args`. */
  getPrompt(name: string, args: Record<string, string>) {
    return this.request(`the prompt "${name}"`, (client) => client.getPrompt({ name, arguments: args }));
  }

  /** resources/list: without a cursor every page (the SDK walks at most 64); with one, that page. */
  listResources(cursor?: string) {
    return this.request('its resources', (client) => client.listResources(cursor ? { cursor } : undefined));
  }

  /** resources/templates/list, paged the same way. */
  listResourceTemplates(cursor?: string) {
    return this.request('its resource templates', (client) => client.listResourceTemplates(cursor ? { cursor } : undefined));
  }

  /** resources/read of one URI. */
  readResource(uri: string) {
    return this.request(`the resource ${uri}`, (client) => client.readResource({ uri }));
  }

  private closed(client: Client): void {
    if (this.client !== client) return;
    this.client = undefined;
    // Gone like a crash: the next call reconnects, as after any failure.
    this.state = 'failed';
    this.error = this.withStderr(`MCP server "${this.name}" closed the connection`);
    this.stopPinging();
  }

  /** Progress and log notifications, straight from the transport (notificationsFirst.ts); anything else, or one that does not parse, is the SDK's. */
  private routeFirst(message: JSONRPCMessage): boolean {
    if (!('method' in message) || 'id' in message) return false;
    if (message.method === 'notifications/progress') {
      const note = ProgressNotificationSchema.safeParse(message);
      if (note.success) this.routeProgress(note.data);
      return note.success;
    }
    if (message.method === 'notifications/message') {
      const note = LoggingMessageNotificationSchema.safeParse(message);
      if (note.success) this.routeLog(note.data);
      return note.success;
    }
    return false;
  }

  private routeLog(note: LoggingMessageNotification): void {
    const { level, logger, data } = note.params;
    const text = typeof data === 'string' ? data : JSON.stringify(data);
    for (const ctx of this.active.keys()) ctx.output(`[${level}]${logger ? ` ${logger}:` : ''} ${text}\n`, 'log');
  }

  private routeProgress(note: ProgressNotification): void {
    const { progressToken, progress, total, message } = note.params;
    this.progressTargets.get(String(progressToken))?.progress({ progress, total, message });
  }

  /** Calls a tool of this server. Aborting `ctx.signal` sends notifications/cancelled. */
  async call(toolName: string, args: Record<string, unknown>, ctx: ToolContext, definition?: McpTool, afterSignIn = false): Promise<ToolCallResult> {
    await this.connect();
    const client = this.client;
    if (!client) throw new AppError('MCP_SERVER_UNAVAILABLE', this.error ?? `MCP server "${this.name}" is not connected`, { recoverable: true });
    const lost = new AbortController();
    const progressToken = `${this.name}-${++this.nextToken}`;
    this.active.set(ctx, lost);
    this.progressTargets.set(progressToken, ctx);
    this.startPinging();
    try {
      const _meta = eraOf(client) === 'modern' ? { progressToken, [LOG_LEVEL_META_KEY]: 'info' } : { progressToken };
      const result = await withStepUp(this.oauth(), () =>
        this.elicitations.within(ctx, progressToken, () =>
          client.callTool({ name: toolName, arguments: args, _meta }, {
            // The listed tool without its outputSchema: the SDK then neither checks structuredContent nor
            // throws when it is missing (which failed the run); runs/finishResult.ts checks and warns instead.
            ...(definition ? { toolDefinition: withoutOutputSchema(definition) } : {}),
            signal: AbortSignal.any([ctx.signal, lost.signal]),
            // The executor owns idle and total timeouts; the SDK's 60 s default must not kill long tools.
            timeout: 2_147_483_647,
          }),
        ),
      );
      return toCallResult(result);
    } catch (error) {
      if (ctx.signal.aborted) throw ctx.signal.reason;
      if (lost.signal.aborted) throw lost.signal.reason;
      const failure = this.transportFailure(error);
      // Needs (more) authorization mid-run: wait for the user to sign in, then once more.
      if (afterSignIn || this.state !== 'needs_auth' || !(await this.signedInMidCall(ctx, failure.message))) throw failure;
      return this.call(toolName, args, ctx, definition, true);
    } finally {
      this.active.delete(ctx);
      this.progressTargets.delete(progressToken);
      if (this.active.size === 0) this.stopPinging();
    }
  }

  private transportFailure(error: unknown): AppError {
    const signIn = signInNeeded(this.name, error);
    if (signIn) {
      this.state = 'needs_auth';
      this.error = signIn;
      return new AppError('MCP_SERVER_UNAVAILABLE', signIn, { recoverable: true });
    }
    if (error instanceof SdkError && error.code === SdkErrorCode.ConnectionClosed) {
      return new AppError('MCP_SERVER_CRASHED', this.withStderr(`MCP server "${this.name}" exited during the call`), { recoverable: true });
    }
    if (error instanceof ProtocolError) {
      return new AppError('EXCEPTION', this.redact(`MCP server "${this.name}" answered with an error: ${error.message}`), { recoverable: true });
    }
    const failure = new AppError('MCP_SERVER_UNAVAILABLE', this.redact(`MCP server "${this.name}" could not be reached: ${(error as Error).message}`), { recoverable: true });
    // servers.list shows why it failed.
    this.state = 'failed';
    this.error = failure.message;
    return failure;
  }

  private startPinging(): void {
    if (this.transport !== 'http' || this.pingTimer) return;
    this.pingTimer = setInterval(() => {
      const client = this.client;
      if (!client) return;
      // 2026-07-28 has no ping: server/discover is the request every server of that revision answers.
      const check = eraOf(client) === 'modern' ? client.discover({ timeout: this.options.pingIntervalMs }) : client.ping({ timeout: this.options.pingIntervalMs });
      check.catch((error: Error) => this.lose(client, error));
    }, this.options.pingIntervalMs);
  }

  private stopPinging(): void {
    clearInterval(this.pingTimer);
    this.pingTimer = undefined;
  }

  /** The server stopped answering: fail every running call now instead of at its timeout. */
  private lose(client: Client, error: Error): void {
    if (this.client !== client) return;
    const failure = new AppError('MCP_SERVER_UNAVAILABLE', this.redact(`MCP server "${this.name}" stopped answering (${error.message})`), { recoverable: true });
    this.state = 'failed';
    this.error = failure.message;
    void this.retire(client, failure);
  }

  /** Stops using `client`: its running calls fail now with `failure`; resolves once the SDK has closed it (ended a stdio child). */
  private retire(client: Client, failure: AppError): Promise<void> {
    for (const lost of this.active.values()) lost.abort(failure);
    this.client = undefined;
    this.stopPinging();
    return client.close().catch(() => undefined);
  }

  /** Asks the run's user to sign in (a URL request on its stream, oauth/midRun.ts); true once signed in. */
  private signedInMidCall(ctx: ToolContext, reason: string): Promise<boolean> {
    const waits = this.options.signInWaits;
    if (!ctx.ask || !waits || !this.oauth()) return Promise.resolve(false);
    return waitForSignIn(this.name, reason, ctx.ask.bind(ctx), waits, ctx.signal).catch(() => false);
  }

  private oauth(): SqliteOAuthProvider | undefined {
    return this.transport === 'http' ? this.options.oauth?.(this.name) : undefined;
  }

  /** OAuth moves the status (server/oauth/service.ts): `connecting` while a code is exchanged, `needs_auth` when a sign-in failed or the user signed out. */
  signInState(state: 'connecting' | 'needs_auth', error: string | null): void {
    this.state = state;
    this.error = error;
  }

  /** Closes the server and connects it again (servers.reconnect); a failure stays in state and error. */
  async reconnect(): Promise<void> {
    await this.connecting?.catch(() => undefined);
    const client = this.client;
    // Its running calls end saying why, not as if the server had crashed.
    if (client) await this.retire(client, new AppError('MCP_SERVER_UNAVAILABLE', `MCP server "${this.name}" was reconnected (Servers panel) during the call`, { recoverable: true }));
    // The server may have been upgraded meanwhile: its revision is found again, as on a first connect.
    this.prior = undefined;
    this.state = 'closed';
    this.error = null;
    await this.connect().catch(() => undefined);
  }

  async close(): Promise<void> {
    this.stopPinging();
    this.prior = undefined;
    const client = this.client;
    this.client = undefined;
    // Shutting down: nothing connects it again.
    this.state = 'disabled';
    await client?.close().catch(() => undefined);
  }
}
