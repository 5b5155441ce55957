/** The processes table: the children running now, as the server started them (server/processes/). */
import type { Db } from './db';

export interface ProcessRow {
  pid: number;
  startTime: number;
  /** The pid leads a process group of its own, ended whole. */
  group: boolean;
  /** What it is, for the log: `shell: sleep`, `MCP server "everything"`. */
  label: string;
}

interface Row {
  pid: number;
  start_time: number;
  process_group: number;
  label: string;
}

export class ProcessStore {
  private readonly insertRow;
  private readonly deleteRow;
  private readonly selectAll;
  private readonly deleteAll;

  constructor(db: Db) {
    this.insertRow = db.prepare('INSERT OR REPLACE INTO processes (pid, start_time, process_group, label, created_at) VALUES (?, ?, ?, ?, ?)');
    this.deleteRow = db.prepare('DELETE FROM processes WHERE pid = ? AND start_time = ?');
    this.selectAll = db.prepare('SELECT pid, start_time, process_group, label FROM processes');
    this.deleteAll = db.prepare('DELETE FROM processes');
  }

  add(row: ProcessRow): void {
    this.insertRow.run(row.pid, row.startTime, row.group ? 1 : 0, row.label, Date.now());
  }

  remove(row: Pick<ProcessRow, 'pid' | 'startTime'>): void {
    this.deleteRow.run(row.pid, row.startTime);
  }

  all(): ProcessRow[] {
    return (this.selectAll.all() as Row[]).map((row) => ({ pid: row.pid, startTime: row.start_time, group: row.process_group === 1, label: row.label }));
  }

  clear(): void {
    this.deleteAll.run();
  }
}
