import type { Fragment } from '../../shared/api';
import { toWellFormed } from '../../shared/text';
import type { Statement } from 'better-sqlite3';
import { newId, type Db } from './db';

interface Row {
  seq: number;
  id: string;
  conversation_id: string;
  session_id: string;
  role: Fragment['role'];
  content: string;
  metadata: string;
  created_at: number;
  content_chars?: number;
}
const toFragment = (row: Row): Fragment => ({
  id: row.id,
  conversationId: row.conversation_id,
  sessionId: row.session_id,
  role: row.role,
  content: row.content,
  metadata: JSON.parse(row.metadata) as Record<string, unknown>,
  createdAt: row.created_at,
  ...(row.content_chars !== undefined && row.content_chars > row.content.length ? { contentChars: row.content_chars } : {}),
});

/**
 * A row read with a byte head (`content_head`): its content cut to `max` UTF-16 units, never
 * halving a surrogate pair, and `content_chars` the full length whenever that is more.
 */
function cutRow(row: Row & { content_head?: Buffer }, max: number): Row {
  const head = (row.content_head ?? Buffer.alloc(0)).toString('utf8');
  let end = Math.min(head.length, max);
  if (end < head.length && /[\ud800-\udbff]/.test(head[end - 1] ?? '')) end--;
  const full = row.content_chars ?? head.length;
  return { ...row, content: head.slice(0, end), content_chars: full };
}

export interface FragmentQuery {
  conversationId?: string;
  sessionId?: string;
  role?: Fragment['role'];
  query?: string;
  after?: string;
  before?: string;
  maxContentChars?: number;
  limit: number;
}

/**
 * Quotes every word so user text can never be FTS5 syntax (`c++`, `foo"`, `state-of-the-art`).
 * NUL splits words too: FTS5 reads its query as C text, so a NUL inside a quoted word ended the
 * query there ("unterminated string", a 500); the tokenizer never puts a NUL inside a token anyway.
 */
export function toFtsQuery(text: string): string {
  return text
    .split(/[\s\u0000]+/)
    .filter((word) => word.length > 0)
    .map((word) => `"${word.replaceAll('"', '""')}"`)
    .join(' ');
}

export class FragmentStore {
  private readonly insert;
  private readonly selectOne;
  /** list() builds its SQL from the filters given; each shape is prepared once. */
  private readonly listStatements = new Map<string, Statement>();

  constructor(private readonly db: Db) {
    this.insert = db.prepare(
      'INSERT INTO fragments (id, conversation_id, session_id, role, content, metadata, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.selectOne = db.prepare('SELECT * FROM fragments WHERE id = ?');
    // The full length of a content too long for its head, in UTF-16 units, NULs included (list()).
    db.function('utf16_length', { deterministic: true }, (text: unknown) => (typeof text === 'string' ? text.length : null));
  }

  add(fragment: Omit<Fragment, 'id' | 'createdAt'>): Fragment {
    // A backstop: user text with a lone surrogate is refused at the edge and tool output already
    // marked (shared/text.ts); anything else becomes one U+FFFD each, not SQLite's one per byte.
    const stored: Fragment = { ...fragment, content: toWellFormed(fragment.content), id: newId('frag'), createdAt: Date.now() };
    this.insert.run(stored.id, stored.conversationId, stored.sessionId, stored.role, stored.content, JSON.stringify(stored.metadata), stored.createdAt);
    return stored;
  }

  get(id: string): Fragment | undefined {
    const row = this.selectOne.get(id) as Row | undefined;
    return row && toFragment(row);
  }

  /** Newest last. With `query`, only fragments whose text matches every word. */
  list(q: FragmentQuery): Fragment[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.conversationId) (where.push('f.conversation_id = ?'), params.push(q.conversationId));
    if (q.sessionId) (where.push('f.session_id = ?'), params.push(q.sessionId));
    if (q.role) (where.push('f.role = ?'), params.push(q.role));
    if (q.after) (where.push('f.seq > (SELECT seq FROM fragments WHERE id = ?)'), params.push(q.after));
    if (q.before) (where.push('f.seq < (SELECT seq FROM fragments WHERE id = ?)'), params.push(q.before));
    const fts = q.query ? toFtsQuery(q.query) : '';
    if (fts) (where.push('f.seq IN (SELECT rowid FROM fragments_fts WHERE fragments_fts MATCH ?)'), params.push(fts));
    const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    // SQLite's text functions (substr, length) stop at the first NUL, and count code points, not
    // JavaScript's UTF-16 units: `.\0./file.txt` came back as ".". So the head is cut as bytes —
    // enough for maxContentChars units (at most 3 UTF-8 bytes each) — and cut again here.
    const columns =
      q.maxContentChars === undefined
        ? 'f.*'
        : 'f.seq, f.id, f.conversation_id, f.session_id, f.role, substr(CAST(f.content AS BLOB), 1, ?) AS content_head, ' +
          'CASE WHEN length(CAST(f.content AS BLOB)) > ? THEN utf16_length(f.content) END AS content_chars, f.metadata, f.created_at';
    const columnParams = q.maxContentChars === undefined ? [] : [q.maxContentChars * 3, q.maxContentChars * 3];
    // Take the newest `limit`, then return them oldest first.
    const sql = `SELECT * FROM (SELECT ${columns} FROM fragments f ${clause} ORDER BY f.seq DESC LIMIT ?) ORDER BY seq ASC`;
    let statement = this.listStatements.get(sql);
    if (!statement) this.listStatements.set(sql, (statement = this.db.prepare(sql)));
    const rows = statement.all(...columnParams, ...params, q.limit) as Row[];
    const max = q.maxContentChars;
    return rows.map((row) => toFragment(max === undefined ? row : cutRow(row, max)));
  }
}
