import { isFinished } from '../../shared/runStatus';
import { AppError } from '../errors/appError';
import type { Services } from '../services';
import type { StoredExecution } from '../store/executions';
import { submitRun } from './submit';

/** The execution of that id, or NOT_FOUND. */
export function loadExecution(services: Services, executionId: string): StoredExecution {
  const execution = services.executions.get(executionId);
  if (!execution) throw new AppError('NOT_FOUND', `execution ${executionId} does not exist`);
  return execution;
}

/**
 * Runs a finished execution's command again, as a new execution in the same conversation, through
 * the same checks as a typed command (the tool may be gone, its schema changed, the queue full).
 * A run that is still live (awaiting approval, queued, running) is a CONFLICT: two live runs of one
 * command would race. The retry is the user's request, whoever asked for the first run.
 */
export function retryRun(services: Services, executionId: string): Promise<StoredExecution> {
  const old = loadExecution(services, executionId);
  if (!isFinished(old.status)) {
    throw new AppError('CONFLICT', `execution ${old.id} is still ${old.status}; cancel it first`);
  }
  return submitRun(services, { tool: old.tool, parameters: old.parameters }, () => ({
    conversationId: old.conversationId,
    sessionId: old.sessionId,
    userFragmentId: old.userFragmentId,
    retryOf: old.id,
  }));
}
