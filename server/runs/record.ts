import type { StreamError } from '../../shared/events';
import { endStatusOf } from '../../shared/runStatus';
import { ToolExecutionMetadataCodec, toolResultOf, type RunRecord } from '../../shared/runResult';
import type { Db } from '../store/db';
import type { ExecutionStore, StoredExecution } from '../store/executions';
import type { FragmentStore } from '../store/fragments';
import type { StreamLog } from '../streams/log';
import type { ToolCallResult } from '../tools/types';
import { format } from './format';
import { OutputCollector } from './output';

/** How a run ended: the tool's result if it returned one, the error if it failed. */
export interface RunOutcome {
  result?: ToolCallResult;
  error?: StreamError;
}

/** Writes the end of a run: its tool fragment, its final status, and the last events of its stream. */
export class RunRecorder {
  constructor(
    private readonly db: Db,
    private readonly log: StreamLog,
    private readonly executions: ExecutionStore,
    private readonly fragments: FragmentStore,
  ) {}

  /** Records the fragment and ends the stream: tool_complete, tool_error on failure, then done. */
  record(execution: StoredExecution, executionTime: number, outcome: RunOutcome, collected = new OutputCollector()): void {
    const result = outcome.result;
    const run: RunRecord = {
      executionId: execution.id,
      tool: execution.tool,
      parameters: execution.parameters,
      executionTime,
      success: outcome.error === undefined,
      status: endStatusOf(outcome.error),
      requestedBy: execution.requestedBy,
      outputChars: collected.total,
      ...(collected.truncated ? { outputTruncated: true } : {}),
      ...(outcome.error ? { error: outcome.error } : {}),
      ...(result?.content ? { content: result.content } : {}),
      ...(result?.structuredContent !== undefined ? { structuredContent: result.structuredContent } : {}),
    };
    const metadata = ToolExecutionMetadataCodec.encode(run);
    const fragment = this.db.transaction(() => {
      const stored = this.fragments.add({
        conversationId: execution.conversationId,
        sessionId: execution.sessionId,
        role: 'tool',
        content: collected.text(execution.id),
        metadata,
      });
      this.executions.finish(execution.id, run.status, Date.now(), stored.id);
      return stored;
    })();
    this.log.append(execution.id, format.complete(toolResultOf(run, fragment.id)));
    if (outcome.error) this.log.append(execution.id, format.error(outcome.error));
    this.log.append(execution.id, format.done());
  }
}
