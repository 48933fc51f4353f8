// PgCore.statements on a real server (src/store/pg/core.ts): several statements in one round trip
// are one transaction — all or nothing — and a lazy commit's setting ends with it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger, systemClock } from '../../src/core/index.ts';
import { PgCore } from '../../src/store/pg/core.ts';
import { PgPool } from '../../src/store/pg/pool.ts';
import { freshDatabase, type TestDatabase } from '../support/postgres.ts';

let db: TestDatabase;
let core: PgCore;

beforeAll(async () => {
  db = await freshDatabase('amas_stmts');
  // One connection: what a statement leaves on its session, the next one sees.
  core = new PgCore(await PgPool.create(db.url, { max: 1 }), systemClock, silentLogger, undefined);
  await core.db.query('CREATE TABLE t (id TEXT PRIMARY KEY, v INTEGER NOT NULL)');
});
afterAll(async () => {
  await core?.db.close();
  await db?.drop();
});

describe('PgCore.statements', () => {
  it('applies every part and counts the rows each returned', async () => {
    const counts = await core.statements([
      { sql: 'INSERT INTO t (id, v) VALUES ($1, $2), ($3, $4) RETURNING 1', params: ['a', 1, 'b', 2] },
      { sql: 'INSERT INTO t (id, v) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1', params: ['c', 3] },
      { sql: 'SELECT 1 FROM generate_series(1, $1)', params: [4] },
    ]);
    expect(counts).toEqual([2, 1, 4]);
    expect((await core.rows<{ id: string }>('SELECT id FROM t ORDER BY id')).map((r) => r.id)).toEqual(['a', 'b', 'c']);
  });

  it('is all or nothing: a failing part leaves the others unapplied', async () => {
    const bad = core.statements([
      { sql: 'INSERT INTO t (id, v) VALUES ($1, $2) RETURNING 1', params: ['d', 4] },
      { sql: 'INSERT INTO t (id, v) VALUES ($1, $2) RETURNING 1', params: ['e', null] },
    ]);
    await expect(bad).rejects.toThrow(/null value/);
    expect((await core.rows('SELECT 1 FROM t WHERE id = ANY($1::text[])', [['d', 'e']])).length).toBe(0);
    // Later writes go on after a failed one.
    expect(await core.statements([{ sql: 'INSERT INTO t (id, v) VALUES ($1, $2) RETURNING 1', params: ['f', 6] }])).toEqual([1]);
  });

  it('a lazy write commits, and its synchronous_commit does not outlive it on the connection', async () => {
    await core.db.query('SET synchronous_commit = on');
    expect(await core.statements([{ sql: 'INSERT INTO t (id, v) VALUES ($1, $2) RETURNING 1', params: ['g', 7] }], { durable: false })).toEqual([1]);
    expect((await core.rows<{ v: number }>('SELECT v FROM t WHERE id = $1', ['g']))[0]?.v).toBe(7);
    expect((await core.rows<{ synchronous_commit: string }>('SHOW synchronous_commit'))[0]?.synchronous_commit).toBe('on');
  });

  it('keeps the order of writes: a later write of a row wins', async () => {
    const writes = [1, 2, 3, 4, 5].map((v) => core.statements([{ sql: 'INSERT INTO t (id, v) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET v = excluded.v RETURNING 1', params: ['h', v] }]));
    await Promise.all(writes);
    expect((await core.rows<{ v: number }>('SELECT v FROM t WHERE id = $1', ['h']))[0]?.v).toBe(5);
  });
});
