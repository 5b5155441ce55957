/**
 * The router edge: the one place an AppError becomes a TRPCError. Everything below the routers
 * throws AppError with a domain code; this middleware, on the base procedure, gives the client the
 * matching tRPC code with the same message. A new AppErrorCode fails the type check here until it
 * is mapped.
 */
import { TRPCError } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import { isStorageError, type StorageHealth } from '../storage/health';
import { AppError, type AppErrorCode } from './appError';

const TRPC_CODE: Record<AppErrorCode, TRPC_ERROR_CODE_KEY> = {
  UNKNOWN_TOOL: 'BAD_REQUEST',
  TOOL_DISABLED: 'BAD_REQUEST',
  UNKNOWN_PROMPT: 'BAD_REQUEST',
  MCP_REQUEST_FAILED: 'BAD_GATEWAY',
  BAD_ARGUMENTS: 'BAD_REQUEST',
  BAD_EVENT_ID: 'BAD_REQUEST',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  QUEUE_FULL: 'TOO_MANY_REQUESTS',
  FORBIDDEN: 'FORBIDDEN',
  UNAUTHORIZED: 'UNAUTHORIZED',
  MESSAGE_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  ARGUMENTS_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  TOO_MANY_SUBSCRIPTIONS: 'TOO_MANY_REQUESTS',
  STREAM_PRUNED: 'NOT_FOUND',
  MCP_SERVER_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  // A request refused while the data dir cannot be written (a run cut off by it says so in its stream).
  STORAGE_FULL: 'SERVICE_UNAVAILABLE',
  // Run codes end up in a stream, not a response; one reaching the edge is the server's fault.
  TOOL_ERROR: 'INTERNAL_SERVER_ERROR',
  EXCEPTION: 'INTERNAL_SERVER_ERROR',
  TIMEOUT: 'INTERNAL_SERVER_ERROR',
  CANCELLED: 'INTERNAL_SERVER_ERROR',
  SERVER_RESTARTED: 'INTERNAL_SERVER_ERROR',
  MCP_SERVER_CRASHED: 'INTERNAL_SERVER_ERROR',
  DENIED: 'INTERNAL_SERVER_ERROR',
  PROVIDER_UNREACHABLE: 'INTERNAL_SERVER_ERROR',
  PROVIDER_AUTH: 'INTERNAL_SERVER_ERROR',
  MODEL_NOT_FOUND: 'INTERNAL_SERVER_ERROR',
  RATE_LIMITED: 'INTERNAL_SERVER_ERROR',
  PROVIDER_ERROR: 'INTERNAL_SERVER_ERROR',
  STREAM_CUT: 'INTERNAL_SERVER_ERROR',
  NO_FIRST_TOKEN: 'INTERNAL_SERVER_ERROR',
  PROVIDER_IDLE: 'INTERNAL_SERVER_ERROR',
  TOO_MANY_TOOL_ROUNDS: 'INTERNAL_SERVER_ERROR',
};

export function trpcCodeOf(code: AppErrorCode): TRPC_ERROR_CODE_KEY {
  return TRPC_CODE[code];
}

export function toTRPCError(error: AppError): TRPCError {
  return new TRPCError({ code: trpcCodeOf(error.code), message: error.message, cause: error });
}

type Result = { ok: true } | { ok: false; error: TRPCError };

/**
 * tRPC has already wrapped what the procedure threw (an AppError becomes the cause of an
 * INTERNAL_SERVER_ERROR); this swaps that wrapper for the mapped error, before onError logs it.
 */
export async function mapAppErrors<TResult extends Result>(opts: { ctx?: unknown; next(): Promise<TResult> }): Promise<TResult> {
  const result = await opts.next();
  if (result.ok) return result;
  // A write the disk refused, inside any procedure: nothing was stored (its transaction rolled back);
  // the client is told why in the words every storage failure uses, and new work waits for room.
  const storage = (opts.ctx as { services?: { storage?: StorageHealth } } | undefined)?.services?.storage;
  if (storage && isStorageError(result.error.cause)) return { ...result, error: toTRPCError(storage.failed(result.error.cause)) };
  if (!(result.error.cause instanceof AppError)) return result;
  return { ...result, error: toTRPCError(result.error.cause) };
}
