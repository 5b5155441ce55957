import type { Conversation } from '../../shared/api';
import { newId, type Db } from './db';

interface Row {
  id: string;
  title: string;
  created_at: number;
  updated_at: number;
}
const toConversation = (row: Row): Conversation => ({
  id: row.id,
  title: row.title,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export class ConversationStore {
  constructor(private readonly db: Db) {}

  create(title: string): Conversation {
    const now = Date.now();
    const row: Row = { id: newId('conv'), title, created_at: now, updated_at: now };
    this.db.prepare('INSERT INTO conversations (id, title, created_at, updated_at) VALUES (@id, @title, @created_at, @updated_at)').run(row);
    return toConversation(row);
  }

  get(id: string): Conversation | undefined {
    const row = this.db.prepare('SELECT * FROM conversations WHERE id = ?').get(id) as Row | undefined;
    return row && toConversation(row);
  }

  list(): Conversation[] {
    const rows = this.db.prepare('SELECT * FROM conversations ORDER BY updated_at DESC, rowid DESC').all() as Row[];
    return rows.map(toConversation);
  }

  rename(id: string, title: string): Conversation | undefined {
    this.db.prepare('UPDATE conversations SET title = ?, updated_at = ? WHERE id = ?').run(title, Date.now(), id);
    return this.get(id);
  }

  touch(id: string): void {
    this.db.prepare('UPDATE conversations SET updated_at = ? WHERE id = ?').run(Date.now(), id);
  }

  /** Sessions are ids a client picks (one per browser, say); an unknown one is simply recorded. */
  ensureSession(id: string | undefined): string {
    const sessionId = id ?? newId('sess');
    this.db.prepare('INSERT OR IGNORE INTO sessions (id, created_at) VALUES (?, ?)').run(sessionId, Date.now());
    return sessionId;
  }
}
