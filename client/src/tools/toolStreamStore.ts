import type { StreamError, ToolEvent, ToolResult } from '../../../shared/events';
import { createStreamStore, type StreamProgress } from '../streams/createStreamStore';
import { appendOutput, emptyOutput, type OutputBuffer } from './outputLines';

export interface ToolProgress {
  progress: number;
  total?: number;
  message?: string;
}

/** Everything a tool card knows about its run from the stream (or from the stored fragment). */
export interface ToolRunState extends StreamProgress {
  output: OutputBuffer;
  /** Bumped on every change to `output`, whose array is mutated in place. */
  revision: number;
  progress: ToolProgress | null;
  result: ToolResult | null;
  error: StreamError | null;
  /** Output or progress arrived, so the tool is running even if our status poll says queued. */
  active: boolean;
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
    active: false,
    connectionError: null,
  };
}

/** One chat.streamTool event applied to a run; the switch is exhaustive so a new event type cannot be missed. */
export function reduceToolEvent(state: ToolRunState, event: ToolEvent): ToolRunState {
  switch (event.type) {
    case 'tool_output':
      appendOutput(state.output, event.content, event.stream === 'stderr' || event.stream === 'log' ? event.stream : 'out');
      return { ...state, active: true, revision: state.revision + 1, connectionError: null };
    case 'tool_progress':
      return { ...state, active: true, progress: { progress: event.progress, total: event.total, message: event.message } };
    case 'tool_complete':
      return { ...state, result: event.result };
    case 'tool_error':
      return { ...state, error: event.error };
    case 'done':
      return { ...state, done: true, connectionError: null };
    default: {
      const unknownEvent: never = event;
      console.warn('unknown tool stream event', unknownEvent);
      return state;
    }
  }
}

export const toolRuns = createStreamStore<ToolRunState, ToolEvent>(initialToolRun, reduceToolEvent);
