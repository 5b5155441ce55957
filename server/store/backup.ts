import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { databaseFile } from './db';

/**
 * A consistent copy of a data dir's database, taken while the server keeps running: SQLite's online
 * backup (better-sqlite3's backup()), which copies page by page and starts over on its own if the
 * server writes meanwhile. The copy is a plain SQLite file: to restore, stop the server and put it
 * in place of fragments.sqlite (removing fragments.sqlite-wal and -shm).
 */
export async function backupDatabase(dataDir: string, destination: string): Promise<{ file: string; pages: number }> {
  const file = databaseFile(dataDir);
  if (!existsSync(file)) throw new Error(`there is no database at ${file} (FRAGMENTS_DATA_DIR is ${dataDir})`);
  if (existsSync(destination)) throw new Error(`${destination} already exists: name a new file, so no backup is overwritten`);
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const progress = await db.backup(destination);
    return { file, pages: progress.totalPages };
  } finally {
    db.close();
  }
}
