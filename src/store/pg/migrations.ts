// Versioned migrations of a PostgreSQL store, recorded in `amas_schema_migrations`. The tables
// mirror the embedded store's (src/store/schema.ts, migrations 0001–0009, in their final shape)
// with PostgreSQL types: times are BIGINT epoch milliseconds, JSON values TEXT (written and read
// exactly as the embedded store does), a `seq` identity column where the embedded store orders
// by rowid, and a generated tsvector with a GIN index in place of FTS4.
// Never edit a shipped migration: add one.
import type pg from 'pg';

export const PG_MIGRATIONS: { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'knowledge',
    sql: `
CREATE TABLE knowledge (
  rid BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  agent_id TEXT,
  category TEXT NOT NULL,
  content TEXT NOT NULL,
  metadata TEXT NOT NULL DEFAULT '{}',
  created_at BIGINT NOT NULL,
  expires_at BIGINT,
  confidence DOUBLE PRECISION NOT NULL DEFAULT 1 CHECK (confidence >= 0 AND confidence <= 1),
  source TEXT,
  content_hash TEXT NOT NULL,
  -- The words of the content's string, number and boolean leaves (not its keys), as FTS4's
  -- derived index holds them in the embedded store; 'simple' does not stem, like unicode61.
  search_tsv tsvector GENERATED ALWAYS AS (jsonb_to_tsvector('simple'::regconfig, content::jsonb, '["string", "numeric", "boolean"]')) STORED,
  UNIQUE (category, content_hash)
);
CREATE INDEX knowledge_agent_category ON knowledge (agent_id, category, created_at DESC);
CREATE INDEX knowledge_category_created ON knowledge (category, created_at DESC);
CREATE INDEX knowledge_agent_created ON knowledge (agent_id, created_at DESC);
CREATE INDEX knowledge_expires ON knowledge (expires_at) WHERE expires_at IS NOT NULL;
CREATE INDEX knowledge_search ON knowledge USING GIN (search_tsv);`,
  },
  {
    version: 2,
    name: 'runs_steps_specs',
    sql: `
CREATE TABLE runs (
  seq BIGINT GENERATED ALWAYS AS IDENTITY,
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
  created_at BIGINT NOT NULL,
  started_at BIGINT,
  ended_at BIGINT,
  updated_at BIGINT NOT NULL,
  masked INTEGER NOT NULL DEFAULT 0,
  parent_run_id TEXT,
  parent_step_id TEXT
);
CREATE INDEX runs_workflow_created ON runs (workflow_id, created_at DESC);
CREATE INDEX runs_status ON runs (status);
CREATE INDEX runs_created ON runs (created_at DESC, seq DESC);
CREATE INDEX runs_parent ON runs (parent_run_id) WHERE parent_run_id IS NOT NULL;
CREATE INDEX runs_ended ON runs (ended_at) WHERE ended_at IS NOT NULL;
CREATE TABLE steps (
  seq BIGINT GENERATED ALWAYS AS IDENTITY,
  run_id TEXT NOT NULL,
  step_id TEXT NOT NULL,
  status TEXT NOT NULL,
  attempt INTEGER NOT NULL DEFAULT 0,
  agent_id TEXT,
  input TEXT,
  output TEXT,
  error TEXT,
  started_at BIGINT,
  ended_at BIGINT,
  idempotency_key TEXT,
  updated_at BIGINT NOT NULL,
  masked INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (run_id, step_id)
);
CREATE TABLE run_specs (
  hash TEXT PRIMARY KEY,
  workflow_id TEXT NOT NULL,
  spec BYTEA NOT NULL,
  created_at BIGINT NOT NULL
);`,
  },
  {
    version: 3,
    name: 'events_metrics_triggers',
    sql: `
CREATE TABLE events (
  rid BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  priority TEXT NOT NULL,
  source TEXT,
  target TEXT,
  data TEXT,
  created_at BIGINT NOT NULL,
  expires_at BIGINT
);
CREATE INDEX events_created ON events (created_at);
CREATE INDEX events_type_created ON events (type, created_at);
CREATE TABLE metrics (
  seq BIGINT GENERATED ALWAYS AS IDENTITY,
  name TEXT NOT NULL,
  ts BIGINT NOT NULL,
  value DOUBLE PRECISION NOT NULL,
  labels TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX metrics_name_ts ON metrics (name, ts);
CREATE INDEX metrics_ts ON metrics (ts);
CREATE TABLE trigger_state (
  workflow_id TEXT NOT NULL,
  trigger_key TEXT NOT NULL,
  last_fire BIGINT,
  last_outcome TEXT,
  paused INTEGER NOT NULL DEFAULT 0,
  data TEXT,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (workflow_id, trigger_key)
);`,
  },
  {
    version: 4,
    name: 'agent_turns_approvals',
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
  duration_ms DOUBLE PRECISION NOT NULL,
  created_at BIGINT NOT NULL,
  masked INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (run_id, loop_key, seq)
);
CREATE TABLE agent_tool_calls (
  rseq BIGINT GENERATED ALWAYS AS IDENTITY,
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
  started_at BIGINT NOT NULL,
  ended_at BIGINT,
  duration_ms DOUBLE PRECISION,
  masked INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (run_id, loop_key, call_id)
);
CREATE TABLE approvals (
  seq BIGINT GENERATED ALWAYS AS IDENTITY,
  run_id TEXT NOT NULL,
  step_id TEXT NOT NULL,
  call_id TEXT NOT NULL DEFAULT '',
  workflow_id TEXT NOT NULL,
  prompt TEXT NOT NULL,
  input_schema TEXT,
  requested_at BIGINT NOT NULL,
  deadline BIGINT,
  on_timeout TEXT,
  approved INTEGER,
  answered_by TEXT,
  answered_at BIGINT,
  comment TEXT,
  input TEXT,
  PRIMARY KEY (run_id, step_id, call_id)
);
CREATE INDEX approvals_open ON approvals (requested_at) WHERE approved IS NULL;`,
  },
  {
    version: 5,
    name: 'approval_tool_calls',
    // A tool call's approval names the tool and its (masked) arguments (sql.js migration 0010).
    sql: `
ALTER TABLE approvals ADD COLUMN tool TEXT;
ALTER TABLE approvals ADD COLUMN args TEXT;`,
  },
  {
    version: 6,
    name: 'task_results_workers',
    sql: `
-- The outcome of a step task a worker ran, keyed by the step attempt (idempotency key#attempt): written
-- with the NOTIFY that wakes the waiting engine in one transaction; a task whose row exists is
-- never executed again (see src/store/pg/queue.ts).
CREATE TABLE task_results (
  task_key TEXT PRIMARY KEY,
  run_id TEXT NOT NULL,
  step_id TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('ok', 'error', 'in_doubt')),
  output TEXT,
  error TEXT,
  usage TEXT,
  worker_id TEXT,
  created_at BIGINT NOT NULL
);
CREATE INDEX task_results_run ON task_results (run_id);
-- amas worker processes: their heartbeat, counters, and the ids their queue slots lock jobs under
-- (so a live worker can release the jobs of one whose heartbeat stopped).
CREATE TABLE workers (
  id TEXT PRIMARY KEY,
  host TEXT NOT NULL,
  pid INTEGER NOT NULL,
  concurrency INTEGER NOT NULL,
  slot_ids TEXT[] NOT NULL,
  started_at BIGINT NOT NULL,
  heartbeat_at BIGINT NOT NULL,
  in_flight INTEGER NOT NULL DEFAULT 0,
  completed BIGINT NOT NULL DEFAULT 0,
  failed BIGINT NOT NULL DEFAULT 0
);`,
  },
  {
    version: 7,
    name: 'run_drivers',
    sql: `
-- The processes that drive runs (amas up as leader or standby, amas run): a heartbeat every 2 s.
-- The leader adopts the unfinished runs of a driver whose heartbeat stopped (src/runtime/run-drivers.ts).
CREATE TABLE processes (
  id TEXT PRIMARY KEY,
  role TEXT NOT NULL CHECK (role IN ('leader', 'standby', 'run')),
  host TEXT NOT NULL,
  pid INTEGER NOT NULL,
  started_at BIGINT NOT NULL,
  heartbeat_at BIGINT NOT NULL
);
-- Which process drives a run: set when the run is created, changed only by a conditional adoption.
ALTER TABLE runs ADD COLUMN driver TEXT;
CREATE INDEX runs_unfinished_driver ON runs (driver) WHERE status IN ('pending', 'running');`,
  },
  {
    version: 8,
    name: 'task_starts',
    sql: `
-- A task of a step that is not idempotent, started on a worker: written before it runs and removed
-- with its result. A job claimed again whose task has a row here may have had its effect (in_doubt);
-- one without a row never started (its worker died while the job waited in its local queue).
CREATE TABLE task_starts (
  task_key TEXT PRIMARY KEY,
  worker_id TEXT NOT NULL,
  started_at BIGINT NOT NULL
);`,
  },
];

/** The advisory lock key migrations are applied under ("amas" as a number). */
const MIGRATION_LOCK = 0x616d6173;

/**
 * Applies the missing migrations in one transaction under a transaction-level advisory lock, so
 * two processes starting at once apply each migration once: the second waits, then finds them
 * recorded. A database that records a migration newer than this code knows is refused (an older
 * amas must not write to a schema it does not understand). Returns the names applied now.
 */
export async function migratePg(client: pg.ClientBase, now: number): Promise<string[]> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS amas_schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)');
    const done = new Set((await client.query<{ version: number }>('SELECT version FROM amas_schema_migrations')).rows.map((r) => r.version));
    const newest = PG_MIGRATIONS.at(-1)!.version;
    const unknown = [...done].filter((v) => v > newest);
    if (unknown.length > 0) {
      throw new Error(`the database has schema version ${Math.max(...unknown)}, newer than this amas knows (${newest}): upgrade amas`);
    }
    const applied: string[] = [];
    for (const m of PG_MIGRATIONS) {
      if (done.has(m.version)) continue;
      await client.query(m.sql);
      await client.query('INSERT INTO amas_schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, now]);
      applied.push(`${String(m.version).padStart(4, '0')}_${m.name}`);
    }
    await client.query('COMMIT');
    return applied;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}
