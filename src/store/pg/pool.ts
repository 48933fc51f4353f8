// The connection pool of a PostgreSQL store: every statement has a timeout, connection and
// authentication failures become one clear error naming the server and database (never the
// password), and BIGINT columns (epoch milliseconds) read back as numbers.
import type pg from 'pg';
import { AmasError } from '../../core/index.ts';
import { connectionOf, parsePgUrl, type PgTarget } from './url.ts';

export type PgParam = string | number | boolean | null | Uint8Array | readonly string[];

export interface PgPoolOptions {
  /** Connections kept at most (default 10). */
  max?: number;
  /** A statement running longer is cancelled (default 30 s). */
  statementTimeoutMs?: number;
  /** Giving up on a new connection (default 10 s). */
  connectTimeoutMs?: number;
  /** The name in pg_stat_activity (default "amas"). */
  applicationName?: string;
}

let pgModule: Promise<typeof pg> | undefined;

/**
 * pg, imported on first use: it holds ≈ 3 MB of heap once loaded, which every process with the
 * embedded store (most of them) carried for nothing, and every major garbage collection of a
 * running workflow marked again (bench/README.md, "engine").
 */
export function loadPg(): Promise<typeof pg> {
  pgModule ??= import('pg').then((m) => m.default);
  return pgModule;
}

const INT8 = 20;
// Times are epoch milliseconds in BIGINT columns, far inside Number's exact range; pg's default is a string.
const typesOf = (lib: typeof pg): { getTypeParser: typeof pg.types.getTypeParser } => ({
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 && format !== 'binary' ? (v: string) => Number(v) : lib.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
});

/** What a connection failure means, in words (the server's own message otherwise). */
function reason(e: unknown): string {
  const err = e as { code?: string; message?: string };
  switch (err.code) {
    case 'ECONNREFUSED':
      return 'connection refused (is the server running and listening there?)';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the host name does not resolve';
    case 'ETIMEDOUT':
      return 'the connection timed out';
    case '28P01':
      return 'password authentication failed';
    case '28000':
      return 'the server refuses this user or host (pg_hba.conf)';
    case '3D000':
      return 'the database does not exist';
    default:
      return err.message ?? String(e);
  }
}

export class PgConnectError extends AmasError {
  constructor(target: PgTarget, cause: unknown) {
    const why = reason(cause);
    // The server's message might echo what it was given; the password never leaves this process.
    const safe = target.password ? why.split(target.password).join('***') : why;
    super('AMAS_STORE_PG_CONNECT', `cannot connect to PostgreSQL at ${target.host}:${target.port}, database "${target.database}" as "${target.user}": ${safe}`, {
      hint: 'check store.url / AMAS_STORE_URL, that the server is up, and the credentials',
    });
  }
}

/** A pg.Pool with the settings above; `check()` opens one connection to report a bad URL at once. */
export class PgPool {
  readonly pool: pg.Pool;
  readonly target: PgTarget;

  /** A pool for `url` (pg is loaded first; a bad URL throws here, before anything connects). */
  static async create(url: string, opts: PgPoolOptions = {}): Promise<PgPool> {
    const target = parsePgUrl(url);
    return new PgPool(await loadPg(), target, opts);
  }

  private constructor(lib: typeof pg, target: PgTarget, opts: PgPoolOptions) {
    this.target = target;
    const t = target;
    this.pool = new lib.Pool({
      ...connectionOf(t),
      max: opts.max ?? 10,
      statement_timeout: opts.statementTimeoutMs ?? 30_000,
      // A transaction left open by a stuck process must not hold locks for ever.
      idle_in_transaction_session_timeout: 60_000,
      connectionTimeoutMillis: opts.connectTimeoutMs ?? 10_000,
      application_name: opts.applicationName ?? 'amas',
      types: typesOf(lib),
    });
    // An idle client's error (server restart, network cut) is reported by its next query; without
    // a listener the pool would throw it out of the event loop.
    this.pool.on('error', () => {});
    this.pool.on('connect', (client) => client.on('error', () => {}));
  }

  async connect(): Promise<pg.PoolClient> {
    try {
      return await this.pool.connect();
    } catch (e) {
      throw new PgConnectError(this.target, e);
    }
  }

  async check(): Promise<void> {
    const c = await this.connect();
    c.release();
  }

  async query<R extends pg.QueryResultRow>(sql: string, params: readonly PgParam[] = []): Promise<pg.QueryResult<R>> {
    const c = await this.connect();
    try {
      return await c.query<R>(sql, params as PgParam[]);
    } finally {
      c.release();
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
