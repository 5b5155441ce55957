import { z } from 'zod';

/** Error codes the server puts in `tool_error` / `reply_error`. */
export const ERROR_CODES = {
  TOOL_ERROR: 'TOOL_ERROR', // the tool ran and reported failure (MCP isError, non-zero exit)
  EXCEPTION: 'EXCEPTION', // the tool threw
  TIMEOUT: 'TIMEOUT',
  CANCELLED: 'CANCELLED',
  SERVER_RESTARTED: 'SERVER_RESTARTED',
  MCP_SERVER_UNAVAILABLE: 'MCP_SERVER_UNAVAILABLE',
  MCP_SERVER_CRASHED: 'MCP_SERVER_CRASHED',
  DENIED: 'DENIED', // the user (or a policy) refused a call that needed approval
  // The AI provider (reply_error): which of its failures it was, so the user knows what to fix.
  PROVIDER_UNREACHABLE: 'PROVIDER_UNREACHABLE', // connection refused, DNS, TLS
  PROVIDER_AUTH: 'PROVIDER_AUTH', // 401 / 403: the API key
  MODEL_NOT_FOUND: 'MODEL_NOT_FOUND', // 404: the model name
  RATE_LIMITED: 'RATE_LIMITED', // 429
  PROVIDER_ERROR: 'PROVIDER_ERROR', // 5xx or an error body
  STREAM_CUT: 'STREAM_CUT', // the stream ended without a finish reason
  NO_FIRST_TOKEN: 'NO_FIRST_TOKEN', // nothing within ai.firstTokenTimeoutMs
  STORAGE_FULL: 'STORAGE_FULL', // the data dir could not be written (full disk, I/O error); recoverable once it can
  PROVIDER_IDLE: 'PROVIDER_IDLE', // went quiet mid-reply for ai.idleTimeoutMs, the connection still open
  TOO_MANY_TOOL_ROUNDS: 'TOO_MANY_TOOL_ROUNDS', // ai.maxToolRounds reached in one turn
} as const;
export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

export function isRunErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERROR_CODES, code);
}

/** Why something failed, in a shape every stream uses. */
export const StreamErrorSchema = z.object({
  message: z.string(),
  code: z.enum(ERROR_CODES),
  recoverable: z.boolean(),
});
export type StreamError = z.infer<typeof StreamErrorSchema>;

/** What a finished tool execution reports in `tool_complete`. */
export const ToolResultSchema = z.object({
  tool: z.string(),
  parameters: z.record(z.string(), z.unknown()),
  executionTime: z.number(),
  success: z.boolean(),
  /** MCP content items that are not plain text (images, resources), kept as given. */
  content: z.array(z.record(z.string(), z.unknown())).optional(),
  structuredContent: z.unknown().optional(),
  /** Total characters of text output, so a client knows how much it should have. */
  outputChars: z.number().optional(),
  fragmentId: z.string().optional(),
});
export type ToolResult = z.infer<typeof ToolResultSchema>;

/** What the user may answer to a tool's request for input (MCP elicitation). */
export const InputActionSchema = z.enum(['accept', 'decline', 'cancel']);
export type InputAction = z.infer<typeof InputActionSchema>;
/** A form's answer: MCP elicitation allows flat objects of strings, numbers, booleans and lists of strings. */
export const InputContentSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]));
export type InputContent = z.infer<typeof InputContentSchema>;

/** A tool asks the user (MCP elicitation): a form built from `schema`, or a `url` to open in the browser. */
export const InputRequestSchema = z.object({
  requestId: z.string(),
  mode: z.enum(['form', 'url']),
  message: z.string(),
  /** form: the requested schema as the server sent it (a flat object of primitive fields). */
  schema: z.record(z.string(), z.unknown()).optional(),
  /** url: where the user goes to give the input (never opened without a click). */
  url: z.string().optional(),
});
export type InputRequest = z.infer<typeof InputRequestSchema>;

/** How a request for input was answered; `content` is the accepted form with its defaults applied. */
export const InputAnswerSchema = z.object({
  requestId: z.string(),
  action: InputActionSchema,
  content: InputContentSchema.optional(),
});
export type InputAnswer = z.infer<typeof InputAnswerSchema>;

/** One request for input and its answer (none: it was still open when the run ended), as a run's record keeps it. */
export const InputExchangeSchema = z.object({ request: InputRequestSchema, answer: InputAnswerSchema.optional() });
export type InputExchange = z.infer<typeof InputExchangeSchema>;

export const ToolEventSchema = z.discriminatedUnion('type', [
  /** Waiting for a slot: sent when queued and again each time the run moves up (1 = next to start). */
  z.object({ type: z.literal('tool_queued'), position: z.number().int().min(1) }),
  /**
   * The run waits for the user's decision (approval policy `ask`): Approve or Deny via
   * executions.approve. Waiting does not count against the run's timeouts.
   */
  z.object({
    type: z.literal('tool_approval_required'),
    tool: z.string(),
    parameters: z.record(z.string(), z.unknown()),
    requestedBy: z.enum(['user', 'model']),
  }),
  /** The tool was called; `startedAt` is the server's clock (ms since the epoch). */
  z.object({ type: z.literal('tool_started'), startedAt: z.number() }),
  z.object({
    type: z.literal('tool_output'),
    content: z.string(),
    /** Where the text came from; absent means the tool's own output. */
    stream: z.enum(['stdout', 'stderr', 'log']).optional(),
  }),
  z.object({
    type: z.literal('tool_progress'),
    progress: z.number(),
    total: z.number().optional(),
    message: z.string().optional(),
  }),
  /**
   * The running tool asks the user (MCP elicitation): answered by executions.respond. The request
   * stays open (and the run's idle timer paused) until answered, the server closes it, or the run ends.
   */
  InputRequestSchema.extend({ type: z.literal('tool_input_required') }),
  /** The request was answered (or closed: `cancel`), kept in the log so a replay shows the exchange. */
  InputAnswerSchema.extend({ type: z.literal('tool_input_answered') }),
  z.object({ type: z.literal('tool_error'), error: StreamErrorSchema }),
  z.object({ type: z.literal('tool_complete'), result: ToolResultSchema }),
  z.object({ type: z.literal('done') }),
]);
export type ToolEvent = z.infer<typeof ToolEventSchema>;

export const ReplyEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('reply_delta'), content: z.string() }),
  z.object({
    type: z.literal('tool_call'),
    executionId: z.string(),
    tool: z.string(),
    parameters: z.record(z.string(), z.unknown()),
  }),
  /**
   * A tool call the server refused before anything ran (unknown tool, bad arguments, a `deny`
   * policy, a full queue): the model is told why, and the user sees it where the call was made.
   * `parameters` is the raw argument text when it is not a JSON object.
   */
  z.object({
    type: z.literal('tool_refused'),
    tool: z.string(),
    parameters: z.union([z.record(z.string(), z.unknown()), z.string()]),
    code: z.string(),
    message: z.string(),
  }),
  z.object({ type: z.literal('reply_error'), error: StreamErrorSchema }),
  z.object({ type: z.literal('reply_complete'), fragmentId: z.string() }),
  z.object({ type: z.literal('done') }),
]);
export type ReplyEvent = z.infer<typeof ReplyEventSchema>;

/** Any event a stream log can hold. */
export type StreamEvent = ToolEvent | ReplyEvent;

