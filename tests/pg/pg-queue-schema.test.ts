// Opening a PostgreSQL store applies amas's migrations only: graphile-worker's schema (the work
// queue) is installed by the first batch that hands a task over, once per process, so a command
// that only reads (amas runs, status) does not run the queue's migrations.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPgStore } from '../../src/store/index.ts';
import { freshDatabase, type TestDatabase } from '../support/postgres.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await freshDatabase('amas_qschema');
});
afterAll(async () => {
  await db?.drop();
});

async function queueSchemaExists(): Promise<boolean> {
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  try {
    return (await c.query("SELECT 1 FROM information_schema.schemata WHERE schema_name = 'graphile_worker'")).rowCount === 1;
  } finally {
    await c.end();
  }
}

describe("the work queue's schema", () => {
  it('is not installed by opening a store, and is by the first batch with a task', { timeout: 60_000 }, async () => {
    const store = await openPgStore(db.url);
    try {
      await store.runs.writeJournal({ runs: [{ id: 'r0', workflowId: 'wf', status: 'running', createdAt: 1 }], steps: [], knowledge: [] });
      expect(await queueSchemaExists()).toBe(false);
      await store.runs.writeJournal({
        runs: [{ id: 'r1', workflowId: 'wf', status: 'running', createdAt: 1 }],
        steps: [{ runId: 'r1', stepId: 's', status: 'running', attempt: 1, startedAt: 2 }],
        knowledge: [],
        tasks: [{ runId: 'r1', stepId: 's', attempt: 1, capability: 'c', idempotencyKey: 'k1', idempotent: true, input: {} }],
      });
      expect(await queueSchemaExists()).toBe(true);
    } finally {
      await store.close();
    }
  });
});
