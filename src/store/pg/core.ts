// What the PostgreSQL repositories share: the pool, the clock, masking, and the order of writes.
import type pg from 'pg';
import type { Clock, Logger, Redactor } from '../../core/index.ts';
import type { WriteOptions } from '../types.ts';
import type { PgParam, PgPool } from './pool.ts';

/** One SQL statement and its parameters (`$1`, `$2`, …; no other `$` in its text: see `combine`). */
export interface PgStatement {
  sql: string;
  params: PgParam[];
}

/** Bind parameters PostgreSQL takes in one statement (the protocol counts them in 16 bits). */
const MAX_PARAMS = 65_535;

/** Inside one transaction of a PostgreSQL store. */
export interface PgTx {
  rows<R extends pg.QueryResultRow>(sql: string, params?: readonly PgParam[]): Promise<R[]>;
  /** Runs a write statement; resolves with the number of rows changed. */
  run(sql: string, params?: readonly PgParam[]): Promise<number>;
}

export class PgCore {
  /** The last write of this process: writes are applied in the order they were made. */
  private tail: Promise<unknown> = Promise.resolve();
  /** The process driving the runs this store creates (runs.driver), when one registered (drivers.ts). */
  driver: string | undefined;
  /** Installs the work queue's schema (once per process: see PgStore.ensureQueue). */
  queueSchema: () => Promise<void> = () => Promise.resolve();

  constructor(
    readonly db: PgPool,
    readonly clock: Clock,
    readonly logger: Logger,
    readonly redactor: Redactor | undefined,
  ) {}

  /** `value` with the project's secrets masked in its strings (the same object when nothing was masked). */
  mask<T>(value: T): T {
    return this.redactor === undefined ? value : this.redactor.redactDeep(value);
  }

  /**
   * Runs `apply` in one transaction after every earlier write of this process has committed, so
   * a row written twice ends as it was written last (the engine does not wait for a write before
   * making the next). Callers read their arguments (mask, serialize) before calling: the engine
   * passes live objects. Each commit is durable when it resolves; `durable: false` and `'written'`
   * commit without waiting for the server's WAL flush (synchronous_commit off: the server holds
   * the change and writes it to disk within 3 × wal_writer_delay; a crash of the server may lose
   * the last such commits, never half of one).
   */
  write<T>(apply: (tx: PgTx) => Promise<T>, opts?: WriteOptions): Promise<T> {
    const run = async (): Promise<T> => {
      const client = await this.db.connect();
      try {
        await client.query('BEGIN');
        if (lazy(opts)) await client.query('SET LOCAL synchronous_commit = off');
        const tx: PgTx = {
          rows: async (sql, params = []) => (await client.query(sql, params as PgParam[])).rows,
          run: async (sql, params = []) => (await client.query(sql, params as PgParam[])).rowCount ?? 0,
        };
        const result = await apply(tx);
        await client.query('COMMIT');
        return result;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    };
    const p = this.tail.then(run, run);
    this.tail = p.catch(() => undefined);
    return p;
  }

  /**
   * Runs `stmts` atomically, after every earlier write of this process, in one round trip where
   * it can: the statements become the parts of one statement (`combine`), which PostgreSQL runs
   * as its own transaction — no BEGIN and COMMIT round trips. Resolves with the number of rows
   * each statement returned (each must return rows to be counted: a write ends with RETURNING).
   * Durability as `write`; `first` runs before, in turn (e.g. installing a schema they need).
   */
  statements(stmts: readonly PgStatement[], opts?: WriteOptions, first?: () => Promise<void>): Promise<number[]> {
    if (stmts.length === 0) return Promise.resolve([]);
    const nParams = stmts.reduce((n, s) => n + s.params.length, 0);
    if (nParams > MAX_PARAMS) {
      return this.write(async (tx) => {
        await first?.();
        const counts: number[] = [];
        for (const s of stmts) counts.push(await tx.run(s.sql, s.params));
        return counts;
      }, opts);
    }
    const one = combine(stmts, lazy(opts));
    const run = async (): Promise<number[]> => {
      await first?.();
      const r = await this.db.query<Record<string, number>>(one.sql, one.params);
      const row = r.rows[0]!;
      return stmts.map((_, i) => row[`q${i}`]!);
    };
    const p = this.tail.then(run, run);
    this.tail = p.catch(() => undefined);
    return p;
  }

  /** A query that sees every write this process made before it (they may still be committing). */
  async rows<R extends pg.QueryResultRow>(sql: string, params: readonly PgParam[] = []): Promise<R[]> {
    await this.tail;
    return (await this.db.query<R>(sql, params)).rows;
  }

  /** Resolves when every write made so far has committed. */
  async sync(): Promise<void> {
    await this.tail;
  }
}

/** `$1, $2, …` from `start` for `n` values. */
export function placeholders(n: number, start = 1): string {
  return Array.from({ length: n }, (_, i) => `$${start + i}`).join(', ');
}

/**
 * One statement doing what `stmts` do: each becomes a part of a WITH, the parameters numbered on.
 * A data-modifying part runs whether or not it is read; a SELECT part only when it is, so every
 * part's row count is read. All parts see the database as it was when the statement began, so a
 * caller never has two parts touch the same row. `lazy`: the commit does not wait for the WAL
 * flush — a local setting lasts until the end of the transaction, which this statement is.
 */
export function combine(stmts: readonly PgStatement[], lazy = false): PgStatement {
  const parts: string[] = [];
  const counts: string[] = lazy ? ["set_config('synchronous_commit', 'off', true) AS lazy"] : [];
  const params: PgParam[] = [];
  stmts.forEach((s, i) => {
    const base = params.length;
    parts.push(`q${i} AS (${base === 0 ? s.sql : s.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + base}`)})`);
    counts.push(`(SELECT count(*) FROM q${i})::int AS q${i}`);
    params.push(...s.params);
  });
  return { sql: `WITH ${parts.join(',\n')}\nSELECT ${counts.join(', ')}`, params };
}

/** A write the server need not flush before answering (see PgCore.write). */
function lazy(opts: WriteOptions | undefined): boolean {
  return opts?.durable === false || opts?.durable === 'written';
}
