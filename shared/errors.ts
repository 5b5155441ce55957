/**
 * Every error code the server gives a client, with everything known about each, in one table: a
 * code exists only as a line here, and the stream's codes, the server's AppErrorCode, the tRPC edge,
 * the error panel's words and the client's resubscribing all read it. Adding a code is adding one
 * line (each field is required, so tsc refuses a line that says less); keep one code a line.
 *
 * - `trpc`: the tRPC code a request refused with it is answered with; its HTTP status is tRPC's for
 *   that code (`httpStatus` only where no tRPC code has the status). A code that only ends a run
 *   (in a stream) reaching a response is the server's fault: INTERNAL_SERVER_ERROR.
 * - `recoverable`: whether trying the same thing again may help; the default of an AppError with
 *   this code (a site that knows better says so, e.g. PROVIDER_ERROR only for a 5xx).
 * - `endsSubscription`: a client stops resubscribing to a stream refused with it.
 * - `stream`: a run or reply may end with it (`tool_error` / `reply_error`, StreamError's codes).
 * - `headline`: the error panel's words for it; null: it has none of its own ("Failed").
 * - `quiet`: an end the user chose, shown calmly rather than as a failure.
 */
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import { z } from 'zod';

export interface ErrorInfo {
  readonly trpc: TRPC_ERROR_CODE_KEY;
  readonly httpStatus?: number;
  readonly recoverable: boolean;
  readonly endsSubscription: boolean;
  readonly stream: boolean;
  readonly headline: string | null;
  readonly quiet?: boolean;
}

export const ERROR_CATALOG = {
  // Refusals: a request turned down before anything was stored or queued (and for a subscription, read).
  UNKNOWN_TOOL: { trpc: 'BAD_REQUEST', recoverable: false, endsSubscription: true, stream: false, headline: null }, // a command naming no known tool
  UNKNOWN_PROMPT: { trpc: 'BAD_REQUEST', recoverable: false, endsSubscription: true, stream: false, headline: null }, // /prompt naming no prompt of a connected server
  TOOL_DISABLED: { trpc: 'BAD_REQUEST', recoverable: false, endsSubscription: true, stream: false, headline: null }, // a known tool switched off by the config
  BAD_ARGUMENTS: { trpc: 'BAD_REQUEST', recoverable: false, endsSubscription: true, stream: false, headline: null }, // arguments that do not parse or fail the tool's input schema; POST /login's body
  BAD_EVENT_ID: { trpc: 'BAD_REQUEST', recoverable: false, endsSubscription: true, stream: false, headline: null }, // a lastEventId that is not an event id
  NOT_FOUND: { trpc: 'NOT_FOUND', recoverable: false, endsSubscription: true, stream: false, headline: null }, // a conversation, execution, stream, fragment or file that does not exist
  STREAM_PRUNED: { trpc: 'NOT_FOUND', recoverable: false, endsSubscription: true, stream: false, headline: null }, // a finished stream whose events retention removed (its fragment is kept)
  DATABASE_DAMAGED: { trpc: 'SERVICE_UNAVAILABLE', recoverable: true, endsSubscription: false, stream: false, headline: 'The database file is damaged' }, // SQLite found the database file damaged (SQLITE_CORRUPT, SQLITE_NOTADB) while serving
  MCP_REQUEST_FAILED: { trpc: 'BAD_GATEWAY', recoverable: true, endsSubscription: false, stream: false, headline: null }, // an MCP server answered prompts/get or resources/read with an error
  CONFLICT: { trpc: 'CONFLICT', recoverable: false, endsSubscription: false, stream: false, headline: null }, // the thing is in a state that does not allow this (retrying a live run)
  QUEUE_FULL: { trpc: 'TOO_MANY_REQUESTS', recoverable: true, endsSubscription: false, stream: false, headline: null }, // no room in the tool queue
  TOO_MANY_SUBSCRIPTIONS: { trpc: 'TOO_MANY_REQUESTS', recoverable: true, endsSubscription: false, stream: false, headline: null }, // one client's live subscriptions at limits.subscriptionsPerClient
  FORBIDDEN: { trpc: 'FORBIDDEN', recoverable: false, endsSubscription: true, stream: false, headline: null }, // the approval policy (`deny`) refuses this tool
  UNAUTHORIZED: { trpc: 'UNAUTHORIZED', recoverable: false, endsSubscription: true, stream: false, headline: null }, // a token is configured and the request did not carry it
  MESSAGE_TOO_LARGE: { trpc: 'PAYLOAD_TOO_LARGE', recoverable: false, endsSubscription: false, stream: false, headline: null }, // chat.send content beyond limits.messageChars
  ARGUMENTS_TOO_LARGE: { trpc: 'PAYLOAD_TOO_LARGE', recoverable: false, endsSubscription: false, stream: false, headline: null }, // a tool call's JSON arguments beyond limits.argumentChars
  // The HTTP guards before tRPC (server/http/): the same shape, for requests no procedure sees.
  FOREIGN_HOST: { trpc: 'BAD_REQUEST', httpStatus: 421, recoverable: false, endsSubscription: true, stream: false, headline: null }, // a Host that is not this server's (DNS rebinding)
  FOREIGN_ORIGIN: { trpc: 'FORBIDDEN', recoverable: false, endsSubscription: true, stream: false, headline: null }, // a browser request from another site's page
  NOT_JSON: { trpc: 'UNSUPPORTED_MEDIA_TYPE', recoverable: false, endsSubscription: false, stream: false, headline: null }, // a POST to the API that is not Content-Type: application/json
  TOKEN_RATE_LIMITED: { trpc: 'TOO_MANY_REQUESTS', recoverable: true, endsSubscription: false, stream: false, headline: null }, // too many wrong tokens from this address (Retry-After says when)
  BAD_PATH: { trpc: 'BAD_REQUEST', recoverable: false, endsSubscription: true, stream: false, headline: null }, // a URL path that is not percent-encoded UTF-8
  METHOD_NOT_ALLOWED: { trpc: 'METHOD_NOT_SUPPORTED', recoverable: false, endsSubscription: false, stream: false, headline: null }, // a page or file asked for with neither GET nor HEAD
  SSE_DISABLED: { trpc: 'SERVICE_UNAVAILABLE', recoverable: false, endsSubscription: false, stream: false, headline: null }, // FRAGMENTS_DISABLE_SSE: subscriptions go over the WebSocket
  CLIENT_NOT_BUILT: { trpc: 'SERVICE_UNAVAILABLE', recoverable: false, endsSubscription: false, stream: false, headline: null }, // the web client's files are missing (npm run build)
  // Both: a request refused for it, or a run ended by it.
  MCP_SERVER_UNAVAILABLE: { trpc: 'SERVICE_UNAVAILABLE', recoverable: true, endsSubscription: false, stream: true, headline: 'The MCP server is unavailable' },
  STORAGE_FULL: { trpc: 'SERVICE_UNAVAILABLE', recoverable: true, endsSubscription: false, stream: true, headline: 'The server could not store this' }, // the data dir could not be written (full disk, I/O error)
  // How a run or reply ended, in its stream.
  TOOL_ERROR: { trpc: 'INTERNAL_SERVER_ERROR', recoverable: false, endsSubscription: false, stream: true, headline: 'The tool reported an error' }, // MCP isError, a non-zero exit
  EXCEPTION: { trpc: 'INTERNAL_SERVER_ERROR', recoverable: true, endsSubscription: false, stream: true, headline: 'The tool crashed' }, // the tool (or the server) threw
  TIMEOUT: { trpc: 'INTERNAL_SERVER_ERROR', recoverable: true, endsSubscription: false, stream: true, headline: 'Timed out' },
  CANCELLED: { trpc: 'INTERNAL_SERVER_ERROR', recoverable: true, endsSubscription: false, stream: true, headline: 'Stopped before it finished', quiet: true },
  SERVER_RESTARTED: { trpc: 'INTERNAL_SERVER_ERROR', recoverable: true, endsSubscription: false, stream: true, headline: 'Interrupted by a server restart' },
  MCP_SERVER_CRASHED: { trpc: 'INTERNAL_SERVER_ERROR', recoverable: true, endsSubscription: false, stream: true, headline: 'The MCP server crashed' },
  DENIED: { trpc: 'INTERNAL_SERVER_ERROR', recoverable: false, endsSubscription: false, stream: true, headline: 'Denied', quiet: true }, // the user (or a policy) refused a call that needed approval
  // The AI provider (reply_error): which of its failures it was, so the user knows what to fix.
  PROVIDER_UNREACHABLE: { trpc: 'INTERNAL_SERVER_ERROR', recoverable: true, endsSubscription: false, stream: true, headline: null }, // connection refused, DNS, TLS
  PROVIDER_AUTH: { trpc: 'INTERNAL_SERVER_ERROR', recoverable: false, endsSubscription: false, stream: true, headline: null }, // 401 / 403: the API key
  MODEL_NOT_FOUND: { trpc: 'INTERNAL_SERVER_ERROR', recoverable: false, endsSubscription: false, stream: true, headline: null }, // 404: the model name
  RATE_LIMITED: { trpc: 'INTERNAL_SERVER_ERROR', recoverable: true, endsSubscription: false, stream: true, headline: null }, // 429
  PROVIDER_ERROR: { trpc: 'INTERNAL_SERVER_ERROR', recoverable: true, endsSubscription: false, stream: true, headline: null }, // 5xx (recoverable), another status, an error body
  STREAM_CUT: { trpc: 'INTERNAL_SERVER_ERROR', recoverable: true, endsSubscription: false, stream: true, headline: null }, // the stream ended without a finish reason
  NO_FIRST_TOKEN: { trpc: 'INTERNAL_SERVER_ERROR', recoverable: true, endsSubscription: false, stream: true, headline: null }, // nothing within ai.firstTokenTimeoutMs
  PROVIDER_IDLE: { trpc: 'INTERNAL_SERVER_ERROR', recoverable: true, endsSubscription: false, stream: true, headline: null }, // quiet mid-reply for ai.idleTimeoutMs, the connection still open
  TOO_MANY_TOOL_ROUNDS: { trpc: 'INTERNAL_SERVER_ERROR', recoverable: false, endsSubscription: false, stream: true, headline: null }, // ai.maxToolRounds reached in one turn
} as const satisfies Record<string, ErrorInfo>;

type Catalog = typeof ERROR_CATALOG;

/** Every code an AppError carries: a refused request, or how a run ended. */
export type AppErrorCode = keyof Catalog;

/** The codes a stream's `tool_error` / `reply_error` may carry. */
export type ErrorCode = { [C in AppErrorCode]: Catalog[C]['stream'] extends true ? C : never }[AppErrorCode];

/** The codes only a refused request carries. */
export type RequestErrorCode = Exclude<AppErrorCode, ErrorCode>;

const codes = Object.keys(ERROR_CATALOG) as AppErrorCode[];

export const APP_ERROR_CODES = codes as [AppErrorCode, ...AppErrorCode[]];
export const STREAM_ERROR_CODES = codes.filter((code) => ERROR_CATALOG[code].stream) as [ErrorCode, ...ErrorCode[]];

export function isAppErrorCode(code: string): code is AppErrorCode {
  return Object.hasOwn(ERROR_CATALOG, code);
}

export function isRunErrorCode(code: string): code is ErrorCode {
  return isAppErrorCode(code) && ERROR_CATALOG[code].stream;
}

export function errorInfo(code: AppErrorCode): ErrorInfo {
  return ERROR_CATALOG[code];
}

/**
 * tRPC's own errors, which carry no app code (input that fails a procedure's schema, a body that is
 * not JSON, no such procedure): those a client stops resubscribing on, by their tRPC code.
 */
export const FINAL_TRPC_CODES: ReadonlySet<string> = new Set<TRPC_ERROR_CODE_KEY>(['NOT_FOUND', 'BAD_REQUEST', 'UNAUTHORIZED', 'FORBIDDEN', 'PARSE_ERROR']);

/** Whether a client stops resubscribing after this error: by its app code when it has one, else by tRPC's. */
export function endsSubscription(error: { code: string | null; appCode: string | null }): boolean {
  if (error.appCode !== null && isAppErrorCode(error.appCode)) return ERROR_CATALOG[error.appCode].endsSubscription;
  return error.code !== null && FINAL_TRPC_CODES.has(error.code);
}

/**
 * The one shape of an error a request gets, whatever refused it (a procedure, the HTTP guards before
 * tRPC, the login): tRPC's error shape, with the server's own code and whether a retry may help.
 * Over HTTP it is the body `{ error: … }` (a batch: one per call); over SSE and WebSocket, the
 * message's `error`. `code` is JSON-RPC's number, `data.code` tRPC's name for it.
 */
export const RequestErrorDataSchema = z.object({
  code: z.string(),
  httpStatus: z.number().int(),
  /** The procedure, when the error came from one. */
  path: z.string().optional(),
  /** Only when the server runs with NODE_ENV=development. */
  stack: z.string().optional(),
  /** The server's own code (null for tRPC's own errors: input failing a schema, no such procedure). */
  appCode: z.enum(APP_ERROR_CODES).nullable(),
  /** Whether trying the same again may help; null with no appCode. */
  recoverable: z.boolean().nullable(),
});
export type RequestErrorData = z.infer<typeof RequestErrorDataSchema>;

export const RequestErrorShapeSchema = z.object({ message: z.string(), code: z.number().int(), data: RequestErrorDataSchema });
export type RequestErrorShape = z.infer<typeof RequestErrorShapeSchema>;

/** An error answered over HTTP, as its body. */
export const RequestErrorBodySchema = z.object({ error: RequestErrorShapeSchema });
export type RequestErrorBody = z.infer<typeof RequestErrorBodySchema>;
