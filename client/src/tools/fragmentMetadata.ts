import { z } from 'zod';
import type { Execution, ExecutionStatus, Fragment } from '../../../shared/api';
import { ExecutionStatusSchema } from '../../../shared/api';
import { StreamErrorSchema } from '../../../shared/events';
import { outputFromText } from './outputLines';
import { initialToolRun, type ToolRunState } from './toolStreamStore';

/** The metadata the server stores on a finished run's fragment (PRODUCT.md, fragments.list). */
export const ToolFragmentMetadataSchema = z.object({
  type: z.literal('tool_execution'),
  execution_id: z.string(),
  tool: z.string(),
  parameters: z.record(z.string(), z.unknown()).catch({}),
  execution_time: z.number().catch(0),
  success: z.boolean(),
  status: ExecutionStatusSchema.optional().catch(undefined),
  error: StreamErrorSchema.optional().catch(undefined),
  content: z.array(z.record(z.string(), z.unknown())).optional().catch(undefined),
  structured_content: z.unknown().optional(),
  output_truncated: z.boolean().optional().catch(undefined),
});
export type ToolFragmentMetadata = z.infer<typeof ToolFragmentMetadataSchema>;

export function toolMetadataOf(fragment: Fragment): ToolFragmentMetadata | null {
  const parsed = ToolFragmentMetadataSchema.safeParse(fragment.metadata);
  return parsed.success ? parsed.data : null;
}

/** A finished run rebuilt from its fragment: no stream needed to show history after a reload. */
export function runFromFragment(fragment: Fragment, meta: ToolFragmentMetadata): ToolRunState {
  const output = outputFromText(fragment.content);
  return {
    ...initialToolRun(),
    done: true,
    output,
    revision: 1,
    result: {
      tool: meta.tool,
      parameters: meta.parameters,
      executionTime: meta.execution_time,
      success: meta.success,
      content: meta.content,
      structuredContent: meta.structured_content,
      outputChars: output.chars,
      fragmentId: fragment.id,
    },
    error: meta.error ?? null,
  };
}

function statusFromMetadata(meta: ToolFragmentMetadata): ExecutionStatus {
  if (meta.status) return meta.status;
  return meta.success ? 'succeeded' : 'failed';
}

/** A tool fragment whose execution is not in executions.list (it should be): still show the run. */
export function executionFromFragment(fragment: Fragment, meta: ToolFragmentMetadata): Execution {
  return {
    id: meta.execution_id,
    conversationId: fragment.conversationId,
    sessionId: fragment.sessionId,
    userFragmentId: '',
    tool: meta.tool,
    parameters: meta.parameters,
    status: statusFromMetadata(meta),
    queuePosition: null,
    createdAt: fragment.createdAt - meta.execution_time,
    startedAt: fragment.createdAt - meta.execution_time,
    finishedAt: fragment.createdAt,
    retryOf: null,
  };
}
