import PQueue from 'p-queue';
import type { Execution } from '../../shared/api';
import type { StreamError } from '../../shared/events';
import type { Config } from '../config/schema';
import type { Db } from '../store/db';
import { newId } from '../store/db';
import type { ExecutionStore, StoredExecution } from '../store/executions';
import type { FragmentStore } from '../store/fragments';
import type { StreamLog } from '../streams/log';
import type { ToolRegistry } from '../tools/registry';
import { AppError } from '../errors/appError';
import { type ToolContext } from '../tools/types';
import { describeFailure, format } from './format';
import { OutputCollector } from './output';
import { RunRecorder, type RunOutcome } from './record';
import { timeoutsFor, Watchdog } from './timeouts';
import { WaitingLine } from './waitingLine';

export interface NewExecution {
  conversationId: string;
  sessionId: string;
  userFragmentId: string;
  tool: string;
  parameters: Record<string, unknown>;
  retryOf?: string;
}

/** Queues, runs, cancels and records tool executions; every step lands in the execution's event log. */
export class ExecutionService {
  private readonly queue: PQueue;
  /** Abort handles of queued and running executions. */
  private readonly controllers = new Map<string, AbortController>();
  /** Runs waiting for a slot, in order: their streams carry their place in the queue. */
  private readonly waiting = new WaitingLine();
  private readonly recorder: RunRecorder;

  constructor(
    private readonly db: Db,
    private readonly log: StreamLog,
    private readonly executions: ExecutionStore,
    private readonly fragments: FragmentStore,
    private readonly registry: ToolRegistry,
    private readonly config: Config,
  ) {
    this.queue = new PQueue({ concurrency: config.queue.concurrency });
    this.recorder = new RunRecorder(db, log, executions, fragments);
  }

  /** A new execution either starts now or fits in the bounded queue. */
  hasRoom(): boolean {
    return this.queue.pending < this.config.queue.concurrency || this.waiting.size < this.config.queue.maxQueued;
  }

  /** Stores the execution and its stream, then queues it. Call only after validating the arguments. */
  submit(input: NewExecution): StoredExecution {
    const execution: StoredExecution = {
      id: newId('exec'),
      ...input,
      retryOf: input.retryOf ?? null,
      status: 'queued',
      createdAt: Date.now(),
      startedAt: null,
      finishedAt: null,
    };
    this.db.transaction(() => {
      this.log.create(execution.id, 'tool');
      this.executions.insert(execution);
    })();
    const controller = new AbortController();
    this.controllers.set(execution.id, controller);
    const position = this.waiting.join(execution.id);
    this.queue
      .add(() => this.run(execution, controller), { signal: controller.signal })
      .catch((reason: unknown) => {
        // Aborted while still queued: p-queue dropped it without running it.
        if (this.leaveQueue(execution.id)) this.end(execution, 0, { error: describeFailure(reason) });
      });
    // p-queue starts a run at once when a slot is free; only one still waiting is queued.
    if (this.waiting.has(execution.id)) this.log.append(execution.id, format.queued(position));
    return execution;
  }

  /** Takes a run out of the line; every run behind it learns its new place. False if it was not waiting. */
  private leaveQueue(executionId: string): boolean {
    const moved = this.waiting.leave(executionId);
    for (const { id, position } of moved ?? []) this.log.append(id, format.queued(position));
    return moved !== null;
  }

  private async run(execution: StoredExecution, controller: AbortController): Promise<void> {
    this.leaveQueue(execution.id);
    const startedAt = Date.now();
    this.executions.markRunning(execution.id, startedAt);
    this.log.append(execution.id, format.started(startedAt));
    const watchdog = new Watchdog(timeoutsFor(this.config.timeouts, execution.tool), controller);
    const collected = new OutputCollector();
    let outcome: RunOutcome;
    const ctx: ToolContext = {
      signal: controller.signal,
      output: (text, stream) => {
        if (controller.signal.aborted || text.length === 0) return;
        watchdog.alive();
        if (stream !== 'log') collected.add(text);
        this.log.append(execution.id, format.output(text, stream));
      },
      progress: ({ progress, total, message }) => {
        if (controller.signal.aborted) return;
        watchdog.alive();
        this.log.append(execution.id, format.progress(progress, total, message));
      },
    };
    try {
      const tool = this.registry.get(execution.tool);
      if (!tool) throw new AppError('TOOL_ERROR', `the tool ${execution.tool} is no longer available`);
      const result = await raceAbort(tool.call(execution.parameters, ctx), controller.signal);
      if (result.text) ctx.output(result.text);
      outcome = { result };
      if (result.isError) {
        outcome.error = { message: result.errorMessage ?? 'the tool reported an error', code: 'TOOL_ERROR', recoverable: false };
      }
    } catch (error) {
      outcome = { error: describeFailure(controller.signal.aborted ? controller.signal.reason : error) };
    } finally {
      watchdog.stop();
    }
    this.end(execution, Date.now() - startedAt, outcome, collected);
  }

  private end(execution: StoredExecution, executionTime: number, outcome: RunOutcome, collected?: OutputCollector): void {
    this.controllers.delete(execution.id);
    this.recorder.record(execution, executionTime, outcome, collected);
  }

  /** Stops a queued or running execution. Returns false when it had already ended. */
  cancel(executionId: string): boolean {
    const controller = this.controllers.get(executionId);
    if (!controller) return false;
    controller.abort(new AppError('CANCELLED', 'cancelled by the user', { recoverable: true }));
    return true;
  }

  describe(execution: StoredExecution): Execution {
    return { ...execution, queuePosition: this.waiting.positionOf(execution.id) };
  }

  /**
   * Closes what a previous process left queued or running: its stream gets a recoverable
   * SERVER_RESTARTED error and done, so no client waits forever; it can be retried.
   */
  recover(): number {
    const left = this.executions.unfinished();
    for (const execution of left) {
      this.log.reopen(execution.id);
      const when = execution.status === 'running' ? 'while it was running' : 'before it started';
      const error: StreamError = {
        message: `the server restarted ${when}; nothing more will come from this run — retry it`,
        code: 'SERVER_RESTARTED',
        recoverable: true,
      };
      this.end(execution, execution.startedAt ? Date.now() - execution.startedAt : 0, { error });
    }
    return left.length;
  }

  /** Waits for running work to settle (tests, shutdown). */
  async idle(): Promise<void> {
    await this.queue.onIdle();
  }

  abortAll(reason: string): void {
    for (const controller of this.controllers.values()) controller.abort(new AppError('SERVER_RESTARTED', reason, { recoverable: true }));
  }
}

/** Settles with the tool's promise, or rejects the moment the signal aborts: a tool that ignores its signal cannot hang a stream. */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
