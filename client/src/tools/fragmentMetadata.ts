import type { Execution, Fragment } from '../../../shared/api';
import { ToolExecutionMetadataCodec, toolResultOf, type RunRecord } from '../../../shared/runResult';
import { outputFromText } from './outputLines';
import { initialToolRun, type ToolRunState } from './toolStreamStore';

/** The run a tool fragment records, read through the shared codec; null for any other fragment. */
export function runRecordOf(fragment: Fragment): RunRecord | null {
  if (fragment.role !== 'tool') return null;
  const decoded = ToolExecutionMetadataCodec.safeParse(fragment.metadata);
  return decoded.success ? decoded.data : null;
}

/**
 * The fragment holds only the start of the run's output: fragments.list cut its content
 * (`contentChars`), or the executor kept only a preview (`output_truncated`). Either way the
 * execution's event log still has all of it.
 */
export function isOutputCut(fragment: Fragment, run: RunRecord): boolean {
  return fragment.contentChars !== undefined || run.outputTruncated === true;
}

/** A cut text ends mid-line; showing half a line as if it were whole would mislead, so drop it. */
export function wholeLines(text: string): string {
  const end = text.lastIndexOf('\n');
  return end < 0 ? text : text.slice(0, end + 1);
}

/** A finished run rebuilt from its fragment: no stream needed to show history after a reload. */
export function runFromFragment(fragment: Fragment, record: RunRecord): ToolRunState {
  const output = outputFromText(fragment.contentChars === undefined ? fragment.content : wholeLines(fragment.content));
  return {
    ...initialToolRun(),
    done: true,
    output,
    revision: 1,
    result: toolResultOf(record, fragment.id),
    error: record.error ?? null,
    inputs: record.inputRequests ?? [],
  };
}

/** A tool fragment whose execution is not in executions.list (it should be): still show the run. */
export function executionFromFragment(fragment: Fragment, record: RunRecord): Execution {
  return {
    id: record.executionId,
    conversationId: fragment.conversationId,
    sessionId: fragment.sessionId,
    userFragmentId: '',
    tool: record.tool,
    parameters: record.parameters,
    status: record.status,
    queuePosition: null,
    createdAt: fragment.createdAt - record.executionTime,
    startedAt: fragment.createdAt - record.executionTime,
    finishedAt: fragment.createdAt,
    retryOf: null,
  };
}
