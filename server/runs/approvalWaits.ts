/**
 * Runs awaiting the user's decision (approval policy `ask`). They hold no queue slot and no place
 * in the waiting line, and no timer runs for them: a run's timeouts start when its tool starts.
 * Each has an abort handle, so a cancel or a shutdown ends it like a queued run that never started.
 */
import type { StoredExecution } from '../store/executions';

interface Waiting {
  execution: StoredExecution;
  detach: () => void;
}

export class ApprovalWaits {
  private readonly runs = new Map<string, Waiting>();

  /** Holds the run until `take`; if `controller` aborts first, the run leaves and `onAbort` ends it. */
  hold(execution: StoredExecution, controller: AbortController, onAbort: (reason: unknown) => void): void {
    const listener = () => {
      if (this.runs.delete(execution.id)) onAbort(controller.signal.reason);
    };
    controller.signal.addEventListener('abort', listener, { once: true });
    this.runs.set(execution.id, { execution, detach: () => controller.signal.removeEventListener('abort', listener) });
  }

  has(executionId: string): boolean {
    return this.runs.has(executionId);
  }

  /** The decided run, no longer waiting (its abort handle no longer ends it); undefined if it was not waiting. */
  take(executionId: string): StoredExecution | undefined {
    const waiting = this.runs.get(executionId);
    if (!waiting) return undefined;
    this.runs.delete(executionId);
    waiting.detach();
    return waiting.execution;
  }
}
