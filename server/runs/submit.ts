/**
 * The one way a tool run enters the queue, whoever asks: a command the user typed (chat.send), a
 * retry (executions.retry), and the AI model's tool calls. Every caller gets the same checks, in
 * the same order, with the same messages, each an AppError the router edge maps to a tRPC code:
 * the tool's MCP server is connected or can be (MCP_SERVER_UNAVAILABLE, saying what to do:
 * servers/ready.ts), the tool exists and is on
 * (UNKNOWN_TOOL, TOOL_DISABLED), its arguments parse and pass its schema (BAD_ARGUMENTS), its
 * approval policy does not deny it (FORBIDDEN), and — for a run that enters the queue now — the
 * queue has room (QUEUE_FULL). Nothing is stored before every check has passed. A run whose policy
 * is `ask` is stored awaiting approval and holds no queue slot until approved (runs/approve.ts).
 */
import type { ToolExecutionResult } from '../../shared/api';
import { resolveCall, type CallRequest, type CheckedCall } from '../commands/resolve';
import { AppError } from '../errors/appError';
import { deniedMessage, policyFor } from './policy';
import type { NewExecution } from './service';
import { ensureServerReady } from '../servers/ready';
import type { Services } from '../services';
import type { StoredExecution } from '../store/executions';

export const QUEUE_FULL_MESSAGE = 'the tool queue is full; wait for running tools to finish or raise queue.maxQueued';

/** The refusal of a full queue: the limit, its value and its key. */
export function queueFullError(maxQueued: number): AppError {
  return new AppError('QUEUE_FULL', `${QUEUE_FULL_MESSAGE} (${maxQueued} may wait in fragments.config.json)`);
}

/** A call whose arguments, as JSON, exceed limits.argumentChars; checked before the schema is run on them. */
export function checkArgumentSize(parameters: Record<string, unknown>, max: number): void {
  const size = JSON.stringify(parameters).length;
  if (size > max) {
    throw new AppError(
      'ARGUMENTS_TOO_LARGE',
      `the arguments are ${size} characters as JSON; the limit is ${max} (limits.argumentChars in fragments.config.json)`,
    );
  }
}

/** Where a run belongs: its conversation, session and the user's fragment that asked for it. */
export type RunPlacement = Omit<NewExecution, 'tool' | 'parameters' | 'requestedBy'>;

/**
 * Checks the call, then asks `place` where the run belongs (chat.send stores the user's fragment
 * there, so a refused call stores nothing), then queues it or lets it await approval. `place` runs
 * synchronously right after the queue check, so no other submit can take the room in between.
 */
export async function submitRun(
  services: Services,
  request: CallRequest,
  place: (call: CheckedCall) => RunPlacement,
): Promise<StoredExecution> {
  // While the data dir cannot be written, a run could store neither its output nor its end.
  services.storage.check();
  // Before the tool is looked up: a server that never started has no known tools, and "unknown
  // tool" would be the wrong answer.
  await ensureServerReady(request.tool, services.mcp);
  if ('parameters' in request) checkArgumentSize(request.parameters, services.config.limits.argumentChars);
  const call = resolveCall(request, services.registry, services.validator);
  checkArgumentSize(call.parameters, services.config.limits.argumentChars);
  const requestedBy = request.requestedBy ?? 'user';
  // Before the queue check: a denied call can never run, so "the queue is full" would mislead.
  const decision = policyFor(services.config.approvals, call.tool, requestedBy);
  if (decision.policy === 'deny') throw new AppError('FORBIDDEN', deniedMessage(call.tool, decision));
  // A run awaiting approval holds no slot; approving it checks for room then.
  if (decision.policy === 'auto' && !services.executor.hasRoom()) throw queueFullError(services.config.queue.maxQueued);
  return services.executor.submit({ ...place(call), ...call, requestedBy }, decision.policy);
}

/** What chat.send and executions.retry answer for a stored run (queued or awaiting approval). */
export function queuedRunResult(execution: StoredExecution, baseUrl: string): ToolExecutionResult {
  return {
    type: 'tool_execution',
    executionId: execution.id,
    streamUrl: streamUrlFor(baseUrl, execution.id),
    conversationId: execution.conversationId,
    sessionId: execution.sessionId,
    userFragmentId: execution.userFragmentId,
  };
}

/** A URL that a plain EventSource or `curl -N` can read: tRPC's own SSE endpoint for chat.streamTool. */
export function streamUrlFor(baseUrl: string, executionId: string): string {
  return `${baseUrl}/trpc/chat.streamTool?input=${encodeURIComponent(JSON.stringify({ executionId }))}`;
}
