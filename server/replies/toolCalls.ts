/**
 * The model's tool calls as runs: each goes through submitRun (the same checks, queue, stream,
 * fragment and approval policy as a typed command, with requestedBy 'model'), is announced on the
 * reply stream as `tool_call`, and is read from its own stream to `done`. What the model gets back
 * is text: the output, structured content as JSON, or what went wrong — a refused call (unknown
 * tool, bad arguments, full queue) tells the model why rather than failing the reply.
 */
import { AppError } from '../errors/appError';
import { submitRun } from '../runs/submit';
import { tailStream } from '../streams/tail';
import type { ToolEvent, ToolResult } from '../../shared/events';
import { toolResultText } from './history';
import type { ToolNameTable } from './toolNames';
import type { Turn } from './turn';

export interface ModelCall {
  id: string;
  /** The API name the model used. */
  name: string;
  /** JSON text, as the model wrote it. */
  arguments: string;
}

/** Submits the calls in order (so their tool_call events keep the model's order), then reads them all at once. */
export async function startToolCalls(turn: Turn, names: ToolNameTable, calls: ModelCall[], at: number): Promise<Promise<string>[]> {
  const results: Promise<string>[] = [];
  for (const call of calls) {
    const started = await submit(turn, names, call, at);
    results.push(typeof started === 'string' ? Promise.resolve(started) : readRun(turn, started.executionId));
  }
  // Settle every read before the caller awaits them one by one: a rejection must not go unhandled.
  await Promise.allSettled(results);
  return results;
}

/**
 * `at`: the reply's text length when the model made the call. A refusal is told on the reply
 * stream (tool_refused) and kept in the reply's places, so the user sees what was tried and why.
 */
async function submit(turn: Turn, names: ToolNameTable, call: ModelCall, at: number): Promise<string | { executionId: string }> {
  const tool = names.toolName(call.name);
  let parameters: unknown;
  let parsed = true;
  try {
    parameters = call.arguments.trim() === '' ? {} : JSON.parse(call.arguments);
  } catch (error) {
    parsed = false;
    parameters = (error as Error).message;
  }
  const isObject = typeof parameters === 'object' && parameters !== null && !Array.isArray(parameters);
  const refuse = (code: string, message: string): string => {
    const refused = { tool: tool ?? call.name, parameters: isObject ? (parameters as Record<string, unknown>) : call.arguments, code, message };
    turn.places.push({ at, refused });
    turn.emit({ type: 'tool_refused', ...refused });
    return `Refused, nothing ran: ${message}`;
  };
  if (!tool) return refuse('UNKNOWN_TOOL', `there is no tool named "${call.name}".`);
  if (!parsed) return refuse('BAD_ARGUMENTS', `the arguments are not valid JSON (${String(parameters)}).`);
  if (!isObject) return refuse('BAD_ARGUMENTS', 'the arguments must be a JSON object.');
  const { request, services } = turn;
  try {
    const execution = await submitRun(services, { tool, parameters: parameters as Record<string, unknown>, requestedBy: 'model' }, () => ({
      conversationId: request.conversationId,
      sessionId: request.sessionId,
      userFragmentId: request.userFragmentId,
    }));
    turn.toolCalls.push(execution.id);
    turn.places.push({ at, execution_id: execution.id });
    turn.emit({ type: 'tool_call', executionId: execution.id, tool, parameters: execution.parameters });
    return { executionId: execution.id };
  } catch (error) {
    if (error instanceof AppError) return refuse(error.code, error.message);
    throw error;
  }
}

/** Reads a run's stream to its `done` (or until the reply is stopped) and says how it went. */
async function readRun(turn: Turn, executionId: string): Promise<string> {
  const cap = turn.ai.contextBudgetChars;
  let output = '';
  let success = false;
  let structured: unknown;
  let content: ToolResult['content'];
  let warnings: ToolResult['warnings'];
  let error: { code: string; message: string } | undefined;
  for await (const [, event] of tailStream<ToolEvent>(turn.services.log, executionId, 0, turn.signal)) {
    if (event.type === 'tool_output' && event.stream !== 'log' && output.length < cap) output += event.content.slice(0, cap - output.length);
    else if (event.type === 'tool_complete') {
      success = event.result.success;
      ({ structuredContent: structured, content, warnings } = event.result);
    } else if (event.type === 'tool_error') error = event.error;
  }
  if (turn.signal.aborted) throw turn.signal.reason;
  return toolResultText({ success: success && !error, output, error, structured, content, warnings });
}
