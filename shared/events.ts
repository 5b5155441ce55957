import { z } from 'zod';
import { RequestedBySchema } from './requestedBy';
import { STREAM_ERROR_CODES } from './errors';

/** The codes a `tool_error` / `reply_error` carries are the catalog's stream codes (errors.ts). */
export { isRunErrorCode, type ErrorCode } from './errors';

/** Why something failed, in a shape every stream uses. */
export const StreamErrorSchema = z.object({
  message: z.string(),
  code: z.enum(STREAM_ERROR_CODES),
  recoverable: z.boolean(),
});
export type StreamError = z.infer<typeof StreamErrorSchema>;

/** What a finished tool execution reports in `tool_complete`. */
export const ToolResultSchema = z.object({
  tool: z.string(),
  parameters: z.record(z.string(), z.unknown()),
  executionTime: z.number(),
  success: z.boolean(),
  /**
   * MCP content items in the tool's order, kept as given (shared/toolContent.ts reads them): images,
   * audio, resource links, embedded resources, and text items whose `annotations.audience` is only
   * `user` or only `assistant`. Text for both (the usual case) is the run's output instead. A payload
   * past limits.resultContentChars is dropped and the item says so (`omitted`).
   */
  content: z.array(z.record(z.string(), z.unknown())).optional(),
  /** MCP `structuredContent`, as returned (absent when it passed limits.resultContentChars: see `warnings`). */
  structuredContent: z.unknown().optional(),
  /**
   * What is wrong with the result, for the card to show (a run with warnings still succeeded):
   * `structuredContent` that does not match the tool's `outputSchema` (naming the failing path),
   * a tool with an `outputSchema` that returned none, structured content too large to keep.
   */
  warnings: z.array(z.string()).optional(),
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
    requestedBy: RequestedBySchema,
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

