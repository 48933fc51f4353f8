// Opening a PostgreSQL store: migrations applied once when processes start together, a schema
// newer than this amas refused, and connection failures named without the password.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPgStore, PG_MIGRATIONS } from '../../src/store/index.ts';
import { freshDatabase, pgAdminUrl, type TestDatabase } from '../support/postgres.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await freshDatabase();
});
afterAll(async () => {
  await db.drop();
});

/** The error opening `url` fails with (a store that opens is closed and fails the test). */
async function openError(url: string): Promise<Error & { code?: string }> {
  const r = await openPgStore(url).then(
    async (s) => {
      await s.close();
      return new Error('the store opened');
    },
    (e: unknown) => e as Error,
  );
  return r;
}

async function sql<R extends pg.QueryResultRow>(url: string, text: string): Promise<R[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<R>(text)).rows;
  } finally {
    await c.end();
  }
}

describe('migrations', () => {
  it('four stores opening a fresh database at once apply each migration once', async () => {
    const stores = await Promise.all([1, 2, 3, 4].map(() => openPgStore(db.url)));
    const applied = stores.flatMap((s) => s.warnings);
    expect(applied.length).toBe(1);
    expect(applied[0]).toContain('0001_knowledge');
    await Promise.all(stores.map((s) => s.close()));
    const rows = await sql<{ version: number }>(db.url, 'SELECT version FROM amas_schema_migrations ORDER BY version');
    expect(rows.map((r) => r.version)).toEqual(PG_MIGRATIONS.map((m) => m.version));
    const again = await openPgStore(db.url);
    expect(again.warnings).toEqual([]);
    await again.close();
  });

  it('refuses a database whose schema is newer than this amas', async () => {
    const other = await freshDatabase();
    try {
      await (await openPgStore(other.url)).close();
      await sql(other.url, "INSERT INTO amas_schema_migrations VALUES (999, 'future', 0)");
      await expect(openPgStore(other.url)).rejects.toThrow(/schema version 999, newer than this amas knows/);
    } finally {
      await other.drop();
    }
  });
});

describe('connection errors', () => {
  const admin = new URL(pgAdminUrl());

  it('a wrong password names the server, database and user, never the password', async () => {
    const u = new URL(db.url);
    u.password = 'Wrong-Password-4711';
    const err = await openError(u.toString());
    expect(err).toBeInstanceOf(Error);
    expect(err.code).toBe('AMAS_STORE_PG_CONNECT');
    expect(err.message).toContain(`${u.hostname}:${u.port}`);
    expect(err.message).toContain(`database "${db.name}"`);
    expect(err.message).toMatch(/password authentication failed/);
    expect(err.message).not.toContain('Wrong-Password-4711');
    expect(String(err.stack)).not.toContain('Wrong-Password-4711');
  });

  it('a database that does not exist is said so', async () => {
    const u = new URL(db.url);
    u.pathname = '/no_such_database_here';
    await expect(openPgStore(u.toString())).rejects.toThrow(/database "no_such_database_here".*does not exist/);
  });

  it('a port nobody listens on is a refused connection', async () => {
    const u = new URL(admin.toString());
    u.port = '1';
    const err = await openError(u.toString());
    expect(err.message).toMatch(/cannot connect to PostgreSQL at 127\.0\.0\.1:1, .*connection refused/);
    expect(err.message).not.toContain(admin.password);
  });

  it('a statement past the timeout is cancelled', async () => {
    const store = await openPgStore(db.url, { statementTimeoutMs: 200 });
    try {
      // Through the pool the store uses (no store method runs a slow statement on its own).
      const core = (store as unknown as { core: { db: { query(sql: string): Promise<unknown> } } }).core;
      await expect(core.db.query('SELECT pg_sleep(2)')).rejects.toThrow(/statement timeout/);
    } finally {
      await store.close();
    }
  });
});
