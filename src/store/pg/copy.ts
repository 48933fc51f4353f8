// `amas store migrate --to postgres://…`: copies an embedded store's rows into a PostgreSQL
// store, table by table, one transaction per batch. Idempotent: a row whose key is already
// there is skipped (metrics, which have no key, are skipped when an identical sample exists),
// so a copy that stopped half-way is finished by running it again with `force`.
import { gzipSync } from 'node:zlib';
import { AmasError } from '../../core/index.ts';
import type { Store } from '../store.ts';
import type { Param } from '../sqlite.ts';
import { placeholders } from './core.ts';
import { migratePg } from './migrations.ts';
import { PgPool, type PgParam } from './pool.ts';
import { describePgUrl } from './url.ts';

interface TableCopy {
  table: string;
  columns: readonly string[];
  /** How a row already in the target is recognised; undefined: ON CONFLICT DO NOTHING on the table's keys. */
  sameRow?: string;
  /** Column types for `sameRow` tables (text when not given). */
  casts?: readonly string[];
}

/** In an order that keeps every row's references valid (specs before runs, runs before steps). */
const TABLES: readonly TableCopy[] = [
  { table: 'run_specs', columns: ['hash', 'workflow_id', 'spec', 'created_at'] },
  {
    table: 'runs',
    columns: ['id', 'workflow_id', 'spec_hash', 'status', 'inputs', 'outputs', 'error', 'attempt', 'trigger', 'usage', 'created_at', 'started_at', 'ended_at', 'updated_at', 'masked', 'parent_run_id', 'parent_step_id'],
  },
  { table: 'steps', columns: ['run_id', 'step_id', 'status', 'attempt', 'agent_id', 'input', 'output', 'error', 'started_at', 'ended_at', 'idempotency_key', 'updated_at', 'masked'] },
  { table: 'agent_turns', columns: ['run_id', 'loop_key', 'seq', 'attempt', 'final', 'message', 'prompt_tokens', 'completion_tokens', 'duration_ms', 'created_at', 'masked'] },
  {
    table: 'agent_tool_calls',
    columns: ['run_id', 'loop_key', 'call_id', 'turn', 'tool_call_id', 'tool', 'kind', 'args', 'idempotent', 'status', 'result', 'started_at', 'ended_at', 'duration_ms', 'masked'],
  },
  {
    table: 'approvals',
    columns: ['run_id', 'step_id', 'call_id', 'workflow_id', 'prompt', 'input_schema', 'requested_at', 'deadline', 'on_timeout', 'approved', 'answered_by', 'answered_at', 'comment', 'input'],
  },
  { table: 'knowledge', columns: ['id', 'agent_id', 'category', 'content', 'metadata', 'created_at', 'expires_at', 'confidence', 'source', 'content_hash'] },
  { table: 'events', columns: ['id', 'type', 'priority', 'source', 'target', 'data', 'created_at', 'expires_at'] },
  { table: 'metrics', columns: ['name', 'ts', 'value', 'labels'], sameRow: 't.name = v.name AND t.ts = v.ts AND t.value = v.value AND t.labels = v.labels', casts: ['text', 'bigint', 'float8', 'text'] },
  { table: 'trigger_state', columns: ['workflow_id', 'trigger_key', 'last_fire', 'last_outcome', 'paused', 'data', 'updated_at'] },
];

export interface CopyProgress {
  table: string;
  /** Rows of this table read so far, of `total`. */
  done: number;
  total: number;
  /** Rows written (the others were already there). */
  inserted: number;
}

export interface CopyOptions {
  /** Copy into a store that already holds rows (rows already there are kept). */
  force?: boolean;
  batchSize?: number;
  onProgress?(p: CopyProgress): void;
}

const pgValue = (table: string, column: string, v: Param): PgParam => {
  // A spec pinned before specs were compressed is text; the PostgreSQL column holds the gzip form.
  if (table === 'run_specs' && column === 'spec' && typeof v === 'string') return gzipSync(v);
  return v as PgParam;
};

function insertSql(t: TableCopy, n: number): string {
  const cols = t.columns.length;
  if (t.sameRow === undefined) {
    const rows = Array.from({ length: n }, (_, r) => `(${placeholders(cols, r * cols + 1)})`).join(', ');
    return `INSERT INTO ${t.table} (${t.columns.join(', ')}) VALUES ${rows} ON CONFLICT DO NOTHING`;
  }
  // No key to conflict on: each sample is compared with what the table holds (typed, as VALUES has no column types).
  const types = t.casts ?? [];
  const rows = Array.from({ length: n }, (_, r) => `(${t.columns.map((_c, i) => `$${r * cols + i + 1}::${types[i] ?? 'text'}`).join(', ')})`).join(', ');
  return `INSERT INTO ${t.table} (${t.columns.join(', ')}) SELECT ${t.columns.map((c) => `v.${c}`).join(', ')} FROM (VALUES ${rows}) AS v(${t.columns.join(', ')})
    WHERE NOT EXISTS (SELECT 1 FROM ${t.table} t WHERE ${t.sameRow})`;
}

/** Copies every row of `src` into the PostgreSQL database at `url` (migrated first); resolves with rows read and written per table. */
export async function copyEmbeddedToPg(src: Store, url: string, opts: CopyOptions = {}): Promise<{ table: string; rows: number; inserted: number }[]> {
  const batch = opts.batchSize ?? 500;
  const pool = await PgPool.create(url, { max: 2 });
  try {
    const client = await pool.connect();
    try {
      await migratePg(client, src.clock.now());
    } finally {
      client.release();
    }
    if (!opts.force) {
      const counts = await Promise.all(TABLES.map(async (t) => ((await pool.query(`SELECT EXISTS (SELECT 1 FROM ${t.table}) AS x`)).rows[0] as { x: boolean }).x));
      const full = TABLES.filter((_, i) => counts[i]).map((t) => t.table);
      if (full.length > 0) {
        throw new AmasError('AMAS_STORE_MIGRATE_TARGET', `${describePgUrl(url)} already holds rows (${full.join(', ')})`, {
          exitCode: 2,
          hint: 'copy into an empty database, or pass --force to add what is missing (rows already there are kept)',
        });
      }
    }
    const report: { table: string; rows: number; inserted: number }[] = [];
    for (const t of TABLES) {
      const total = src.read((db) => db.get<{ n: number }>(`SELECT count(*) AS n FROM ${t.table}`)?.n ?? 0);
      let after = 0;
      let done = 0;
      let inserted = 0;
      for (;;) {
        const rows = src.read((db) => db.all<Record<string, Param>>(`SELECT rowid AS _rowid, ${t.columns.join(', ')} FROM ${t.table} WHERE rowid > ? ORDER BY rowid LIMIT ?`, [after, batch]));
        if (rows.length === 0) break;
        const params = rows.flatMap((r) => t.columns.map((c) => pgValue(t.table, c, r[c] ?? null)));
        const c = await pool.connect();
        try {
          await c.query('BEGIN');
          const r = await c.query(insertSql(t, rows.length), params as PgParam[]);
          await c.query('COMMIT');
          inserted += r.rowCount ?? 0;
        } catch (e) {
          await c.query('ROLLBACK').catch(() => undefined);
          throw e;
        } finally {
          c.release();
        }
        done += rows.length;
        after = Number(rows.at(-1)!._rowid);
        opts.onProgress?.({ table: t.table, done, total, inserted });
      }
      report.push({ table: t.table, rows: done, inserted });
    }
    return report;
  } finally {
    await pool.close();
  }
}
