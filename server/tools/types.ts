import type { ToolInfo } from '../../shared/api';
import type { InputAnswer, InputRequest } from '../../shared/events';

export type JsonSchema = Record<string, unknown>;
export type OutputStream = 'stdout' | 'stderr' | 'log';

/** What a running tool may do besides returning: show output and progress as they happen. */
export interface ToolContext {
  signal: AbortSignal;
  output(text: string, stream?: OutputStream): void;
  progress(update: { progress: number; total?: number; message?: string }): void;
  /**
   * Asks the user (MCP elicitation) and waits for the answer; the run's idle timer is paused
   * meanwhile. `signal` aborting closes the request as `cancel`, `serverDone` as `accept` (URL
   * mode: the server says the flow finished). Absent where no one can answer.
   */
  ask?(question: InputQuestion, options: { signal: AbortSignal; serverDone?: AbortSignal }): Promise<InputAnswer>;
}

/** A request for input before it has its id. */
export type InputQuestion = Omit<InputRequest, 'requestId'>;

/** How a call ended when it did end (transport failures throw AppError instead). */
export interface ToolCallResult {
  /** The tool ran and reported failure (MCP `isError`, a non-zero exit). A failed call is data. */
  isError: boolean;
  /** Text to append to the output after the call (MCP text content); already-streamed output is not repeated. */
  text?: string;
  /** MCP content items that are not text (images, resources, links), kept as given. */
  content?: Record<string, unknown>[];
  structuredContent?: unknown;
  /** For isError: a short line saying what failed (defaults to the text). */
  errorMessage?: string;
}

export interface Tool extends ToolInfo {
  /**
   * Refuses arguments the schema cannot judge (a shell program that is not allowed) with an
   * AppError, before anything is stored or queued. Only for what the tool can tell at once.
   */
  check?(args: Record<string, unknown>): void;
  call(args: Record<string, unknown>, ctx: ToolContext): Promise<ToolCallResult>;
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
