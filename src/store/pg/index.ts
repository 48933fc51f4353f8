// The PostgreSQL store (see README.md): reached through src/store/index.ts.
export { openPgStore, PgStore, type PgStoreOptions } from './store.ts';
export { PgConnectError, type PgPoolOptions } from './pool.ts';
export { describePgUrl, isPostgresUrl, parsePgUrl, type PgTarget } from './url.ts';
export { PG_MIGRATIONS } from './migrations.ts';
export { PgTaskResults, RESULT_CHANNEL, STEP_TASK } from './queue.ts';
export { PgQueueWorker, type PgWorkerOptions, type TaskExecutor, type TaskRunContext, type WorkerCounters } from './worker.ts';
export { PgLeaderLock, type LeaderLockOptions } from './leader.ts';
export { copyEmbeddedToPg, type CopyOptions, type CopyProgress } from './copy.ts';
export { PgDrivers, type DriverProcess, type DriverRole, type OrphanRun } from './drivers.ts';
