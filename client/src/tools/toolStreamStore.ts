import type { ExecutionStatus } from '../../../shared/api';
import type { InputExchange, StreamError, ToolEvent, ToolResult } from '../../../shared/events';
import { endStatusOf } from '../../../shared/runStatus';
import { createStreamStore, type StreamProgress } from '../streams/createStreamStore';
import { appendOutput, emptyOutput, type OutputBuffer } from './outputLines';

export interface ToolProgress {
  progress: number;
  total?: number;
  message?: string;
}

/** Everything a tool card knows about its run from the stream (or from the stored fragment): the stream is its one source of state. */
export interface ToolRunState extends StreamProgress {
  output: OutputBuffer;
  /** Bumped on every change to `output`, whose array is mutated in place. */
  revision: number;
  progress: ToolProgress | null;
  result: ToolResult | null;
  error: StreamError | null;
  /** Waiting for the user's decision (`tool_approval_required`); null once decided. */
  approval: { tool: string; parameters: Record<string, unknown>; requestedBy: 'user' | 'model' } | null;
  /** What the tool asked the user (MCP elicitation), in order, each with its answer once it has one. */
  inputs: InputExchange[];
  /** Waiting for a slot: 1-based place in the queue, from the latest `tool_queued`; null otherwise. */
  queuePosition: number | null;
  /** The tool was called (`tool_started`, or output/progress from a log written before that event existed). */
  started: boolean;
  /** When it started, by the server's clock. */
  startedAt: number | null;
  /** The subscription itself failed (not the tool): shown with a way to reconnect. */
  connectionError: string | null;
}

export function initialToolRun(): ToolRunState {
  return {
    lastEventId: null,
    done: false,
    output: emptyOutput(),
    revision: 0,
    progress: null,
    result: null,
    error: null,
    approval: null,
    inputs: [],
    queuePosition: null,
    started: false,
    startedAt: null,
    connectionError: null,
  };
}

/** One chat.streamTool event applied to a run; the switch is exhaustive so a new event type cannot be missed. */
export function reduceToolEvent(state: ToolRunState, event: ToolEvent): ToolRunState {
  switch (event.type) {
    case 'tool_approval_required':
      return { ...state, approval: { tool: event.tool, parameters: event.parameters, requestedBy: event.requestedBy } };
    case 'tool_queued':
      return { ...state, approval: null, queuePosition: event.position };
    case 'tool_started':
      return { ...state, approval: null, queuePosition: null, started: true, startedAt: event.startedAt };
    case 'tool_output':
      appendOutput(state.output, event.content, event.stream === 'stderr' || event.stream === 'log' ? event.stream : 'out');
      return { ...state, queuePosition: null, started: true, revision: state.revision + 1, connectionError: null };
    case 'tool_progress':
      return { ...state, queuePosition: null, started: true, progress: { progress: event.progress, total: event.total, message: event.message } };
    case 'tool_input_required': {
      const { type: _type, ...request } = event;
      return { ...state, started: true, inputs: [...state.inputs, { request }] };
    }
    case 'tool_input_answered': {
      const { type: _type, ...answer } = event;
      return { ...state, inputs: state.inputs.map((exchange) => (exchange.request.requestId === answer.requestId ? { ...exchange, answer } : exchange)) };
    }
    case 'tool_complete':
      return { ...state, result: event.result };
    case 'tool_error':
      return { ...state, approval: null, error: event.error };
    case 'done':
      return { ...state, done: true, connectionError: null };
    default: {
      const unknownEvent: never = event;
      console.warn('unknown tool stream event', unknownEvent);
      return state;
    }
  }
}

/**
 * The run's status as its stream tells it: ended (by its error code, or its result), started,
 * or waiting in the queue. Null before the first event: the caller falls back to the listed record.
 */
export function statusOfRun(state: ToolRunState): ExecutionStatus | null {
  if (state.error) return endStatusOf(state.error);
  if (state.result) return state.result.success ? 'succeeded' : 'failed';
  if (state.started) return 'running';
  if (state.approval) return 'awaiting_approval';
  if (state.queuePosition !== null) return 'queued';
  return null;
}

export const toolRuns = createStreamStore<ToolRunState, ToolEvent>(initialToolRun, reduceToolEvent);
