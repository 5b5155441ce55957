/**
 * Versioned schema migrations. Each entry runs once, in order, inside a transaction;
 * `PRAGMA user_version` records how many have run. Never edit a shipped entry: append a new one.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE conversations (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  -- seq orders fragments (newest last) and is the FTS rowid.
  CREATE TABLE fragments (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    conversation_id TEXT NOT NULL REFERENCES conversations(id),
    session_id TEXT NOT NULL REFERENCES sessions(id),
    role TEXT NOT NULL CHECK (role IN ('user', 'assistant', 'tool')),
    content TEXT NOT NULL,
    metadata TEXT NOT NULL DEFAULT '{}',
    created_at INTEGER NOT NULL
  );
  CREATE INDEX fragments_by_conversation ON fragments(conversation_id, seq);
  CREATE VIRTUAL TABLE fragments_fts USING fts5(content, content='fragments', content_rowid='seq');
  CREATE TRIGGER fragments_ai AFTER INSERT ON fragments BEGIN
    INSERT INTO fragments_fts(rowid, content) VALUES (new.seq, new.content);
  END;
  CREATE TRIGGER fragments_ad AFTER DELETE ON fragments BEGIN
    INSERT INTO fragments_fts(fragments_fts, rowid, content) VALUES ('delete', old.seq, old.content);
  END;
  CREATE TRIGGER fragments_au AFTER UPDATE OF content ON fragments BEGIN
    INSERT INTO fragments_fts(fragments_fts, rowid, content) VALUES ('delete', old.seq, old.content);
    INSERT INTO fragments_fts(rowid, content) VALUES (new.seq, new.content);
  END;

  -- One row per stream (a tool execution or an AI reply); its events live in stream_events.
  CREATE TABLE streams (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('tool', 'reply')),
    finished INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
  );
  -- The append-only event log every subscription reads; seq is the tracked() id.
  CREATE TABLE stream_events (
    stream_id TEXT NOT NULL REFERENCES streams(id),
    seq INTEGER NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (stream_id, seq)
  ) WITHOUT ROWID;

  CREATE TABLE executions (
    id TEXT PRIMARY KEY REFERENCES streams(id),
    conversation_id TEXT NOT NULL REFERENCES conversations(id),
    session_id TEXT NOT NULL REFERENCES sessions(id),
    user_fragment_id TEXT NOT NULL REFERENCES fragments(id),
    tool TEXT NOT NULL,
    parameters TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted')),
    created_at INTEGER NOT NULL,
    started_at INTEGER,
    finished_at INTEGER,
    retry_of TEXT REFERENCES executions(id),
    result_fragment_id TEXT
  );
  CREATE INDEX executions_by_status ON executions(status);
  `,
  // 2: approvals. A run may wait for the user's decision ('awaiting_approval'), and each run says
  // who asked for it (requested_by). SQLite cannot change a CHECK constraint in place, so the table
  // is rebuilt inside the migration's transaction. Nothing else references executions; the new
  // table's retry_of points at itself (RENAME rewrites that to "executions"), so dropping the old
  // table breaks no foreign key.
  `
  CREATE TABLE executions_v2 (
    id TEXT PRIMARY KEY REFERENCES streams(id),
    conversation_id TEXT NOT NULL REFERENCES conversations(id),
    session_id TEXT NOT NULL REFERENCES sessions(id),
    user_fragment_id TEXT NOT NULL REFERENCES fragments(id),
    tool TEXT NOT NULL,
    parameters TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('awaiting_approval', 'queued', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted')),
    created_at INTEGER NOT NULL,
    started_at INTEGER,
    finished_at INTEGER,
    retry_of TEXT REFERENCES executions_v2(id),
    result_fragment_id TEXT,
    requested_by TEXT NOT NULL DEFAULT 'user' CHECK (requested_by IN ('user', 'model'))
  );
  INSERT INTO executions_v2 (id, conversation_id, session_id, user_fragment_id, tool, parameters, status,
                             created_at, started_at, finished_at, retry_of, result_fragment_id)
    SELECT id, conversation_id, session_id, user_fragment_id, tool, parameters, status,
           created_at, started_at, finished_at, retry_of, result_fragment_id FROM executions;
  DROP TABLE executions;
  ALTER TABLE executions_v2 RENAME TO executions;
  CREATE INDEX executions_by_status ON executions(status);
  `,
  // 3: event-log retention (limits.eventLogMaxAgeDays / eventLogMaxChars). `chars` is the text a
  // stream's events hold (kept by the log's flush, so the total is a sum over streams, not a scan of
  // every event); `pruned` says which limit removed a finished stream's events (its row and its
  // fragments stay), NULL while they are kept.
  `
  ALTER TABLE streams ADD COLUMN chars INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE streams ADD COLUMN pruned TEXT;
  UPDATE streams SET chars = (SELECT COALESCE(SUM(LENGTH(data)), 0) FROM stream_events WHERE stream_id = streams.id);
  -- Retention's candidates, oldest first; partial, so streams already pruned cost its scans nothing.
  CREATE INDEX streams_prunable ON streams(created_at) WHERE finished = 1 AND pruned IS NULL;
  `,
  // 4: the processes the server started (shell programs, MCP stdio servers), a row while each runs,
  // so that a server killed before it could stop them ends them at its next start instead of
  // leaving them running while their runs say `interrupted`. start_time (/proc/<pid>/stat field
  // 22) tells the process from a later one that got its pid; process_group: the pid leads a group
  // of its own, ended whole.
  `
  CREATE TABLE processes (
    pid INTEGER NOT NULL,
    start_time INTEGER NOT NULL,
    process_group INTEGER NOT NULL CHECK (process_group IN (0, 1)),
    label TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (pid, start_time)
  ) WITHOUT ROWID;
  `,
  // 5: OAuth for remote MCP servers (server/oauth/). One row per configured server name: what the
  // SDK's OAuthClientProvider persists (tokens, the registered client, discovery), as JSON, with
  // the access token's expiry (ms) beside it so refresh-before-expiry needs no parse. A row per
  // sign-in under way: its `state` is the callback's only authorisation, single use (deleted when
  // taken), and holds the PKCE verifier of that one authorization request.
  `
  CREATE TABLE oauth_credentials (
    server TEXT PRIMARY KEY,
    tokens TEXT,
    expires_at INTEGER,
    client_information TEXT,
    discovery_state TEXT,
    updated_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE TABLE oauth_pending (
    state TEXT PRIMARY KEY,
    server TEXT NOT NULL,
    code_verifier TEXT NOT NULL,
    created_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  `,
];
