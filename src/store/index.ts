/** The durable store: sql.js in memory, a checksummed journal and atomic checkpoints on disk. See README.md. */
export { openStore } from './open.ts';
export { Store, type StoreOptions } from './store.ts';
export type { FenceState } from './fence.ts';
export type { Reader, Tx, WriteOptions, StoreCore } from './types.ts';
export type { WriteOp } from './frame.ts';
export type { Param, Row } from './sqlite.ts';
export type { RecoveryReport } from './recovery.ts';
export type { CheckpointInfo } from './checkpoint.ts';
export {
  BOOKKEEPING_CATEGORIES,
  KnowledgeStore,
  type RemoveQuery,
  type KnowledgeEntry,
  type KnowledgeInput,
  type StoreResult,
  type RetrieveQuery,
  type SearchQuery,
  type SearchHit,
  type ShareInput,
} from './knowledge.ts';
export { RunSpecStore } from './run-specs.ts';
export { AgentTurnStore, type AgentTurnRecord, type AgentCallRecord } from './agent-turns.ts';
export { ApprovalStore, type ApprovalRow, type ApprovalRequestRow, type ApprovalAnswerRow } from './approvals.ts';
export { RunStore, type RunRecord, type RunInput, type StepRecord, type StepInput } from './runs.ts';
export { EventStore, type EventRecord } from './events.ts';
export { MetricStore, type MetricSample } from './metrics.ts';
export { TriggerStore, type TriggerState } from './triggers.ts';
export { contentHash } from './canonical.ts';
export { liveHolder, type LockHolder } from './lock.ts';
export { projectStorePath, DEFAULT_STORE_PATH } from './project.ts';
export {
  importJsonl,
  entryToJsonl,
  jsonlToInput,
  jsonlEntries,
  checkJsonl,
  timeOut,
  ImportStoppedError,
  MAX_JSONL_LINE_BYTES,
  type ImportResult,
  type JsonlProblem,
} from './jsonl.ts';
export { createBackup, type BackupManifest, type BackupResult } from './backup.ts';
export { restoreBackup, verifyBackup, DEFAULT_RESTORE_MAX_BYTES, type RestoreResult } from './restore.ts';
export type {
  StoreBackend,
  RunRepository,
  RunSpecRepository,
  KnowledgeRepository,
  EventRepository,
  MetricRepository,
  TriggerRepository,
  TriggerPut,
  AgentTurnRepository,
  ApprovalRepository,
  WorkerInfo,
  WorkerRepository,
  JournalWrite,
  JournalRun,
  JournalStep,
} from './backend.ts';
export { EmbeddedBackend, embeddedBackend } from './embedded.ts';
export { openBackend } from './open-backend.ts';
export { PgLeaderLock, type LeaderLockOptions, PgQueueWorker, PgTaskResults, type PgWorkerOptions, type TaskExecutor, type TaskRunContext, type WorkerCounters } from './pg/index.ts';
export { taskKeyOf, type StepTask, type TaskError, type TaskOutcome, type TaskResult, type TaskUsage } from './tasks.ts';
export { openPgStore, PgStore, PgConnectError, describePgUrl, isPostgresUrl, parsePgUrl, PG_MIGRATIONS, copyEmbeddedToPg, type PgStoreOptions, type PgTarget, type CopyProgress } from './pg/index.ts';
export { PgDrivers, type DriverProcess, type DriverRole, type OrphanRun } from './pg/index.ts';
