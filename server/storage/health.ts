/**
 * What the server does when the data dir cannot be written (a full disk above all): a failed write
 * never ends the process. The writes that failed say so with STORAGE_FULL, naming the data dir;
 * new work is refused with the same words while writing still fails; and the server goes back to
 * normal by itself once the disk has room again: no restart.
 *
 * "Room again" is measured, not guessed from one small write: after a failed commit SQLite's WAL
 * file keeps the space it grew into, so a tiny write can succeed on a disk that is still full and
 * the next run's output fail at once. So recovery waits until the filesystem has RECOVERY_FREE_BYTES
 * free (statfs), then writes what was left unstored; only if that works is the store healthy again.
 */
import { statfsSync } from 'node:fs';
import { AppError } from '../errors/appError';
import { databaseFile, damagedMessage, isDamagedDatabase } from '../store/db';

/** How often, while failing, the left-over writes are tried without waiting for a request. */
const RETRY_EVERY_MS = 2000;

/** Free space the data dir's filesystem needs before writing is tried again. */
export const RECOVERY_FREE_BYTES = 4 * 1024 * 1024;

/** SQLite's codes for a write the disk refused (full, an I/O error, read-only), and Node's ENOSPC. */
const STORAGE_CODES = /^(SQLITE_FULL|SQLITE_IOERR|SQLITE_CANTOPEN|SQLITE_READONLY)|^ENOSPC$|^EIO$|^EROFS$/;

export function isStorageError(error: unknown): error is Error & { code: string } {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === 'string' && STORAGE_CODES.test(code);
}

export type StorageState = { state: 'ok' } | { state: 'failing'; code: string; since: number; freeBytes: number | null };

export class StorageHealth {
  private failure: { code: string; since: number } | null = null;
  /** Writes that failed and must still happen (the ends of streams the disk cut off), in order. */
  private readonly unstored: (() => void)[] = [];
  private retry: NodeJS.Timeout | undefined;

  constructor(private readonly dataDir: string) {}

  /** The error a write that failed for storage, and every refused request meanwhile, carries. */
  errorFor(code: string): AppError {
    // A damaged file: what to do is check and restore it, not free space (the code stays STORAGE_FULL, the runs' code for "could not be stored").
    if (isDamagedDatabase({ code })) {
      return new AppError('STORAGE_FULL', `nothing more can be stored: ${damagedMessage(databaseFile(this.dataDir), { code, message: 'found while writing' })}`, { recoverable: true });
    }
    const what = code === 'SQLITE_FULL' || code === 'ENOSPC' ? 'is full' : `cannot be written (${code})`;
    return new AppError(
      'STORAGE_FULL',
      `the data dir ${this.dataDir} ${what}: nothing more can be stored. Free space there (${Math.round(RECOVERY_FREE_BYTES / 1024 / 1024)} MB at least); the server goes on by itself once it can write again, and what was already stored is kept`,
      { recoverable: true },
    );
  }

  /** Notes a failed write; returns the error to end the affected work with. */
  failed(error: Error & { code: string }): AppError {
    this.failure ??= { code: error.code, since: Date.now() };
    // The stream ends left unstored get written when room comes back even if no request comes;
    // unref: it never keeps the process alive.
    this.retry ??= setInterval(() => this.tryRecover(), RETRY_EVERY_MS).unref();
    return this.errorFor(error.code);
  }

  /** A write to retry once the store is healthy again (the first one that fails stops the retry). */
  later(write: () => void): void {
    this.unstored.push(write);
  }

  /** True while writes are known to fail and the disk has not had room since. */
  get isFailing(): boolean {
    return this.failure !== null;
  }

  /**
   * Before new work: throws STORAGE_FULL while the store is failing, unless the disk has room
   * again and what was left unstored can be written now (then the store is healthy again).
   */
  check(): void {
    if (!this.failure) return;
    if (!this.tryRecover()) throw this.errorFor(this.failure.code);
  }

  /** Tries to leave the failing state; true when healthy. Safe to call at any time. */
  tryRecover(): boolean {
    if (!this.failure) return true;
    const free = this.freeBytes();
    if (free !== null && free < RECOVERY_FREE_BYTES) return false;
    while (this.unstored.length > 0) {
      try {
        (this.unstored[0] as () => void)();
      } catch (error) {
        if (isStorageError(error) || isDamagedDatabase(error)) return false;
        // Not the disk: a bug in the retried write; drop it rather than block recovery for ever.
        console.error(`a write left over from a full disk failed for another reason: ${(error as Error).message}`);
      }
      this.unstored.shift();
    }
    this.failure = null;
    clearInterval(this.retry);
    this.retry = undefined;
    return true;
  }

  /** Shutdown: no more retries (what is still unstored reads SERVER_RESTARTED after the next start). */
  close(): void {
    clearInterval(this.retry);
    this.retry = undefined;
  }

  state(): StorageState {
    return this.failure ? { state: 'failing', code: this.failure.code, since: this.failure.since, freeBytes: this.freeBytes() } : { state: 'ok' };
  }

  private freeBytes(): number | null {
    try {
      const stats = statfsSync(this.dataDir);
      return stats.bavail * stats.bsize;
    } catch {
      return null;
    }
  }
}
