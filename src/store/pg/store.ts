// A store on PostgreSQL: the StoreBackend contract (src/store/backend.ts) over a connection pool.
import { silentLogger, systemClock, type Clock, type Logger, type Redactor } from '../../core/index.ts';
import type { StoreBackend } from '../backend.ts';
import { PgCore } from './core.ts';
import { PgKnowledge } from './knowledge.ts';
import { migratePg } from './migrations.ts';
import { PgPool, type PgPoolOptions } from './pool.ts';
import { PgAgentTurns, PgEvents, PgMetrics, PgTriggers } from './records.ts';
import { PgApprovals } from './approvals.ts';
import { PgRuns, PgRunSpecs } from './runs.ts';
import { CANCEL_CHANNEL, installQueueSchema, PgTaskResults } from './queue.ts';
import { PgDrivers } from './drivers.ts';
import { PgQueueWorker, type PgWorkerOptions } from './worker.ts';
import { PgWorkers } from './workers.ts';

export interface PgStoreOptions extends PgPoolOptions {
  clock?: Clock;
  logger?: Logger;
  /** The project's secrets, masked inside every value written. */
  redactor?: Redactor;
  /** How often waiting for a task result re-reads the table when no notification came (default 2 s). */
  resultPollMs?: number;
}

/** The advisory lock the work queue's schema is installed under ("amaq"). */
const QUEUE_SCHEMA_LOCK = 0x616d6171;

export class PgStore implements StoreBackend {
  readonly kind = 'postgres' as const;
  readonly readOnly = false;
  readonly fence = undefined;
  readonly runs: PgRuns;
  readonly runSpecs: PgRunSpecs;
  readonly knowledge: PgKnowledge;
  readonly events: PgEvents;
  readonly metrics: PgMetrics;
  readonly triggers: PgTriggers;
  readonly agentTurns: PgAgentTurns;
  readonly approvals: PgApprovals;
  readonly workers: PgWorkers;
  /** Outcomes of step tasks run by workers, and waiting for one. */
  readonly taskResults: PgTaskResults;
  /** The processes driving runs, and which runs each drives (adoption by the leader). */
  readonly drivers: PgDrivers;
  private queueInstalled: Promise<void> | undefined;

  private constructor(
    private readonly core: PgCore,
    /** The connection URL (with its password): workers started from this store connect with it. */
    private readonly url: string,
    /** Migrations applied when this store was opened. */
    readonly warnings: readonly string[],
    opts: PgStoreOptions,
  ) {
    this.runSpecs = new PgRunSpecs(core);
    this.knowledge = new PgKnowledge(core);
    this.runs = new PgRuns(core, this.runSpecs, this.knowledge);
    this.events = new PgEvents(core);
    this.metrics = new PgMetrics(core);
    this.triggers = new PgTriggers(core);
    this.agentTurns = new PgAgentTurns(core);
    this.approvals = new PgApprovals(core);
    this.workers = new PgWorkers(core);
    this.taskResults = new PgTaskResults(core, opts.resultPollMs);
    this.drivers = new PgDrivers(core);
    core.queueSchema = () => this.ensureQueue();
  }

  /**
   * Installs graphile-worker's schema (the work queue) unless this process already did: only a
   * process that hands tasks over or runs them needs it, so opening a store stays one migration
   * check. One process at a time installs it, under an advisory lock.
   */
  ensureQueue(): Promise<void> {
    this.queueInstalled ??= (async () => {
      const client = await this.core.db.connect();
      try {
        await client.query('SELECT pg_advisory_lock($1)', [QUEUE_SCHEMA_LOCK]);
        try {
          await installQueueSchema(this.core.db);
        } finally {
          await client.query('SELECT pg_advisory_unlock($1)', [QUEUE_SCHEMA_LOCK]);
        }
      } finally {
        client.release();
      }
    })().catch((e: unknown) => {
      this.queueInstalled = undefined;
      throw e;
    });
    return this.queueInstalled;
  }

  /** Connects (a bad URL, refused connection or failed login is `AMAS_STORE_PG_CONNECT` at once) and applies missing migrations. */
  static async open(url: string, opts: PgStoreOptions = {}): Promise<PgStore> {
    const db = await PgPool.create(url, opts);
    const clock = opts.clock ?? systemClock;
    try {
      const client = await db.connect();
      try {
        const applied = await migratePg(client, clock.now());
        const core = new PgCore(db, clock, opts.logger ?? silentLogger, opts.redactor);
        return new PgStore(core, url, applied.length > 0 ? [`PostgreSQL schema: applied ${applied.join(', ')}`] : [], opts);
      } finally {
        client.release();
      }
    } catch (e) {
      await db.close().catch(() => undefined);
      throw e;
    }
  }

  /** Where this store is, without the password (status output). */
  get where(): string {
    const t = this.core.db.target;
    return `postgres://${t.user}@${t.host}:${t.port}/${t.database}`;
  }

  /**
   * Whether the task keyed `taskKey` (taskKeyOf) was handed off: its job is queued or running, or
   * its result is written. A resumed run re-attaches to such a task instead of running it again.
   */
  async taskHandedOff(taskKey: string): Promise<boolean> {
    await this.ensureQueue();
    const [r] = await this.core.rows<{ found: boolean }>(
      'SELECT EXISTS (SELECT 1 FROM task_results WHERE task_key = $1) OR EXISTS (SELECT 1 FROM graphile_worker.jobs WHERE key = $1) AS found',
      [taskKey],
    );
    return r?.found === true;
  }

  /**
   * The run no longer wants the task keyed `taskKey` (cancelled, out of budget, a sibling item
   * failed): its job leaves the queue if no worker holds it, and the worker running it is told
   * to abort it. Best effort — a worker that misses the word runs the task to its deadline.
   */
  async cancelTask(taskKey: string): Promise<void> {
    await this.ensureQueue();
    await this.core.db.query('SELECT graphile_worker.remove_job($1), pg_notify($2, $1)', [taskKey, CANCEL_CHANNEL]);
  }

  /** Starts a queue worker on this store's database, masking with this store's secrets. */
  async startWorker(opts: Omit<PgWorkerOptions, 'url' | 'redactor' | 'clock'>): Promise<PgQueueWorker> {
    await this.ensureQueue();
    return PgQueueWorker.start({ ...opts, url: this.url, clock: this.core.clock, ...(this.core.redactor ? { redactor: this.core.redactor } : {}) });
  }

  sync(): Promise<void> {
    return this.core.sync();
  }

  async close(): Promise<void> {
    await this.taskResults.close();
    await this.core.sync().catch(() => undefined);
    await this.core.db.close();
  }
}

export function openPgStore(url: string, opts?: PgStoreOptions): Promise<PgStore> {
  return PgStore.open(url, opts);
}
