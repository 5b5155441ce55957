/**
 * A finished tool run, described once. The stream's `tool_complete` carries it camelCase (as
 * `ToolResult`); the tool fragment's metadata keeps the snake_case keys the product contract names
 * (`execution_time`, …). Both are read and written through the one codec below, so the server
 * writes and the client reads the same fields without a hand-kept copy of the mapping on each side.
 */
import { z } from 'zod';
import { ExecutionStatusSchema } from './api';
import { InputExchangeSchema, StreamErrorSchema, ToolResultSchema, type ToolResult } from './events';
import { ToolExecutionMetadataSchema } from './fragments';

/** Everything known about a finished run: what `tool_complete` says, plus what only the record keeps. */
export const RunRecordSchema = ToolResultSchema.omit({ fragmentId: true }).extend({
  executionId: z.string(),
  status: ExecutionStatusSchema,
  outputChars: z.number(),
  outputTruncated: z.boolean().optional(),
  error: StreamErrorSchema.optional(),
  requestedBy: z.enum(['user', 'model']).optional(),
  inputRequests: z.array(InputExchangeSchema).optional(),
});
export type RunRecord = z.infer<typeof RunRecordSchema>;

/** Fragment metadata (snake_case) ⇄ the run record (camelCase). */
export const ToolExecutionMetadataCodec = z.codec(ToolExecutionMetadataSchema, RunRecordSchema, {
  decode: (meta) => ({
    executionId: meta.execution_id,
    tool: meta.tool,
    parameters: meta.parameters,
    executionTime: meta.execution_time,
    success: meta.success,
    status: meta.status,
    outputChars: meta.output_chars,
    ...(meta.output_truncated === undefined ? {} : { outputTruncated: meta.output_truncated }),
    ...(meta.error === undefined ? {} : { error: meta.error }),
    ...(meta.requested_by === undefined ? {} : { requestedBy: meta.requested_by }),
    ...(meta.content === undefined ? {} : { content: meta.content }),
    ...(meta.structured_content === undefined ? {} : { structuredContent: meta.structured_content }),
    ...(meta.input_requests === undefined ? {} : { inputRequests: meta.input_requests }),
  }),
  encode: (run) => ({
    type: 'tool_execution' as const,
    execution_id: run.executionId,
    tool: run.tool,
    parameters: run.parameters,
    execution_time: run.executionTime,
    success: run.success,
    status: run.status,
    output_chars: run.outputChars,
    ...(run.outputTruncated === undefined ? {} : { output_truncated: run.outputTruncated }),
    ...(run.error === undefined ? {} : { error: run.error }),
    ...(run.requestedBy === undefined ? {} : { requested_by: run.requestedBy }),
    ...(run.content === undefined ? {} : { content: run.content }),
    ...(run.structuredContent === undefined ? {} : { structured_content: run.structuredContent }),
    ...(run.inputRequests === undefined ? {} : { input_requests: run.inputRequests }),
  }),
});

/** The `tool_complete` result of a run: the record without what only the fragment keeps. */
export function toolResultOf(run: RunRecord, fragmentId: string): ToolResult {
  return {
    tool: run.tool,
    parameters: run.parameters,
    executionTime: run.executionTime,
    success: run.success,
    outputChars: run.outputChars,
    fragmentId,
    ...(run.content === undefined ? {} : { content: run.content }),
    ...(run.structuredContent === undefined ? {} : { structuredContent: run.structuredContent }),
  };
}
