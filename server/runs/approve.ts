import type { StoredExecution } from '../store/executions';
import { AppError } from '../errors/appError';
import type { Services } from '../services';
import { loadExecution } from './retry';
import { queueFullError } from './submit';

/**
 * executions.approve: the user's decision on a run awaiting approval. Approved, the run joins the
 * queue (QUEUE_FULL when there is no room: it keeps waiting and can be approved later); denied,
 * it ends with DENIED. STORAGE_FULL while the data dir cannot be written (it keeps waiting).
 * NOT_FOUND for an unknown id, CONFLICT for a run that is not awaiting approval.
 */
export function approveRun(services: Services, executionId: string, approved: boolean): StoredExecution {
  const execution = loadExecution(services, executionId);
  const { executor } = services;
  if (execution.status !== 'awaiting_approval' || !executor.isAwaitingApproval(execution.id)) {
    throw new AppError('CONFLICT', `execution ${execution.id} is not awaiting approval (it is ${execution.status})`);
  }
  if (approved && !executor.hasRoom()) throw queueFullError(services.config.queue.maxQueued);
  // An approved run starts writing: refused like new work while the disk is full (STORAGE_FULL);
  // it keeps waiting and can be approved once there is room. A denial only ends it, so it goes on.
  if (approved) services.storage.check();
  executor.decide(execution.id, approved);
  return loadExecution(services, execution.id);
}
