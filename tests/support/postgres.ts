// A fresh PostgreSQL database for one test file, on the server the `pg` project's global setup
// started (or AMAS_TEST_PG_URL's). Call inside a file of tests/pg/: `const db = await freshDatabase()`
// in beforeAll, `await db.drop()` in afterAll.
import { inject } from 'vitest';
import { createDatabase } from '../../scripts/postgres-dev.mjs';

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

export function pgAdminUrl(): string {
  const url = inject('pgAdminUrl');
  if (!url) throw new Error('no PostgreSQL for this test: run it in the `pg` project (tests/pg/)');
  return url;
}

export async function freshDatabase(prefix = 'amas_test'): Promise<TestDatabase> {
  return createDatabase(pgAdminUrl(), prefix);
}
