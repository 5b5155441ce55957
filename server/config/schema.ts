import { z } from 'zod';
import { reservedKeyMessage, reservedKeys } from './ownKeys';
import { trustedProxyProblem } from '../http/clientAddress';

const StdioServerSchema = z
  .object({
    command: z.string().min(1),
    args: z.array(z.string()).default([]),
    env: z.record(z.string(), z.string()).default({}),
    cwd: z.string().optional(),
    disabled: z.boolean().optional(),
  })
  .strict();

/** A client registered with the server's authorization server beforehand (README, "OAuth"). */
const ServerOAuthSchema = z
  .object({
    clientId: z.string().min(1).optional(),
    /** Only with clientId: a confidential client's secret. Kept out of every log, error and answer. */
    clientSecret: z.string().min(1).optional(),
    /** The scopes to ask for when neither the server's challenge nor its metadata names any. */
    scope: z.string().min(1).optional(),
  })
  .strict()
  .refine((oauth) => oauth.clientSecret === undefined || oauth.clientId !== undefined, {
    message: 'oauth.clientSecret needs oauth.clientId (the client the secret belongs to)',
    path: ['clientSecret'],
  });

const HttpServerSchema = z
  .object({
    url: z.url({ protocol: /^https?$/ }),
    headers: z.record(z.string(), z.string()).default({}),
    oauth: ServerOAuthSchema.optional(),
    disabled: z.boolean().optional(),
  })
  .strict();

// `disabled: true` keeps an entry in the file without starting it: its tools are not offered and a
// command for one is refused, saying so (server/servers/ready.ts).
export const McpServerConfigSchema = z.union([StdioServerSchema, HttpServerSchema], { error: serverEntryError });

/**
 * An entry that is clearly one kind (it has `command`, or `url`) is told what is wrong with it as
 * that kind (`disabled: expected boolean, received string`); anything else is told the two shapes.
 */
function serverEntryError(issue: z.core.$ZodRawIssue): string {
  const shapes = 'expected either {"command", "args", "env"} (stdio) or {"url"} (Streamable HTTP)';
  const input = issue.input;
  if (issue.code !== 'invalid_union' || typeof input !== 'object' || input === null) return shapes;
  const branch = 'url' in input ? 1 : 'command' in input ? 0 : -1;
  const inner = issue.errors[branch]?.[0];
  if (!inner) return shapes;
  const what = inner.code === 'unrecognized_keys' ? `unknown field(s) ${inner.keys.map((key) => `"${key}"`).join(', ')}` : inner.message;
  return inner.path.length > 0 ? `${inner.path.join('.')}: ${what}` : what;
}
export type McpServerConfig = z.infer<typeof McpServerConfigSchema>;
export type StdioServerConfig = z.infer<typeof StdioServerSchema>;
export type HttpServerConfig = z.infer<typeof HttpServerSchema>;

const TimeoutSchema = z
  .object({
    /** The call fails when the tool shows no sign of life (output, progress, log) for this long. */
    idleMs: z.number().int().positive(),
    /** Hard cap on a call's total time, however lively it is. */
    maxMs: z.number().int().positive(),
  })
  .strict();

/** `auto` runs at once, `ask` waits for executions.approve, `deny` refuses the call. */
export const ApprovalPolicySchema = z.enum(['auto', 'ask', 'deny']);
export type ApprovalPolicy = z.infer<typeof ApprovalPolicySchema>;

/**
 * Who decides whether a tool call runs. A tool's entry (its full name) beats its MCP server's (the
 * `mcpServers` key); with neither, a command the user typed runs (`auto`) and a call the AI model
 * makes waits for the user (`ask`). A configured policy applies to both.
 */
const ApprovalsSchema = z
  .object({
    tools: z.record(z.string().min(1), ApprovalPolicySchema).default({}),
    servers: z.record(z.string().min(1), ApprovalPolicySchema).default({}),
  })
  .strict()
  .default({ tools: {}, servers: {} });

/** An approvals entry for a server that is not configured is a typo: a misspelt `deny` would silently allow. */
function checkApprovalServers(
  config: { mcpServers: Record<string, unknown>; approvals: { tools: Record<string, unknown>; servers: Record<string, unknown> } },
  ctx: z.RefinementCtx,
): void {
  const unknown = (server: string) => !Object.hasOwn(config.mcpServers, server);
  for (const server of Object.keys(config.approvals.servers).filter(unknown)) {
    ctx.addIssue({ code: 'custom', path: ['approvals', 'servers', server], message: `no MCP server named "${server}" in mcpServers` });
  }
  for (const tool of Object.keys(config.approvals.tools)) {
    const dot = tool.indexOf('.');
    const server = tool.slice(0, dot);
    if (dot >= 0 && unknown(server)) {
      ctx.addIssue({ code: 'custom', path: ['approvals', 'tools', tool], message: `no MCP server named "${server}" in mcpServers` });
    }
  }
}

/**
 * A name this server may be reached by besides its own address and the loopback names (a reverse
 * proxy's public name): a host as a browser writes it in Host, lower-case, without scheme or port.
 */
export const AllowedHostSchema = z.string().superRefine((value, ctx) => {
  let name: string | null = null;
  try {
    name = new URL(`http://${value}`).hostname;
  } catch {
    // reported below
  }
  if (name !== value) {
    const hint = name ? `: write ${name}` : '';
    ctx.addIssue({ code: 'custom', message: `"${value}" is not a host name (no scheme, port or path, lower-case)${hint}` });
  }
});

/** A reverse proxy's address or subnet, as its requests arrive from it (README, "Exposing it safely"). */
export const TrustedProxySchema = z.string().superRefine((value, ctx) => {
  const problem = trustedProxyProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** The `queue` block's defaults (README, "Configuration"). */
export const QUEUE_DEFAULTS = { concurrency: 4, maxQueued: 100 };

/** A tool call's timeouts when neither the tool nor `timeouts.default` says otherwise. */
export const TIMEOUT_DEFAULTS = { idleMs: 300_000, maxMs: 3_600_000 };

/** The `builtins.shell` block's defaults: disabled (nothing allowed), sandboxed, no network. */
const SHELL_DEFAULTS = { allow: [], env: {}, network: false, unsandboxed: false };

/** scheme://host[:port][/path], no query: OAuth callbacks are built on it. */
const PublicUrlSchema = z
  .url({ protocol: /^https?$/, error: 'publicUrl must be an http or https URL, e.g. https://chat.example.com' })
  .refine((value) => {
    const url = new URL(value);
    return !url.search && !url.hash;
  }, 'publicUrl must not have a query or fragment')
  .transform((value) => value.replace(/\/+$/, ''));

/** The `ai` block's defaults (README, "Connecting a model"). */
export const AI_DEFAULTS = { contextBudgetChars: 48_000, firstTokenTimeoutMs: 120_000, idleTimeoutMs: 60_000, maxToolRounds: 8 };

/** The `limits` block's defaults (README, "Security", limits table). */
export const LIMIT_DEFAULTS = {
  messageChars: 100_000,
  argumentChars: 100_000,
  subscriptionsPerClient: 200,
  outputKeptChars: 50_000_000,
  resultContentChars: 2_000_000,
  eventLogMaxAgeDays: 90,
  eventLogMaxChars: 2_000_000_000,
};

/**
 * What one client or one run may use. Each limit is refused with its own code and a message naming
 * the key and its value; none of them slows anybody else's streams.
 */
const LimitsSchema = z
  .object({
    /** chat.send's `content`, in characters (MESSAGE_TOO_LARGE). */
    messageChars: z.number().int().min(1).max(1_000_000).default(LIMIT_DEFAULTS.messageChars),
    /** A tool call's arguments serialized as JSON, in characters (ARGUMENTS_TOO_LARGE). */
    argumentChars: z.number().int().min(2).max(10_000_000).default(LIMIT_DEFAULTS.argumentChars),
    /** Live stream subscriptions per WebSocket connection, and per client address over SSE (TOO_MANY_SUBSCRIPTIONS). */
    subscriptionsPerClient: z.number().int().min(1).max(1_000_000).default(LIMIT_DEFAULTS.subscriptionsPerClient),
    /** Output characters one execution's event log keeps: beyond it, the head and the tail, and a marker saying how much was cut. */
    outputKeptChars: z.number().int().min(2).default(LIMIT_DEFAULTS.outputKeptChars),
    /** What one result keeps besides its text (MCP content items and structuredContent, as JSON): past it, payloads are dropped with a note. */
    resultContentChars: z.number().int().min(0).max(100_000_000).default(LIMIT_DEFAULTS.resultContentChars),
    /** Finished streams older than this lose their events (their fragments stay); 0 prunes every finished stream. */
    eventLogMaxAgeDays: z.number().min(0).default(LIMIT_DEFAULTS.eventLogMaxAgeDays),
    /** Characters of events all streams may hold; beyond it the oldest finished streams lose their events. */
    eventLogMaxChars: z.number().int().min(0).default(LIMIT_DEFAULTS.eventLogMaxChars),
  })
  .strict()
  .default(LIMIT_DEFAULTS);
export type Limits = z.infer<typeof LimitsSchema>;

const ConfigObjectSchema = z
  .object({
    mcpServers: z
      .record(
        z.string().regex(/^[A-Za-z0-9_-]+$/, 'server names may only hold letters, digits, "-" and "_"'),
        McpServerConfigSchema,
      )
      .default({}),
    queue: z
      .object({
        /** Tool executions running at once. */
        concurrency: z.number().int().min(1).max(1000).default(QUEUE_DEFAULTS.concurrency),
        /** Executions waiting beyond that; one more is refused with TOO_MANY_REQUESTS. */
        maxQueued: z.number().int().min(0).max(100_000).default(QUEUE_DEFAULTS.maxQueued),
      })
      .strict()
      .default(QUEUE_DEFAULTS),
    timeouts: z
      .object({
        default: TimeoutSchema.default(TIMEOUT_DEFAULTS),
        /** Per tool, by its full name (`echo`, `everything.trigger-long-running-operation`). */
        tools: z.record(z.string(), TimeoutSchema.partial()).default({}),
      })
      .strict()
      .default({ default: TIMEOUT_DEFAULTS, tools: {} }),
    builtins: z
      .object({
        shell: z
          .object({
            /** Program names (looked up on PATH) or absolute paths the `shell` tool may run. Empty: disabled. */
            allow: z
              .array(
                z
                  .string()
                  .min(1)
                  .refine((entry) => entry.startsWith('/') || !entry.includes('/'), 'a program name (looked up on PATH) or an absolute path'),
              )
              .default([]),
            cwd: z.string().optional(),
            /** Variables the programs get on top of a few safe ones (PATH, HOME, …); the server's own env is not passed. */
            env: z.record(z.string(), z.string()).default({}),
            /** Programs reach the network (in the sandbox they have none by default). */
            network: z.boolean().default(SHELL_DEFAULTS.network),
            /** Runs programs without the bubblewrap sandbox, refusing only known program-launching options (a deny list). */
            unsandboxed: z.boolean().default(SHELL_DEFAULTS.unsandboxed),
          })
          .strict()
          .default(SHELL_DEFAULTS),
      })
      .strict()
      .default({ shell: SHELL_DEFAULTS }),
    approvals: ApprovalsSchema,
    /** Host names the server also answers to (any port); every other Host is refused (DNS rebinding). */
    allowedHosts: z.array(AllowedHostSchema).default([]),
    /** Reverse proxies (addresses or subnets) whose X-Forwarded-For names the client (server/http/clientAddress.ts). */
    trustedProxies: z.array(TrustedProxySchema).default([]),
    ai: z
      .object({
        /** An OpenAI-compatible Chat Completions server, e.g. http://127.0.0.1:11434/v1 (Ollama); unset: api.openai.com. */
        baseUrl: z.url().optional(),
        apiKey: z.string().optional(),
        model: z.string().min(1).optional(),
        /** Characters of history (messages, tool calls and results) sent per turn; the oldest turns are dropped first. */
        contextBudgetChars: z.number().int().min(1000).default(AI_DEFAULTS.contextBudgetChars),
        /** The reply fails with NO_FIRST_TOKEN when the provider sends nothing for this long after a request. */
        firstTokenTimeoutMs: z.number().int().positive().default(AI_DEFAULTS.firstTokenTimeoutMs),
        /** After the first token: the reply fails with PROVIDER_IDLE when the provider then sends nothing for this long. */
        idleTimeoutMs: z.number().int().positive().default(AI_DEFAULTS.idleTimeoutMs),
        /** Rounds of tool calls the model may make in one reply before it ends with TOO_MANY_TOOL_ROUNDS. */
        maxToolRounds: z.number().int().min(0).max(100).default(AI_DEFAULTS.maxToolRounds),
        /** Sent first, as the system message, on every turn. */
        systemPrompt: z.string().optional(),
      })
      .strict()
      .default(AI_DEFAULTS),
    limits: LimitsSchema,
    /** Where a browser reaches the app (OAuth sends it back to <publicUrl>/oauth/callback); default http://127.0.0.1:<PORT>. */
    publicUrl: PublicUrlSchema.optional(),
    oauth: z
      .object({
        /** An https URL used as the OAuth client id where the authorization server accepts Client ID Metadata Documents. */
        clientMetadataUrl: z
          .url({ protocol: /^https$/, error: 'oauth.clientMetadataUrl must be an https URL (the client id an authorization server fetches)' })
          .refine((value) => new URL(value).pathname !== '/', 'oauth.clientMetadataUrl needs a path (the document is served there), not just a host')
          .optional(),
      })
      .strict()
      .default({}),
  })
  .strict()
  .superRefine(checkApprovalServers);

/**
 * The config file's schema. A reserved key (`__proto__`, `constructor`, `prototype`; ownKeys.ts) is
 * refused with its path before the rest is read: zod's records would drop `__proto__` silently.
 */
export const ConfigSchema = z.preprocess((input, ctx) => {
  for (const { path, key } of reservedKeys(input)) ctx.addIssue({ code: 'custom', path, message: reservedKeyMessage(key) });
  return input;
}, ConfigObjectSchema);

export type Config = z.infer<typeof ConfigSchema>;
