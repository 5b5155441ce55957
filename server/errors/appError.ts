/**
 * The one error class the server's layers throw (commands, queue, tools, MCP, streams, stores).
 *
 * The message is shown to the user verbatim, so it says what is wrong in plain words and never
 * leaks internals. The code says what kind of problem it is: request codes refuse a call before
 * anything is stored or queued (the tRPC edge maps them to a TRPCError, see trpcEdge.ts); run codes
 * end a run and land in its stream's `tool_error`. Anything thrown that is not an AppError is a
 * server bug and surfaces as INTERNAL_SERVER_ERROR.
 */
import type { ErrorCode } from '../../shared/events';

/** Why a request was refused. */
export type RequestErrorCode =
  | 'UNKNOWN_TOOL' // a command naming no known tool
  | 'TOOL_DISABLED' // a known tool switched off by the config
  | 'UNKNOWN_PROMPT' // `/prompt` naming no prompt of a connected MCP server
  | 'MCP_REQUEST_FAILED' // an MCP server answered prompts/get or resources/read with an error
  | 'BAD_ARGUMENTS' // arguments that do not parse or fail the tool's input schema
  | 'BAD_EVENT_ID' // a lastEventId that is not an event id
  | 'NOT_FOUND' // a conversation, execution, stream or fragment that does not exist
  | 'CONFLICT' // the thing is in a state that does not allow this (retrying a live run)
  | 'QUEUE_FULL' // no room in the tool queue
  | 'FORBIDDEN' // the approval policy (`deny`) refuses this tool
  | 'UNAUTHORIZED' // a token is configured and the request did not carry it
  | 'MESSAGE_TOO_LARGE' // chat.send content beyond limits.messageChars
  | 'ARGUMENTS_TOO_LARGE' // a tool call's JSON arguments beyond limits.argumentChars
  | 'TOO_MANY_SUBSCRIPTIONS' // one client's live subscriptions at limits.subscriptionsPerClient
  | 'STREAM_PRUNED'; // a finished stream whose events retention removed (its fragment is kept)

/** Every code an AppError carries: a refused request, or how a run ended (shared with the stream). */
export type AppErrorCode = RequestErrorCode | ErrorCode;

export class AppError extends Error {
  override readonly name = 'AppError';
  /** Whether trying the same thing again may help (a run's `tool_error.recoverable`). */
  readonly recoverable: boolean;

  constructor(
    readonly code: AppErrorCode,
    message: string,
    options: { recoverable?: boolean; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.recoverable = options.recoverable ?? false;
  }
}
