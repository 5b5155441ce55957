import { z } from 'zod';
import { ExecutionStatusSchema } from './api';
import { InputExchangeSchema, StreamErrorSchema } from './events';

/**
 * Metadata of the fragment that records a finished tool run (role 'tool'): the contract keys, snake_case.
 * Written and read only through ToolExecutionMetadataCodec (runResult.ts), the one mapping to the
 * camelCase run that tool_complete carries.
 */
export const ToolExecutionMetadataSchema = z.object({
  type: z.literal('tool_execution'),
  execution_id: z.string(),
  tool: z.string(),
  parameters: z.record(z.string(), z.unknown()),
  /** Milliseconds from start to end of the run (0 when it never started). */
  execution_time: z.number(),
  success: z.boolean(),
  status: ExecutionStatusSchema,
  /** Characters of text output in all; the fragment keeps at most 1 MiB of it inline. */
  output_chars: z.number(),
  output_truncated: z.boolean().optional(),
  error: StreamErrorSchema.optional(),
  /** Who asked for the run: the user (a typed command or a retry) or the AI model. Absent in fragments older than approvals. */
  requested_by: z.enum(['user', 'model']).optional(),
  /** Non-text MCP content (images, resources) as the tool returned it. */
  content: z.array(z.record(z.string(), z.unknown())).optional(),
  structured_content: z.unknown().optional(),
  /** What the tool asked the user during the run (MCP elicitation) and how each was answered. */
  input_requests: z.array(InputExchangeSchema).optional(),
});
export type ToolExecutionMetadata = z.infer<typeof ToolExecutionMetadataSchema>;

/** Metadata of the user's fragment for a tool command. */
export const ToolCommandMetadataSchema = z.object({
  type: z.literal('tool_command'),
  tool: z.string(),
  parameters: z.record(z.string(), z.unknown()),
});
export type ToolCommandMetadata = z.infer<typeof ToolCommandMetadataSchema>;

/** Metadata of the user's plain message; `message_id` is the reply stream (chat.streamReply). */
export const MessageMetadataSchema = z.object({ type: z.literal('message'), message_id: z.string() });
export type MessageMetadata = z.infer<typeof MessageMetadataSchema>;

/** A tool call the server refused before anything ran (the reply stream's `tool_refused`). */
export const RefusedCallSchema = z.object({
  tool: z.string(),
  /** The arguments as an object, or the raw text the model wrote when it is not a JSON object. */
  parameters: z.union([z.record(z.string(), z.unknown()), z.string()]),
  code: z.string(),
  message: z.string(),
});
export type RefusedCall = z.infer<typeof RefusedCallSchema>;

/** One of a reply's tool calls and where in its text it was made: a run (`execution_id`) or a refusal. */
export const ReplyCallPlaceSchema = z.union([
  z.object({ at: z.number().int().min(0), execution_id: z.string() }),
  z.object({ at: z.number().int().min(0), refused: RefusedCallSchema }),
]);
export type ReplyCallPlace = z.infer<typeof ReplyCallPlaceSchema>;

/** Metadata of the assistant's reply fragment. */
export const AiReplyMetadataSchema = z.object({
  type: z.literal('ai_reply'),
  message_id: z.string(),
  reply_to: z.string(),
  model: z.string().nullable(),
  /** Stopped by the user (chat.cancelReply): the content is the partial text. */
  stopped: z.boolean().optional(),
  /** The reply ended with this error (the content is what was written before it). */
  error: z.object({ code: z.string(), message: z.string() }).optional(),
  /** Oldest turns left out to fit the context budget (ai.contextBudgetChars); 0 or absent: none. */
  context_dropped_turns: z.number().int().min(0).optional(),
  /** Executions the model started in this turn, in order. */
  tool_calls: z.array(z.string()).optional(),
  /**
   * Every call the model made, run or refused, in order, with where in the reply it was made:
   * `at` is the length of the reply's text at that point, so each card sits there (not under the
   * whole reply). Absent in fragments older than this, whose runs sit at the end.
   */
  tool_call_places: z.array(ReplyCallPlaceSchema).optional(),
});
export type AiReplyMetadata = z.infer<typeof AiReplyMetadataSchema>;
