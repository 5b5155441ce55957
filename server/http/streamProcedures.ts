/**
 * The two stream subscriptions the direct writers serve themselves (streamSse.ts over SSE,
 * streamWs.ts over WebSocket): their tRPC paths, what kind of stream each reads, their input as
 * the router validates it, and where the stream's id is in it.
 */
import type { z } from 'zod';
import { StreamReplyInputSchema, StreamToolInputSchema } from '../../shared/api';
import type { StreamKind } from '../streams/log';

export interface StreamProcedure {
  kind: StreamKind;
  schema: z.ZodType<{ lastEventId?: string | null | undefined }>;
  streamIdOf(input: unknown): string;
}

export const STREAM_PROCEDURES: Readonly<Record<string, StreamProcedure>> = {
  'chat.streamTool': {
    kind: 'tool',
    schema: StreamToolInputSchema,
    streamIdOf: (input) => (input as z.infer<typeof StreamToolInputSchema>).executionId,
  },
  'chat.streamReply': {
    kind: 'reply',
    schema: StreamReplyInputSchema,
    streamIdOf: (input) => (input as z.infer<typeof StreamReplyInputSchema>).messageId,
  },
};

/** The stream procedure at a tRPC path, or undefined (own keys only: `/trpc/constructor` is no procedure). */
export function streamProcedureAt(path: string): StreamProcedure | undefined {
  return Object.hasOwn(STREAM_PROCEDURES, path) ? STREAM_PROCEDURES[path] : undefined;
}
