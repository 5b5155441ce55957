/** The executions table: one row per run, written and read by the runner (server/runs/). */
import type { Execution, ExecutionStatus, RequestedBy } from '../../shared/api';
import type { Db } from './db';

interface Row {
  id: string;
  conversation_id: string;
  session_id: string;
  user_fragment_id: string;
  tool: string;
  parameters: string;
  status: ExecutionStatus;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  retry_of: string | null;
  requested_by: RequestedBy;
}

/** A row as the runner keeps it: who asked for it is always known (only old API answers may lack it). */
export type StoredExecution = Omit<Execution, 'queuePosition' | 'requestedBy'> & { requestedBy: RequestedBy };

const toExecution = (row: Row): StoredExecution => ({
  id: row.id,
  conversationId: row.conversation_id,
  sessionId: row.session_id,
  userFragmentId: row.user_fragment_id,
  tool: row.tool,
  parameters: JSON.parse(row.parameters) as Record<string, unknown>,
  status: row.status,
  createdAt: row.created_at,
  startedAt: row.started_at,
  finishedAt: row.finished_at,
  retryOf: row.retry_of,
  requestedBy: row.requested_by,
});

export class ExecutionStore {
  private readonly insertRow;
  private readonly selectOne;
  private readonly selectByConversation;
  private readonly updateQueued;
  private readonly updateRunning;
  private readonly updateFinished;
  private readonly selectUnfinished;

  constructor(db: Db) {
    this.insertRow = db.prepare(
      `INSERT INTO executions (id, conversation_id, session_id, user_fragment_id, tool, parameters, status, created_at, retry_of, requested_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.selectOne = db.prepare('SELECT * FROM executions WHERE id = ?');
    this.selectByConversation = db.prepare('SELECT * FROM executions WHERE conversation_id = ? ORDER BY created_at, rowid');
    this.updateQueued = db.prepare(`UPDATE executions SET status = 'queued' WHERE id = ? AND status = 'awaiting_approval'`);
    this.updateRunning = db.prepare(`UPDATE executions SET status = 'running', started_at = ? WHERE id = ?`);
    this.updateFinished = db.prepare('UPDATE executions SET status = ?, finished_at = ?, result_fragment_id = ? WHERE id = ?');
    this.selectUnfinished = db.prepare(`SELECT * FROM executions WHERE status IN ('awaiting_approval', 'queued', 'running') ORDER BY created_at`);
  }

  insert(execution: StoredExecution): void {
    this.insertRow.run(
        execution.id,
        execution.conversationId,
        execution.sessionId,
        execution.userFragmentId,
        execution.tool,
        JSON.stringify(execution.parameters),
        execution.status,
        execution.createdAt,
        execution.retryOf,
        execution.requestedBy,
      );
  }

  get(id: string): StoredExecution | undefined {
    const row = this.selectOne.get(id) as Row | undefined;
    return row && toExecution(row);
  }

  listByConversation(conversationId: string): StoredExecution[] {
    const rows = this.selectByConversation.all(conversationId) as Row[];
    return rows.map(toExecution);
  }

  /** An approved run joins the queue. */
  markQueued(id: string): void {
    this.updateQueued.run(id);
  }

  markRunning(id: string, at: number): void {
    this.updateRunning.run(at, id);
  }

  finish(id: string, status: ExecutionStatus, at: number, resultFragmentId: string): void {
    this.updateFinished.run(status, at, resultFragmentId, id);
  }

  /** Executions a previous process left behind. */
  unfinished(): StoredExecution[] {
    const rows = this.selectUnfinished.all() as Row[];
    return rows.map(toExecution);
  }
}
