// One PostgreSQL server for every test file of the `pg` project (tests/pg/): started before
// the first file, stopped after the last. Each file creates its own database on it
// (tests/support/postgres.ts), so files run in parallel without seeing each other's rows.
import type { TestProject } from 'vitest/node';
import { startPostgres } from '../../scripts/postgres-dev.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startPostgres();
  project.provide('pgAdminUrl', server.url);
  return () => server.stop();
}
