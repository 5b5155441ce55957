import PQueue from 'p-queue';
import type { Execution, RequestedBy } from '../../shared/api';
import type { InputExchange, StreamError, ToolEvent } from '../../shared/events';
import { toWellFormed } from '../../shared/text';
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
import { OutputCut } from './outputCut';
import { RunRecorder, type RunOutcome } from './record';
import { timeoutsFor, Watchdog } from './timeouts';
import { ApprovalWaits } from './approvalWaits';
import { InputRequests } from './inputRequests';
import { closeLeftInputs } from './inputRecovery';
import { WaitingLine } from './waitingLine';
import { isStorageError, type StorageHealth } from '../storage/health';

export interface NewExecution {
  conversationId: string;
  sessionId: string;
  userFragmentId: string;
  tool: string;
  parameters: Record<string, unknown>;
  retryOf?: string;
  /** Who asked for the run; a typed command or a retry is the user's. */
  requestedBy?: RequestedBy;
}

/** What the approval policy said for a run that passed it: run now, or wait for executions.approve. */
export type Admission = 'auto' | 'ask';

/** The refusal a denied run ends with (executions.approve with approved: false). */
export const DENIED_BY_USER: StreamError = { message: 'denied by the user', code: 'DENIED', recoverable: false };

/** Queues, runs, cancels and records tool executions; every step lands in the execution's event log. */
export class ExecutionService {
  private readonly queue: PQueue;
  /** Abort handles of queued and running executions. */
  private readonly controllers = new Map<string, AbortController>();
  /** Runs waiting for a slot, in order: their streams carry their place in the queue. */
  private readonly waiting = new WaitingLine();
  /** Runs awaiting the user's decision: no slot, no place in the line, no timer; their abort handles are in `controllers`. */
  private readonly awaiting = new ApprovalWaits();
  private readonly recorder: RunRecorder;
  /** Requests for the user's input (MCP elicitation) that running tools have open. */
  readonly inputs = new InputRequests();

  constructor(
    private readonly db: Db,
    private readonly log: StreamLog,
    private readonly executions: ExecutionStore,
    private readonly fragments: FragmentStore,
    private readonly registry: ToolRegistry,
    private readonly config: Config,
    private readonly storage?: StorageHealth,
  ) {
    this.queue = new PQueue({ concurrency: config.queue.concurrency });
    this.recorder = new RunRecorder(db, log, executions, fragments, storage);
    // A stream the disk cut off: its run stops (its end is already told to its readers).
    log.onCut((streamId, error) => this.controllers.get(streamId)?.abort(error));
  }

  /**
   * A new execution either starts now or fits in the bounded queue. Runs awaiting approval are not
   * counted: they take room only once approved (and approve checks again).
   */
  hasRoom(): boolean {
    return this.queue.pending < this.config.queue.concurrency || this.waiting.size < this.config.queue.maxQueued;
  }

  /**
   * Stores the execution and its stream, then queues it (`auto`) or lets it wait for the user's
   * decision (`ask`: its stream says tool_approval_required). Call only after validating the
   * arguments and applying the approval policy (submitRun).
   */
  submit(input: NewExecution, admission: Admission = 'auto'): StoredExecution {
    const execution: StoredExecution = {
      id: newId('exec'),
      ...input,
      retryOf: input.retryOf ?? null,
      requestedBy: input.requestedBy ?? 'user',
      status: admission === 'ask' ? 'awaiting_approval' : 'queued',
      createdAt: Date.now(),
      startedAt: null,
      finishedAt: null,
    };
    this.db.transaction(() => {
      this.log.create(execution.id, 'tool');
      this.executions.insert(execution);
    })();
    if (admission === 'ask') this.awaitApproval(execution);
    else this.enqueue(execution);
    return execution;
  }

  private awaitApproval(execution: StoredExecution): void {
    const controller = new AbortController();
    this.controllers.set(execution.id, controller);
    // Cancelled (or the server shuts down) while waiting: it ends like a queued run that never started.
    this.awaiting.hold(execution, controller, (reason) => this.end(execution, 0, { error: describeFailure(reason) }));
    this.log.append(execution.id, format.approvalRequired(execution.tool, execution.parameters, execution.requestedBy));
  }

  isAwaitingApproval(executionId: string): boolean {
    return this.awaiting.has(executionId);
  }

  /**
   * The user's decision on a run awaiting approval: approved, it joins the queue (tool_queued or
   * tool_started follow, as for any run); denied, it ends with DENIED (tool_complete, tool_error,
   * done). False when the run was not awaiting approval. The caller checks queue room first.
   */
  decide(executionId: string, approved: boolean): boolean {
    if (!this.awaiting.has(executionId)) return false;
    // Written before the run leaves the waits: a write the disk refuses then changes nothing (the
    // run keeps waiting, its readers with it) instead of leaving a run no one will ever end.
    if (approved) this.executions.markQueued(executionId);
    const execution = this.awaiting.take(executionId);
    if (!execution) return false;
    this.controllers.delete(executionId);
    if (!approved) {
      this.end(execution, 0, { error: DENIED_BY_USER });
      return true;
    }
    this.enqueue({ ...execution, status: 'queued' });
    return true;
  }

  /** Puts a stored execution in the queue; its stream says its place while it waits. */
  private enqueue(execution: StoredExecution): void {
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
    try {
      this.executions.markRunning(execution.id, startedAt);
    } catch (error) {
      if (!isStorageError(error) || !this.storage) throw error;
      this.end(execution, 0, { error: describeFailure(this.storage.failed(error)) });
      return;
    }
    this.log.append(execution.id, format.started(startedAt));
    const watchdog = new Watchdog(timeoutsFor(this.config.timeouts, execution.tool), controller);
    const collected = new OutputCollector();
    const kept = new OutputCut(this.config.limits.outputKeptChars, (text, stream) => this.log.append(execution.id, format.output(text, stream)));
    let outcome: RunOutcome;
    const exchanges: InputExchange[] = [];
    const inputHost = {
      executionId: execution.id,
      append: (event: ToolEvent) => this.log.append(execution.id, event),
      pause: () => watchdog.pause(),
      resume: () => watchdog.resume(),
      exchanges,
    };
    const ctx: ToolContext = {
      signal: controller.signal,
      output: (raw, stream) => {
        if (controller.signal.aborted || raw.length === 0) return;
        // A lone surrogate (MCP text may hold one) has no UTF-8 form: one U+FFFD, live and stored alike.
        const text = toWellFormed(raw);
        watchdog.alive();
        if (stream !== 'log') collected.add(text);
        kept.add(text, stream);
      },
      progress: ({ progress, total, message }) => {
        if (controller.signal.aborted) return;
        watchdog.alive();
        this.log.append(execution.id, format.progress(progress, total, message));
      },
      // The request closes (as cancel) when the run ends, whatever the tool does with it.
      ask: (question, options) => this.inputs.ask(inputHost, question, { ...options, signal: AbortSignal.any([options.signal, controller.signal]) }),
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
      // A server may return while its question is still open (it stopped waiting): close it here,
      // before the run's end, so no answer can arrive for a finished run.
      this.inputs.closeRun(execution.id);
    }
    kept.finish();
    if (exchanges.length > 0) outcome.inputRequests = exchanges;
    this.end(execution, Date.now() - startedAt, outcome, collected);
  }

  private end(execution: StoredExecution, executionTime: number, outcome: RunOutcome, collected?: OutputCollector): void {
    this.controllers.delete(execution.id);
    this.recorder.record(execution, executionTime, outcome, collected);
  }

  /** Stops an execution awaiting approval, queued or running. Returns false when it had already ended. */
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
   * Closes what a previous process left awaiting approval, queued or running: its stream gets a recoverable
   * SERVER_RESTARTED error and done, so no client waits forever; it can be retried.
   */
  recover(): number {
    const left = this.executions.unfinished();
    for (const execution of left) {
      this.log.reopen(execution.id);
      const when =
        execution.status === 'running'
          ? 'while it was running'
          : execution.status === 'awaiting_approval'
            ? 'while it was awaiting approval'
            : 'before it started';
      const error: StreamError = {
        message: `the server restarted ${when}; nothing more will come from this run — retry it`,
        code: 'SERVER_RESTARTED',
        recoverable: true,
      };
      // A request the user never answered is closed in the stream (and kept in the record).
      const inputRequests = closeLeftInputs(this.log, execution.id);
      this.end(execution, execution.startedAt ? Date.now() - execution.startedAt : 0, { error, ...(inputRequests.length > 0 ? { inputRequests } : {}) });
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
