import { AppError } from '../errors/appError';
import type { StreamError, ToolEvent, ToolResult } from '../../shared/events';

/** The one place that turns what happened in a run into stream events. */
export const format = {
  queued(position: number): ToolEvent {
    return { type: 'tool_queued', position };
  },
  started(startedAt: number): ToolEvent {
    return { type: 'tool_started', startedAt };
  },
  output(content: string, stream?: 'stdout' | 'stderr' | 'log'): ToolEvent {
    return stream ? { type: 'tool_output', content, stream } : { type: 'tool_output', content };
  },
  progress(progress: number, total?: number, message?: string): ToolEvent {
    return { type: 'tool_progress', progress, ...(total === undefined ? {} : { total }), ...(message ? { message } : {}) };
  },
  error(error: StreamError): ToolEvent {
    return { type: 'tool_error', error };
  },
  complete(result: ToolResult): ToolEvent {
    return { type: 'tool_complete', result };
  },
  done(): ToolEvent {
    return { type: 'done' };
  },
};

/** Whatever a run threw, as the error a user reads. */
export function describeFailure(error: unknown): StreamError {
  if (error instanceof AppError) return { message: error.message, code: error.code, recoverable: error.recoverable };
  const message = error instanceof Error ? error.message : String(error);
  return { message: `the tool threw: ${message}`, code: 'EXCEPTION', recoverable: true };
}
