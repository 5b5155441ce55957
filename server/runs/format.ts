import type { RequestedBy } from '../../shared/api';
import { AppError } from '../errors/appError';
import { isRunErrorCode, type StreamError, type ToolEvent, type ToolResult } from '../../shared/events';

/** The one place that turns what happened in a run into stream events. */
export const format = {
  queued(position: number): ToolEvent {
    return { type: 'tool_queued', position };
  },
  approvalRequired(tool: string, parameters: Record<string, unknown>, requestedBy: RequestedBy): ToolEvent {
    return { type: 'tool_approval_required', tool, parameters, requestedBy };
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
  if (error instanceof AppError) {
    // A refusal code (say, arguments a tool rejects at run time) is how a request fails, not a run:
    // in a stream it is the tool's own failure, with the message as it was.
    const code = isRunErrorCode(error.code) ? error.code : 'TOOL_ERROR';
    return { message: error.message, code, recoverable: error.recoverable };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { message: `the tool threw: ${message}`, code: 'EXCEPTION', recoverable: true };
}
