import { afterAll, beforeAll, expect, it } from 'vitest';
import pg from 'pg';
import { freshDatabase, type TestDatabase } from '../support/postgres.ts';
let db: TestDatabase;
beforeAll(async () => { db = await freshDatabase(); });
afterAll(async () => { await db.drop(); });
it('connects', async () => {
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  const r = await c.query('select current_database() as d');
  await c.end();
  expect(r.rows[0].d).toBe(db.name);
});
