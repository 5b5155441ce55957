import type { InputExchange, StreamError } from '../../shared/events';
import { endStatusOf } from '../../shared/runStatus';
import { ToolExecutionMetadataCodec, toolResultOf, type RunRecord } from '../../shared/runResult';
import type { Db } from '../store/db';
import type { ExecutionStore, StoredExecution } from '../store/executions';
import type { FragmentStore } from '../store/fragments';
import type { StreamLog } from '../streams/log';
import type { ToolCallResult } from '../tools/types';
import { isStorageError, type StorageHealth } from '../storage/health';
import { format } from './format';
import { OutputCollector } from './output';

/** How a run ended: the tool's result if it returned one, the error if it failed. */
export interface RunOutcome {
  result?: ToolCallResult;
  error?: StreamError;
  /** What the tool asked the user, and the answers. */
  inputRequests?: InputExchange[];
}

/** Writes the end of a run: its tool fragment, its final status, and the last events of its stream. */
export class RunRecorder {
  constructor(
    private readonly db: Db,
    private readonly log: StreamLog,
    private readonly executions: ExecutionStore,
    private readonly fragments: FragmentStore,
    private readonly storage?: StorageHealth,
  ) {}

  /** Records the fragment and ends the stream: tool_complete, tool_error on failure, then done. */
  record(execution: StoredExecution, executionTime: number, outcome: RunOutcome, collected = new OutputCollector()): void {
    let fragmentId: string;
    let run: RunRecord;
    try {
      ({ run, fragmentId } = this.store(execution, executionTime, outcome, collected));
    } catch (error) {
      if (!isStorageError(error) || !this.storage) throw error;
      // The disk is full: the stream ends in memory with STORAGE_FULL (its readers get it and done),
      // and the run's record (fragment, final status) is written once the disk has room, saying the same.
      const failure = this.storage.failed(error);
      this.log.cut(execution.id, failure);
      const stored = { ...outcome, error: { code: 'STORAGE_FULL' as const, message: failure.message, recoverable: true } };
      this.storage.later(() => void this.store(execution, executionTime, stored, collected));
      return;
    }
    this.log.append(execution.id, format.complete(toolResultOf(run, fragmentId)));
    if (outcome.error) this.log.append(execution.id, format.error(outcome.error));
    this.log.append(execution.id, format.done());
  }

  /** The fragment and the final status, in one transaction. */
  private store(execution: StoredExecution, executionTime: number, outcome: RunOutcome, collected: OutputCollector): { run: RunRecord; fragmentId: string } {
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
      ...(outcome.inputRequests ? { inputRequests: outcome.inputRequests } : {}),
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
    return { run, fragmentId: fragment.id };
  }
}
