/**
 * The store as every consumer outside src/store sees it: one asynchronous contract that the
 * embedded store (sql.js in memory, journal and checkpoints on disk) and a PostgreSQL store both
 * implement. Reads return Promises because a server answers asynchronously; the embedded backend
 * answers from memory and resolves at once.
 *
 * Each repository has the public query and write methods of the embedded store's classes
 * (runs.ts, knowledge.ts, events.ts, metrics.ts, triggers.ts, run-specs.ts, agent-turns.ts,
 * approvals.ts) with the same names, parameters and results, returning Promises. The methods
 * that took a sql.js transaction (`putRun`, `putStep`, `putEvent`, `putTrigger`, `insert`,
 * `putTurn`, `putCall`, `putAnswer`, `runSpecs.put`) are not part of it: the writes that must
 * share one transaction are methods of their own (`runs.writeJournal`, `events.appendMany`).
 *
 * Embedded-only (on `Store` and the functions of index.ts, never through this contract): backup
 * (`createBackup`, `store.snapshot`), restore and verify (`restoreBackup`, `verifyBackup`),
 * `checkpoint`, the journal's recovery report, and `importJsonl` into the file store. A
 * PostgreSQL store is backed up, restored and checked with PostgreSQL's own tools.
 */
import type { WorkerRow, WorkflowSpec } from '../core/index.ts';
import type { AgentCallRecord, AgentTurnRecord } from './agent-turns.ts';
import type { ApprovalAnswerRow, ApprovalRequestRow, ApprovalRow } from './approvals.ts';
import type { EventRecord } from './events.ts';
import type { FenceState } from './fence.ts';
import type { KnowledgeEntry, KnowledgeInput, RemoveQuery, RetrieveQuery, SearchHit, SearchQuery, ShareInput, StoreResult } from './knowledge.ts';
import type { MetricSample } from './metrics.ts';
import type { RunInput, RunRecord, StepInput, StepRecord } from './runs.ts';
import type { StepTask } from './tasks.ts';
import type { TriggerState } from './triggers.ts';
import type { WriteOptions } from './types.ts';

export type { WriteOptions } from './types.ts';

/**
 * A step as the engine journals it (the engine's StepRow has this shape, so its live rows are
 * passed as they are, without a copy per step): `reason` is a skipped step's reason, stored as
 * its error `{ kind: 'skipped', message }`; the step's input is not kept.
 */
export interface JournalStep {
  runId: string;
  stepId: string;
  status: string;
  attempt: number;
  agent?: string | undefined;
  output?: unknown;
  error?: unknown;
  reason?: string | undefined;
  startedAt?: number | undefined;
  endedAt?: number | undefined;
}

/** A run as the engine journals it, with the spec to pin under its `specHash` when the run is new. */
export type JournalRun = RunInput & { spec?: WorkflowSpec | undefined };

/** What one engine journal write holds: all of it is applied in one transaction (and one journal record). */
export interface JournalWrite {
  runs: readonly JournalRun[];
  steps: readonly JournalStep[];
  turns?: readonly AgentTurnRecord[] | undefined;
  calls?: readonly AgentCallRecord[] | undefined;
  /** Bookkeeping entries (task_execution, workflow_execution): deduplicated like `knowledge.store`. */
  knowledge: readonly KnowledgeInput[];
  /**
   * Step tasks handed to workers in the same transaction (PostgreSQL only: the embedded store has
   * no workers and refuses a batch with tasks). A task whose key is already queued or running is
   * not added again.
   */
  tasks?: readonly StepTask[] | undefined;
}

export interface RunRepository {
  /** Inserts or replaces a run (created_at is kept from the first write). */
  upsert(run: RunInput, opts?: WriteOptions): Promise<void>;
  upsertStep(step: StepInput, opts?: WriteOptions): Promise<void>;
  /**
   * The engine journal's write: runs (pinning new specs), steps, agent-loop turns and calls and
   * bookkeeping knowledge, in one transaction. The rows are read before this returns (the engine
   * passes its live objects); the promise resolves once durable (at once with `durable: false`).
   */
  writeJournal(batch: JournalWrite, opts?: WriteOptions): Promise<void>;
  get(id: string): Promise<RunRecord | undefined>;
  /** Newest first; runs created in the same millisecond in reverse order of insertion. */
  list(q?: { workflowId?: string; status?: string | string[]; limit?: number }): Promise<RunRecord[]>;
  /** The child runs of a run (started by its `workflow:` steps), oldest first. */
  children(runId: string): Promise<RunRecord[]>;
  steps(runId: string): Promise<StepRecord[]>;
  step(runId: string, stepId: string): Promise<StepRecord | undefined>;
  /** Whether a run started by the cron fire `fireId` exists (a restart must not start it again). */
  hasRunOfFire(fireId: string): Promise<boolean>;
  /** Deletes runs that ended before `before` (with their steps, conversations, approvals and unreferenced pinned specs); resolves with how many runs. */
  prune(before: number, opts?: WriteOptions): Promise<number>;
}

export interface RunSpecRepository {
  /** The spec pinned under `hash`, or undefined when the store does not hold it. */
  get(hash: string): Promise<WorkflowSpec | undefined>;
}

export interface KnowledgeRepository {
  /** Stores an entry unless identical content is already live in its category. */
  store(input: KnowledgeInput, opts?: WriteOptions): Promise<StoreResult>;
  /** One agent hands content to another: it lands under `shared_<category>` for the receiver. */
  share(input: ShareInput, opts?: WriteOptions): Promise<StoreResult>;
  /** An entry by id, unless it has expired. */
  get(id: string): Promise<KnowledgeEntry | undefined>;
  /** Live entries, newest first. */
  retrieve(q?: RetrieveQuery): Promise<KnowledgeEntry[]>;
  count(q?: Omit<RetrieveQuery, 'limit'>): Promise<number>;
  /** Entries created after `since` (expired or not): the monitor's write rate. */
  countCreatedSince(since: number): Promise<number>;
  /** Full-text search over content, best first; every word must occur, `word*` matches a prefix. */
  search(text: string, q?: SearchQuery): Promise<SearchHit[]>;
  /** Deletes expired entries; resolves with how many. */
  prune(opts?: WriteOptions): Promise<number>;
  /** Deletes the entries a query selects (refused when it selects nothing in particular). */
  remove(q: RemoveQuery, opts?: WriteOptions): Promise<number>;
  /** Deletes bookkeeping entries created before `before`. */
  pruneBookkeeping(before: number, opts?: WriteOptions): Promise<number>;
  delete(id: string, opts?: WriteOptions): Promise<boolean>;
  /** Every live entry, oldest first, read in pages (for export). */
  entries(pageSize?: number): AsyncIterable<KnowledgeEntry>;
}

export interface EventRepository {
  append(e: EventRecord, opts?: WriteOptions): Promise<void>;
  /** Several events in one transaction (the bus persister's batch of one turn of the event loop). */
  appendMany(events: readonly EventRecord[], opts?: WriteOptions): Promise<void>;
  /** Newest first. */
  list(q?: { type?: string; since?: number; limit?: number }): Promise<EventRecord[]>;
  prune(before: number, opts?: WriteOptions): Promise<number>;
}

export interface MetricRepository {
  record(samples: MetricSample | MetricSample[], opts?: WriteOptions): Promise<void>;
  /** Samples of one metric in [since, until], oldest first. */
  query(name: string, q?: { since?: number; until?: number }): Promise<Required<MetricSample>[]>;
  prune(before: number, opts?: WriteOptions): Promise<number>;
}

export type TriggerPut = Pick<TriggerState, 'workflowId' | 'triggerKey'> & Partial<Omit<TriggerState, 'workflowId' | 'triggerKey' | 'updatedAt'>>;

export interface TriggerRepository {
  get(workflowId: string, triggerKey: string): Promise<TriggerState | undefined>;
  list(workflowId?: string): Promise<TriggerState[]>;
  /** Merges the given fields into the trigger's state (fields left out keep their value). */
  put(s: TriggerPut, opts?: WriteOptions): Promise<void>;
  /** Remembers a fire: `at` is the scheduled time (not the wall time), so catch-up stays exact. */
  recordFire(workflowId: string, triggerKey: string, at: number, outcome: string, opts?: WriteOptions): Promise<void>;
  setPaused(workflowId: string, paused: boolean, opts?: WriteOptions): Promise<void>;
  isPaused(workflowId: string): Promise<boolean>;
}

export interface AgentTurnRepository {
  /** The turns and calls of a run — of one loop when `loop` is given — in conversation order. */
  conversation(runId: string, loop?: string): Promise<{ turns: AgentTurnRecord[]; calls: AgentCallRecord[] }>;
}

export interface ApprovalRepository {
  get(runId: string, stepId: string, callId?: string): Promise<ApprovalRow | undefined>;
  /** Every request of a run, in the order they were made. */
  ofRun(runId: string): Promise<ApprovalRow[]>;
  /** Unanswered requests of runs that have not ended, oldest first. */
  pending(): Promise<ApprovalRow[]>;
  /** Records a request unless (run, step, call) has one; resolves (durably) with the stored row. */
  request(r: ApprovalRequestRow): Promise<ApprovalRow>;
  /** Takes the answer if the request has none yet, atomically: `taken` false means an earlier answer stands (`row`). */
  answer(runId: string, stepId: string, callId: string, a: ApprovalAnswerRow): Promise<{ taken: boolean; row: ApprovalRow | undefined }>;
}

/** A queue worker as it last heartbeated (the row views read: src/core/workers.ts). */
export type WorkerInfo = WorkerRow;

export interface WorkerRepository {
  /**
   * The workers registered on the store's queue, oldest first. A worker removes its row when it
   * stops; a live worker removes the row of one whose heartbeat stopped (src/store/pg/worker.ts).
   * The embedded store has no queue and lists none.
   */
  list(): Promise<WorkerInfo[]>;
}

export interface StoreBackend {
  readonly kind: 'embedded' | 'postgres';
  /** Writes are refused (a read-only embedded open beside a running writer). */
  readonly readOnly: boolean;
  /** Set while writes are refused after an I/O error (embedded); undefined when writes are accepted. */
  readonly fence: FenceState | undefined;
  /** What opening found and repaired (the embedded store's recovery), for the CLI to print. */
  readonly warnings: readonly string[];
  readonly runs: RunRepository;
  readonly runSpecs: RunSpecRepository;
  readonly knowledge: KnowledgeRepository;
  readonly events: EventRepository;
  readonly metrics: MetricRepository;
  readonly triggers: TriggerRepository;
  readonly agentTurns: AgentTurnRepository;
  readonly approvals: ApprovalRepository;
  readonly workers: WorkerRepository;
  /** Resolves when every change made so far is durable. */
  sync(): Promise<void>;
  close(): Promise<void>;
}
