/**
 * The router edge: the one place an AppError becomes a TRPCError. Everything below the routers
 * throws AppError with a domain code; this middleware, on the base procedure, gives the client the
 * tRPC code the catalog names for it (shared/errors.ts) with the same message.
 */
import { TRPCError } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import { isStorageError, type StorageHealth } from '../storage/health';
import { damagedError, isDamagedDatabase } from '../store/db';
import { ERROR_CATALOG } from '../../shared/errors';
import { AppError, type AppErrorCode } from './appError';

export function trpcCodeOf(code: AppErrorCode): TRPC_ERROR_CODE_KEY {
  return ERROR_CATALOG[code].trpc;
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
  const services = (opts.ctx as { services?: { storage?: StorageHealth; db?: { name: string } } } | undefined)?.services;
  const storage = services?.storage;
  if (storage && isStorageError(result.error.cause)) return { ...result, error: toTRPCError(storage.failed(result.error.cause)) };
  // A damaged page under any procedure: which file, what is wrong, what to do — not SQLite's bare words.
  if (services?.db && isDamagedDatabase(result.error.cause)) return { ...result, error: toTRPCError(damagedError(services.db.name, result.error.cause)) };
  if (!(result.error.cause instanceof AppError)) return result;
  return { ...result, error: toTRPCError(result.error.cause) };
}
