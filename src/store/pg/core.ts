// What the PostgreSQL repositories share: the pool, the clock, masking, and the order of writes.
import type pg from 'pg';
import type { Clock, Logger, Redactor } from '../../core/index.ts';
import type { WriteOptions } from '../types.ts';
import type { PgParam, PgPool } from './pool.ts';

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
   * passes live objects. Each commit is durable when it resolves; `durable: false` commits without
   * waiting for the server's WAL flush (synchronous_commit off: a server crash may lose the last
   * such commits, never half of one).
   */
  write<T>(apply: (tx: PgTx) => Promise<T>, opts?: WriteOptions): Promise<T> {
    const run = async (): Promise<T> => {
      const client = await this.db.connect();
      try {
        await client.query('BEGIN');
        if (opts?.durable === false) await client.query('SET LOCAL synchronous_commit = off');
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
