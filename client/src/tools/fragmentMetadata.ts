import type { Execution, Fragment } from '../../../shared/api';
import { ToolExecutionMetadataSchema, type ToolExecutionMetadata } from '../../../shared/fragments';
import { outputFromText } from './outputLines';
import { initialToolRun, type ToolRunState } from './toolStreamStore';

/** The run's metadata, or null for any other fragment (the executor writes it by the shared schema). */
export function toolMetadataOf(fragment: Fragment): ToolExecutionMetadata | null {
  if (fragment.role !== 'tool') return null;
  const parsed = ToolExecutionMetadataSchema.safeParse(fragment.metadata);
  return parsed.success ? parsed.data : null;
}

/**
 * The fragment holds only the start of the run's output: fragments.list cut its content
 * (`contentChars`), or the executor kept only a preview (`output_truncated`). Either way the
 * execution's event log still has all of it.
 */
export function isOutputCut(fragment: Fragment, meta: ToolExecutionMetadata): boolean {
  return fragment.contentChars !== undefined || meta.output_truncated === true;
}

/** A cut text ends mid-line; showing half a line as if it were whole would mislead, so drop it. */
export function wholeLines(text: string): string {
  const end = text.lastIndexOf('\n');
  return end < 0 ? text : text.slice(0, end + 1);
}

/** A finished run rebuilt from its fragment: no stream needed to show history after a reload. */
export function runFromFragment(fragment: Fragment, meta: ToolExecutionMetadata): ToolRunState {
  const output = outputFromText(fragment.contentChars === undefined ? fragment.content : wholeLines(fragment.content));
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
      outputChars: meta.output_chars,
      fragmentId: fragment.id,
    },
    error: meta.error ?? null,
  };
}

/** A tool fragment whose execution is not in executions.list (it should be): still show the run. */
export function executionFromFragment(fragment: Fragment, meta: ToolExecutionMetadata): Execution {
  return {
    id: meta.execution_id,
    conversationId: fragment.conversationId,
    sessionId: fragment.sessionId,
    userFragmentId: '',
    tool: meta.tool,
    parameters: meta.parameters,
    status: meta.status,
    queuePosition: null,
    createdAt: fragment.createdAt - meta.execution_time,
    startedAt: fragment.createdAt - meta.execution_time,
    finishedAt: fragment.createdAt,
    retryOf: null,
  };
}
