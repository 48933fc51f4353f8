import { searchTextSql } from './canonical.ts';
import type { Db } from './sqlite.ts';

/**
 * Named migrations, applied in order and recorded in `_amas_migrations`. They run on the
 * checkpoint before the journal is replayed, so journal records always meet the newest schema.
 * Never edit a shipped migration: add a new one (additive changes keep old journals replayable).
 */
export const MIGRATIONS: { name: string; sql: string }[] = [
  {
    name: '0001_knowledge',
    sql: `
CREATE TABLE knowledge (
  rid INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  agent_id TEXT,
  category TEXT NOT NULL,
  content TEXT NOT NULL,
  metadata TEXT NOT NULL DEFAULT '{}',
  created_at INTEGER NOT NULL,
  expires_at INTEGER,
  confidence REAL NOT NULL DEFAULT 1 CHECK (confidence >= 0 AND confidence <= 1),
  source TEXT,
  content_hash TEXT NOT NULL,
  search_text TEXT NOT NULL DEFAULT '',
  UNIQUE (category, content_hash)
);
CREATE INDEX knowledge_agent_category ON knowledge (agent_id, category, created_at DESC);
CREATE INDEX knowledge_category_created ON knowledge (category, created_at DESC);
CREATE INDEX knowledge_agent_created ON knowledge (agent_id, created_at DESC);
CREATE INDEX knowledge_expires ON knowledge (expires_at) WHERE expires_at IS NOT NULL;
CREATE VIRTUAL TABLE knowledge_fts USING fts4 (content="knowledge", search_text, tokenize=unicode61 "remove_diacritics=2");
-- No AFTER INSERT trigger: new rows are indexed in bulk (see fts.ts). Deletes and updates keep
-- their triggers; fts.needsIndex() makes sure the index is complete before they run.
CREATE TRIGGER knowledge_fts_bd BEFORE DELETE ON knowledge BEGIN
  DELETE FROM knowledge_fts WHERE docid = old.rid;
END;
CREATE TRIGGER knowledge_fts_bu BEFORE UPDATE OF search_text ON knowledge BEGIN
  DELETE FROM knowledge_fts WHERE docid = old.rid;
END;
CREATE TRIGGER knowledge_fts_au AFTER UPDATE OF search_text ON knowledge BEGIN
  INSERT INTO knowledge_fts (docid, search_text) VALUES (new.rid, new.search_text);
END;`,
  },
  {
    name: '0002_runs',
    sql: `
CREATE TABLE runs (
  id TEXT PRIMARY KEY,
  workflow_id TEXT NOT NULL,
  spec_hash TEXT,
  status TEXT NOT NULL,
  inputs TEXT,
  outputs TEXT,
  error TEXT,
  attempt INTEGER NOT NULL DEFAULT 1,
  trigger TEXT,
  usage TEXT,
  created_at INTEGER NOT NULL,
  started_at INTEGER,
  ended_at INTEGER,
  updated_at INTEGER NOT NULL
);
CREATE INDEX runs_workflow_created ON runs (workflow_id, created_at DESC);
CREATE INDEX runs_status ON runs (status);
CREATE INDEX runs_created ON runs (created_at DESC);
CREATE TABLE steps (
  run_id TEXT NOT NULL,
  step_id TEXT NOT NULL,
  status TEXT NOT NULL,
  attempt INTEGER NOT NULL DEFAULT 0,
  agent_id TEXT,
  input TEXT,
  output TEXT,
  error TEXT,
  started_at INTEGER,
  ended_at INTEGER,
  idempotency_key TEXT,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (run_id, step_id)
);`,
  },
  {
    name: '0003_events_metrics_triggers',
    sql: `
CREATE TABLE events (
  rid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  priority TEXT NOT NULL,
  source TEXT,
  target TEXT,
  data TEXT,
  created_at INTEGER NOT NULL,
  expires_at INTEGER
);
CREATE INDEX events_created ON events (created_at);
CREATE INDEX events_type_created ON events (type, created_at);
CREATE TABLE metrics (
  name TEXT NOT NULL,
  ts INTEGER NOT NULL,
  value REAL NOT NULL,
  labels TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX metrics_name_ts ON metrics (name, ts);
CREATE INDEX metrics_ts ON metrics (ts);
CREATE TABLE trigger_state (
  workflow_id TEXT NOT NULL,
  trigger_key TEXT NOT NULL,
  last_fire INTEGER,
  last_outcome TEXT,
  paused INTEGER NOT NULL DEFAULT 0,
  data TEXT,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (workflow_id, trigger_key)
);`,
  },
  {
    // The words of a row are derived from its content when it is indexed (fts.ts) instead of
    // being bound with every insert and journaled: the index becomes a regular FTS4 table that
    // keeps its own copy of them (the same bytes the search_text column held). The watermark is
    // reset, so an existing database's index is rebuilt in the background after opening.
    name: '0004_knowledge_search_text_derived',
    sql: `
DROP TRIGGER knowledge_fts_bd;
DROP TRIGGER knowledge_fts_bu;
DROP TRIGGER knowledge_fts_au;
DROP TABLE knowledge_fts;
ALTER TABLE knowledge DROP COLUMN search_text;
CREATE VIRTUAL TABLE knowledge_fts USING fts4 (search_text, tokenize=unicode61 "remove_diacritics=2");
CREATE TRIGGER knowledge_fts_bd BEFORE DELETE ON knowledge BEGIN
  DELETE FROM knowledge_fts WHERE docid = old.rid;
END;
CREATE TRIGGER knowledge_fts_au AFTER UPDATE OF content ON knowledge BEGIN
  DELETE FROM knowledge_fts WHERE docid = old.rid;
  INSERT INTO knowledge_fts (docid, search_text) VALUES (new.rid, ${searchTextSql('new.content')});
END;
DELETE FROM _amas_meta WHERE key = 'fts_rid';`,
  },
  {
    // A run or step whose values held a secret is stored masked, and says so (docs/security.md).
    name: '0005_runs_masked',
    sql: `
ALTER TABLE runs ADD COLUMN masked INTEGER NOT NULL DEFAULT 0;
ALTER TABLE steps ADD COLUMN masked INTEGER NOT NULL DEFAULT 0;`,
  },
  {
    // The spec each run is pinned to (src/store/run-specs.ts), once per hash. Stores made before
    // this migration created the table through their journal, hence IF NOT EXISTS.
    name: '0006_run_specs',
    sql: `
CREATE TABLE IF NOT EXISTS run_specs (
  hash TEXT PRIMARY KEY,
  workflow_id TEXT NOT NULL,
  spec BLOB NOT NULL,
  created_at INTEGER NOT NULL
);`,
  },
  {
    // Agent loops' conversations (src/store/agent-turns.ts): each model turn and each tool call,
    // journaled before the loop acts on it, so a crash resumes the conversation. Pruned with runs.
    name: '0007_agent_turns',
    sql: `
CREATE TABLE agent_turns (
  run_id TEXT NOT NULL,
  loop_key TEXT NOT NULL,
  seq INTEGER NOT NULL,
  attempt INTEGER NOT NULL,
  final INTEGER NOT NULL,
  message TEXT NOT NULL,
  prompt_tokens INTEGER NOT NULL,
  completion_tokens INTEGER NOT NULL,
  duration_ms REAL NOT NULL,
  created_at INTEGER NOT NULL,
  masked INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (run_id, loop_key, seq)
);
CREATE TABLE agent_tool_calls (
  run_id TEXT NOT NULL,
  loop_key TEXT NOT NULL,
  call_id TEXT NOT NULL,
  turn INTEGER NOT NULL,
  tool_call_id TEXT NOT NULL,
  tool TEXT NOT NULL,
  kind TEXT NOT NULL,
  args TEXT,
  idempotent INTEGER NOT NULL,
  status TEXT NOT NULL,
  result TEXT,
  started_at INTEGER NOT NULL,
  ended_at INTEGER,
  duration_ms REAL,
  masked INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (run_id, loop_key, call_id)
);`,
  },
  {
    // Approval requests and their one answer (src/store/approvals.ts): call_id is '' for an
    // approval step, a tool call's id for per-tool approval. Unanswered: approved IS NULL.
    name: '0008_approvals',
    sql: `
CREATE TABLE approvals (
  run_id TEXT NOT NULL,
  step_id TEXT NOT NULL,
  call_id TEXT NOT NULL DEFAULT '',
  workflow_id TEXT NOT NULL,
  prompt TEXT NOT NULL,
  input_schema TEXT,
  requested_at INTEGER NOT NULL,
  deadline INTEGER,
  on_timeout TEXT,
  approved INTEGER,
  answered_by TEXT,
  answered_at INTEGER,
  comment TEXT,
  input TEXT,
  PRIMARY KEY (run_id, step_id, call_id)
);
CREATE INDEX approvals_open ON approvals (requested_at) WHERE approved IS NULL;`,
  },
  {
    // Child runs (a \`workflow:\` step's sub-run) name the run and step that started them. The rows
    // of for_each items and repeat iterations are steps rows of their own (\`social[2]\`, \`draft#1\`).
    name: '0009_parent_runs',
    sql: `
ALTER TABLE runs ADD COLUMN parent_run_id TEXT;
ALTER TABLE runs ADD COLUMN parent_step_id TEXT;
CREATE INDEX runs_parent ON runs (parent_run_id) WHERE parent_run_id IS NOT NULL;`,
  },
  {
    // A tool call waiting for approval names its tool and (masked) arguments, so every face can
    // show what a person is asked to allow without reading the agent loop's journal.
    name: '0010_approval_tool_calls',
    sql: `
ALTER TABLE approvals ADD COLUMN tool TEXT;
ALTER TABLE approvals ADD COLUMN args TEXT;`,
  },
];

/** Applies missing migrations; returns the names applied now. */
export function migrate(db: Db, now: number): string[] {
  db.exec(`CREATE TABLE IF NOT EXISTS _amas_migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS _amas_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);`);
  const done = new Set(db.all<{ name: string }>('SELECT name FROM _amas_migrations').map((r) => r.name));
  const applied: string[] = [];
  for (const m of MIGRATIONS) {
    if (done.has(m.name)) continue;
    db.exec('BEGIN');
    try {
      db.exec(m.sql);
      db.run('INSERT INTO _amas_migrations (name, applied_at) VALUES (?, ?)', [m.name, now]);
      db.exec('COMMIT');
    } catch (err) {
      db.exec('ROLLBACK');
      throw err;
    }
    applied.push(m.name);
  }
  return applied;
}

/**
 * Indexes that only speed up reads (neither UNIQUE nor a primary key), with the SQL that
 * creates them. Constraints stay: replayed statements rely on them (dedup, upserts).
 */
export function secondaryIndexes(db: Db): { name: string; sql: string }[] {
  return db.all<{ name: string; sql: string }>(
    `SELECT s.name, s.sql FROM sqlite_schema s WHERE s.type = 'index' AND s.sql IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM pragma_index_list(s.tbl_name) l WHERE l.name = s.name AND l."unique")
     ORDER BY s.name`,
  );
}

export function readMeta(db: Db, key: string): string | undefined {
  return db.get<{ value: string }>('SELECT value FROM _amas_meta WHERE key = ?', [key])?.value;
}

export function writeMeta(db: Db, key: string, value: string): void {
  db.run('INSERT INTO _amas_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value]);
}
