import { z } from 'zod';

const StdioServerSchema = z
  .object({
    command: z.string().min(1),
    args: z.array(z.string()).default([]),
    env: z.record(z.string(), z.string()).default({}),
    cwd: z.string().optional(),
  })
  .strict();

const HttpServerSchema = z
  .object({
    url: z.url({ protocol: /^https?$/ }),
    headers: z.record(z.string(), z.string()).default({}),
  })
  .strict();

export const McpServerConfigSchema = z.union([StdioServerSchema, HttpServerSchema], {
  error: 'expected either {"command", "args", "env"} (stdio) or {"url"} (Streamable HTTP)',
});
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

/** The `ai` block's defaults (README, "Connecting a model"). */
export const AI_DEFAULTS = { contextBudgetChars: 48_000, firstTokenTimeoutMs: 120_000, maxToolRounds: 8 };

export const ConfigSchema = z
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
        concurrency: z.number().int().min(1).max(1000).default(4),
        /** Executions waiting beyond that; one more is refused with TOO_MANY_REQUESTS. */
        maxQueued: z.number().int().min(0).max(100_000).default(100),
      })
      .strict()
      .default({ concurrency: 4, maxQueued: 100 }),
    timeouts: z
      .object({
        default: TimeoutSchema.default({ idleMs: 300_000, maxMs: 3_600_000 }),
        /** Per tool, by its full name (`echo`, `everything.trigger-long-running-operation`). */
        tools: z.record(z.string(), TimeoutSchema.partial()).default({}),
      })
      .strict()
      .default({ default: { idleMs: 300_000, maxMs: 3_600_000 }, tools: {} }),
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
          })
          .strict()
          .default({ allow: [], env: {} }),
      })
      .strict()
      .default({ shell: { allow: [], env: {} } }),
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
        /** Rounds of tool calls the model may make in one reply before it ends with TOO_MANY_TOOL_ROUNDS. */
        maxToolRounds: z.number().int().min(0).max(100).default(AI_DEFAULTS.maxToolRounds),
        /** Sent first, as the system message, on every turn. */
        systemPrompt: z.string().optional(),
      })
      .strict()
      .default(AI_DEFAULTS),
  })
  .strict();

export type Config = z.infer<typeof ConfigSchema>;
