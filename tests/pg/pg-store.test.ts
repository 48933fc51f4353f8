// The PostgreSQL store (src/store/pg/) against a real server: the shared store contract, each
// test on a database of its own, and two stores on one database standing in for two processes.
import { afterAll } from 'vitest';
import { ManualClock, type Redactor } from '../../src/core/index.ts';
import { openPgStore, PgQueueWorker } from '../../src/store/index.ts';
import { freshDatabase, type TestDatabase } from '../support/postgres.ts';
import { storeContract } from '../support/store-contract.ts';
import { backendContract } from '../unit/store/backend-contract.ts';

const databases: TestDatabase[] = [];
afterAll(async () => {
  for (const db of databases) await db.drop();
});

storeContract('PostgreSQL', async ({ redactor, now }) => {
  const db = await freshDatabase();
  databases.push(db);
  const clock = now ? { now, setTimeout: globalThis.setTimeout, clearTimeout: globalThis.clearTimeout } : undefined;
  const opts = { ...(redactor ? { redactor: redactor as Redactor } : {}), ...(clock ? { clock: clock as never } : {}) };
  const store = await openPgStore(db.url, opts);
  const second = await openPgStore(db.url, opts);
  return {
    store,
    second,
    startWorker: (id, concurrency) =>
      PgQueueWorker.start({
        url: db.url,
        id,
        concurrency,
        execute: () => Promise.reject(new Error('the contract hands over no task')),
      }),
    close: async () => {
      await store.close();
      await second.close();
    },
  };
});

// The async-contract suite the embedded backend runs (tests/unit/store/embedded-backend.test.ts).
backendContract('PostgreSQL', async () => {
  const db = await freshDatabase();
  databases.push(db);
  return openPgStore(db.url, { clock: new ManualClock(Date.UTC(2026, 0, 1)) as never });
});
