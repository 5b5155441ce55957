import { z } from 'zod';
import { RequestedBySchema } from './api';
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
  /** MCP content items that are not plain text (images, resources), kept as given. */
  content: z.array(z.record(z.string(), z.unknown())).optional(),
  structuredContent: z.unknown().optional(),
  /** Total characters of text output, so a client knows how much it should have. */
  outputChars: z.number().optional(),
  fragmentId: z.string().optional(),
});
export type ToolResult = z.infer<typeof ToolResultSchema>;

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

