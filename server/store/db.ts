import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../errors/appError';
import { MIGRATIONS } from './migrations';

export type Db = Database.Database;

/** The one SQLite file of a data dir. */
export const databaseFile = (dataDir: string) => join(dataDir, 'fragments.sqlite');

/** SQLite's codes for a file that is not a database, or one whose pages are damaged. */
const DAMAGED = new Set(['SQLITE_NOTADB', 'SQLITE_CORRUPT', 'SQLITE_CORRUPT_INDEX', 'SQLITE_CORRUPT_SEQUENCE', 'SQLITE_CORRUPT_VTAB']);

export function isDamagedDatabase(error: unknown): error is Error & { code: string } {
  return typeof error === 'object' && error !== null && DAMAGED.has(String((error as { code?: unknown }).code));
}

/** What to tell the user about a damaged database file: which file, what is wrong, what to do. */
export function damagedMessage(file: string, error: { code: string; message: string }): string {
  const what = error.code === 'SQLITE_NOTADB' ? 'is not a SQLite database (truncated or overwritten?)' : 'is damaged';
  return (
    `the database ${file} ${what} (${error.code}: ${error.message}). Check it with ` +
    `sqlite3 "${file}" "PRAGMA integrity_check", then restore it from a backup (npm run backup -- <file> makes one ` +
    `while the server runs), or move it away to start with an empty one`
  );
}

/**
 * DATABASE_DAMAGED, for what SQLite found damaged while the server runs (a request, a stream
 * reader): the same words as at start-up. The server goes on serving what does not touch the
 * damaged pages.
 */
export class DamagedDatabaseError extends AppError {
  constructor(
    readonly file: string,
    error: Error & { code: string },
  ) {
    super('DATABASE_DAMAGED', damagedMessage(file, error), { cause: error });
  }
}

export function damagedError(file: string, error: Error & { code: string }): DamagedDatabaseError {
  return new DamagedDatabaseError(file, error);
}

const reported = new Set<string>();
/**
 * Whether this is the first report of a damaged database file in this process: it is logged
 * once, not at every request that trips over the damaged page.
 */
export function firstDamageReport(file: string): boolean {
  if (reported.has(file)) return false;
  reported.add(file);
  return true;
}

/** The error start-up stops with for a database it cannot open; main.ts prints its message. */
export class DatabaseError extends Error {
  override name = 'DatabaseError';
}

/** Opens (creating if needed) the one SQLite file of a data dir, in WAL mode, migrated. */
export function openDatabase(dataDir: string): Db {
  mkdirSync(dataDir, { recursive: true });
  const file = databaseFile(dataDir);
  try {
    return openAt(file);
  } catch (error) {
    if (isDamagedDatabase(error)) throw new DatabaseError(damagedMessage(file, error), { cause: error });
    throw error;
  }
}

function openAt(file: string): Db {
  const db = new Database(file);
  // Reads the header: a file that is not a database fails here, not at the first request.
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL: commits survive a process crash (SIGKILL); only an OS crash can lose the last ones.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // Short: a long busy wait blocks the whole event loop (better-sqlite3 is synchronous).
  db.pragma('busy_timeout = 1000');
  migrate(db);
  return db;
}

function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(
      `database schema version ${current} is newer than this build knows (${MIGRATIONS.length}); refusing to touch it`,
    );
  }
  for (let version = current; version < MIGRATIONS.length; version++) {
    const sql = MIGRATIONS[version];
    if (sql === undefined) break;
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}

export function newId(prefix: string): string {
  return `${prefix}_${crypto.randomUUID().replaceAll('-', '')}`;
}
