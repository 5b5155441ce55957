import { z } from 'zod';
import { RequestedBySchema } from './requestedBy';
import { McpTransportSchema } from './servers';
import { WellFormedText } from './text';
import { InputActionSchema, InputContentSchema } from './events';

export const IdSchema = z.string().min(1).max(100);

export { RequestedBySchema, type RequestedBy } from './requestedBy';

export const SendInputSchema = z.object({
  // Its size is the server's limits.messageChars (MESSAGE_TOO_LARGE), checked in chat.send; the body caps (2 MB over HTTP, 1 MB over WebSocket) come first.
  content: WellFormedText('the message').min(1, 'message is empty'),
  conversationId: IdSchema.optional(),
  sessionId: IdSchema.optional(),
});
export type SendInput = z.infer<typeof SendInputSchema>;

/** A queued tool run, as chat.send and executions.retry answer it. */
export const ToolExecutionResultSchema = z.object({
  type: z.literal('tool_execution'),
  executionId: z.string(),
  streamUrl: z.string(),
  conversationId: z.string(),
  sessionId: z.string(),
  userFragmentId: z.string(),
});
export type ToolExecutionResult = z.infer<typeof ToolExecutionResultSchema>;

export const SendResultSchema = z.discriminatedUnion('type', [
  ToolExecutionResultSchema,
  z.object({
    type: z.literal('chat'),
    messageId: z.string(),
    conversationId: z.string(),
    sessionId: z.string(),
    userFragmentId: z.string(),
  }),
]);
export type SendResult = z.infer<typeof SendResultSchema>;

/** Subscription inputs: objects with `lastEventId`, or tRPC resume silently breaks. */
export const StreamToolInputSchema = z.object({
  executionId: IdSchema,
  lastEventId: z.string().nullish(),
});
export const StreamReplyInputSchema = z.object({
  messageId: IdSchema,
  lastEventId: z.string().nullish(),
});

export const ExecutionIdInputSchema = z.object({ executionId: IdSchema });

export const ExecutionStatusSchema = z.enum(['awaiting_approval', 'queued', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted']);
export type ExecutionStatus = z.infer<typeof ExecutionStatusSchema>;

export const ExecutionSchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  sessionId: z.string(),
  userFragmentId: z.string(),
  tool: z.string(),
  parameters: z.record(z.string(), z.unknown()),
  status: ExecutionStatusSchema,
  /** 1-based place in the queue while queued. */
  queuePosition: z.number().nullable(),
  createdAt: z.number(),
  startedAt: z.number().nullable(),
  finishedAt: z.number().nullable(),
  retryOf: z.string().nullable(),
  /** Who asked for the run; absent only in old records. */
  requestedBy: RequestedBySchema.optional(),
});
export type Execution = z.infer<typeof ExecutionSchema>;

export const ToolSourceSchema = z.object({
  kind: z.enum(['builtin', 'mcp']),
  /** The `mcpServers` key for MCP tools. */
  server: z.string().optional(),
  transport: McpTransportSchema.optional(),
});

export const ToolInfoSchema = z.object({
  name: z.string(),
  /** A name for people (MCP `title`, or `annotations.title`); shown where a name is, with `name` beside it. */
  title: z.string().optional(),
  description: z.string(),
  inputSchema: z.record(z.string(), z.unknown()),
  /** MCP `outputSchema`, exactly as the server sent it: `structuredContent` is checked against it. */
  outputSchema: z.record(z.string(), z.unknown()).optional(),
  source: ToolSourceSchema,
});
export type ToolInfo = z.infer<typeof ToolInfoSchema>;

export const FragmentRoleSchema = z.enum(['user', 'assistant', 'tool']);

export const FragmentSchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  sessionId: z.string(),
  role: FragmentRoleSchema,
  content: z.string(),
  metadata: z.record(z.string(), z.unknown()),
  createdAt: z.number(),
  /** Set when `maxContentChars` cut `content` short: the full length. */
  contentChars: z.number().optional(),
});
export type Fragment = z.infer<typeof FragmentSchema>;

export const FragmentsListInputSchema = z
  .object({
    conversationId: IdSchema.optional(),
    sessionId: IdSchema.optional(),
    role: FragmentRoleSchema.optional(),
    /** Full-text search over fragment content. */
    query: z.string().max(500).optional(),
    /** Only fragments created after this fragment (paging forward). */
    after: IdSchema.optional(),
    /** Only fragments created before this fragment (paging back through a long conversation). */
    before: IdSchema.optional(),
    /** Cut each fragment's content to this many characters (big tool outputs); `contentChars` then says the full length. */
    maxContentChars: z.number().int().min(0).optional(),
    limit: z.number().int().min(1).max(1000).default(200),
  })
  .default({ limit: 200 });

export const ConversationSchema = z.object({
  id: z.string(),
  title: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type Conversation = z.infer<typeof ConversationSchema>;

const TitleSchema = WellFormedText('the title').trim().min(1).max(200);
export const ConversationCreateInputSchema = z.object({ title: TitleSchema.optional() }).default({});
export const ConversationRenameInputSchema = z.object({ id: IdSchema, title: TitleSchema });

/** chat.cancelReply / chat.retryReply: the reply is named by its stream id (the `messageId` chat.send returned). */
export const ReplyIdInputSchema = z.object({ messageId: IdSchema });
export type ReplyIdInput = z.infer<typeof ReplyIdInputSchema>;
/** chat.cancelReply answers whether a streaming reply was stopped (false: it had already ended). */
export const CancelReplyResultSchema = z.object({ messageId: IdSchema, cancelled: z.boolean() });
/** chat.retryReply runs the turn again as a new reply (a new messageId) in the same conversation: the `chat` result of chat.send. */

/** executions.approve: the user's decision on a run awaiting approval. */
export const ApproveInputSchema = z.object({ executionId: IdSchema, approved: z.boolean() });
export type ApproveInput = z.infer<typeof ApproveInputSchema>;
/** executions.respond: the user's answer to a run's `tool_input_required`. */
export const RespondInputSchema = z.object({
  executionId: IdSchema,
  requestId: IdSchema,
  action: InputActionSchema,
  /** accept of a form: the fields the user filled in (left-out fields get the schema's defaults). */
  content: InputContentSchema.optional(),
});
export type RespondInput = z.infer<typeof RespondInputSchema>;
