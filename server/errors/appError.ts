/**
 * The one error class the server's layers throw (commands, queue, tools, MCP, streams, stores).
 *
 * The message is shown to the user verbatim, so it says what is wrong in plain words and never
 * leaks internals. The code says what kind of problem it is: request codes refuse a call before
 * anything is stored or queued (the tRPC edge maps them to a TRPCError, see trpcEdge.ts); run codes
 * end a run and land in its stream's `tool_error`. Anything thrown that is not an AppError is a
 * server bug and surfaces as INTERNAL_SERVER_ERROR.
 */
import { ERROR_CATALOG, type AppErrorCode } from '../../shared/errors';

/** The codes, and what each means, are shared/errors.ts's ERROR_CATALOG. */
export type { AppErrorCode, RequestErrorCode } from '../../shared/errors';

export class AppError extends Error {
  override readonly name = 'AppError';
  /** Whether trying the same thing again may help (a run's `tool_error.recoverable`); the code's by default. */
  readonly recoverable: boolean;

  constructor(
    readonly code: AppErrorCode,
    message: string,
    options: { recoverable?: boolean; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.recoverable = options.recoverable ?? ERROR_CATALOG[code].recoverable;
  }
}
