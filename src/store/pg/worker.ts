// The executing side of the work queue: graphile-worker runners whose one task handler runs a
// step task through `execute` (the caller's agent pool) and writes its outcome with the NOTIFY
// in one transaction. The process heartbeats into `workers`, with the id its graphile-worker pool
// locks jobs under; a live worker releases the jobs of one whose heartbeat stopped, so a killed
// worker's task runs again elsewhere within `staleMs` — not after graphile-worker's own 4-hour
// lock expiry.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Runner, Task, WorkerEvents } from 'graphile-worker';
import type pg from 'pg';
import { silentLogger, systemClock, type Clock, type Redactor } from '../../core/index.ts';
import { taskKeyOf, type StepTask, type TaskError, type TaskOutcome } from '../tasks.ts';
import { PgCore } from './core.ts';
import { PgPool } from './pool.ts';
import { CANCEL_CHANNEL, graphileWorker, quietGwLogger, STEP_TASK, writeResult } from './queue.ts';

export interface TaskRunContext {
  /** Aborts at the task's deadline and when the worker is stopped without waiting. */
  signal: AbortSignal;
  /** How many times this task's job has been claimed, this one included (> 1: a worker died holding it). */
  claim: number;
  workerId: string;
}

/** Runs a task: resolves with its output (and usage), or throws — the error becomes the task's result. */
export type TaskExecutor = (task: StepTask, ctx: TaskRunContext) => Promise<{ output: unknown; usage?: unknown }>;

export interface PgWorkerOptions {
  url: string;
  execute: TaskExecutor;
  /** Tasks run at once (default 4). */
  concurrency?: number;
  /** Heartbeat period (default 2 s). */
  heartbeatMs?: number;
  /** A worker whose heartbeat is older is taken for dead and its jobs released (default 15 s). */
  staleMs?: number;
  /** How often an idle slot looks for jobs when no notification came (default 2 s). */
  pollMs?: number;
  redactor?: Redactor;
  clock?: Clock;
  /** Fixed id (tests); default `w-<host>-<pid>-<random>`. */
  id?: string;
}

export interface WorkerCounters {
  inFlight: number;
  completed: number;
  failed: number;
}

function errorOf(e: unknown): TaskError {
  const err = e as { code?: unknown; message?: unknown; name?: unknown; retryAfterMs?: unknown };
  const message = typeof err?.message === 'string' ? err.message : String(e);
  const out: TaskError = typeof err?.code === 'string' ? { code: err.code, message } : typeof err?.name === 'string' && err.name === 'AbortError' ? { code: 'ABORTED', message } : { message };
  // The waiting engine's retry policy reads these: matched by name, like the engine's classify.
  if (out.code === undefined && err?.name === 'NonRetriableError') out.code = 'NON_RETRIABLE';
  if (typeof err?.retryAfterMs === 'number') out.retryAfterMs = err.retryAfterMs;
  return out;
}

/** Connections for a worker's slots at most: hundreds of slots must not take a server's max_connections. */
const MAX_SLOT_CONNECTIONS = 16;

/** Jobs one look for work takes at most (graphile-worker's local queue). */
const LOCAL_QUEUE_MAX = 4;
/** How long a job taken ahead of a free slot waits here before it goes back to the queue. */
const LOCAL_QUEUE_TTL_MS = 1000;
/**
 * How long a finished job waits for others to share the statement that deletes it. Nothing waits
 * on that deletion: the task's result (written and announced by the handler) is what the run
 * waits for, and the slot takes its next job at once. A job deleted late is only a row kept a
 * little longer; one never deleted (the worker died first) is caught by the result check of its
 * next claim (`handler`). A stop with `wait` waits this long at most for the last batch.
 */
const COMPLETE_BATCH_MS = 100;

export class PgQueueWorker {
  readonly id: string;
  readonly counters: WorkerCounters = { inFlight: 0, completed: 0, failed: 0 };
  private readonly core: PgCore;
  private runner: Runner | undefined;
  /** The ids graphile-worker locks this worker's jobs under (its pool's id). */
  private readonly lockIds: string[] = [];
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private beating: Promise<void> = Promise.resolve();
  private readonly stopping = new AbortController();
  /** The tasks running here, by key: a cancel notification aborts one (PgStore.cancelTask). */
  private readonly running = new Map<string, AbortController>();

  private constructor(
    private readonly opts: PgWorkerOptions,
    pool: PgPool,
  ) {
    const clock = opts.clock ?? systemClock;
    this.core = new PgCore(pool, clock, silentLogger, opts.redactor);
    this.id = opts.id ?? `w-${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  }

  /** Registers the worker and starts its slots (the schema must exist: open a PgStore first). */
  static async start(opts: PgWorkerOptions): Promise<PgQueueWorker> {
    // A slot holds a connection only to claim, complete or report a task, never while it runs.
    const connections = Math.min(opts.concurrency ?? 4, MAX_SLOT_CONNECTIONS) + 4;
    const w = new PgQueueWorker(opts, await PgPool.create(opts.url, { max: connections, applicationName: 'amas worker' }));
    try {
      await w.register();
      const events: WorkerEvents = new EventEmitter();
      // graphile-worker 0.17 locks a pool's jobs under the pool's random id; it is known once the pool exists.
      events.on('pool:create', ({ workerPool }) => void w.lockIds.push(workerPool.id));
      // Cancels come on graphile-worker's own listening connection (and again on each new one it
      // makes after an error): every NOTIFY in the database wakes each listening backend, so a
      // second listening connection per worker cost PostgreSQL a wake-up per handed-off step and
      // per result — 0.14 ms of its CPU per task per worker, measured (bench/worker-cpu.ts).
      events.on('pool:listen:success', ({ client }) => w.listenForCancels(client));
      events.on('pool:listen:release', ({ client }) => w.unlistenCancels(client));
      const gw = await graphileWorker();
      w.runner = await gw.run({
        pgPool: w.core.db.pool,
        concurrency: opts.concurrency ?? 4,
        noHandleSignals: true,
        pollInterval: opts.pollMs ?? 2000,
        logger: await quietGwLogger(),
        events,
        taskList: { [STEP_TASK]: w.handler },
        preset: {
          worker: {
            // Completions share one statement per COMPLETE_BATCH_MS. A look for work takes up
            // to LOCAL_QUEUE_MAX jobs in one query; the ones no slot is free for wait here, locked
            // under the pool's id (released with a dead worker's, see `beat`), and go back to
            // the queue after LOCAL_QUEUE_TTL_MS — never long behind a slot busy with a
            // minutes-long tool call while another worker idles.
            completeJobBatchDelay: COMPLETE_BATCH_MS,
            localQueue: { size: Math.min(opts.concurrency ?? 4, LOCAL_QUEUE_MAX), ttl: LOCAL_QUEUE_TTL_MS },
          },
        },
      });
      await w.core.db.query('UPDATE workers SET slot_ids = $2 WHERE id = $1', [w.id, w.lockIds]);
      w.heartbeat = setInterval(() => void w.beat(), opts.heartbeatMs ?? 2000);
      w.heartbeat.unref?.();
      return w;
    } catch (e) {
      await w.stop({ wait: false }).catch(() => undefined);
      throw e;
    }
  }

  /** When this worker first registered (kept when it registers again). */
  private startedAt: number | undefined;

  private async register(): Promise<void> {
    const now = this.core.clock.now();
    const startedAt = (this.startedAt ??= now);
    const c = this.counters;
    await this.core.write((tx) =>
      tx.run(
        `INSERT INTO workers (id, host, pid, concurrency, slot_ids, started_at, heartbeat_at, in_flight, completed, failed) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at, slot_ids = excluded.slot_ids`,
        [this.id, hostname(), process.pid, this.opts.concurrency ?? 4, this.lockIds, startedAt, now, c.inFlight, c.completed, c.failed],
      ),
    );
  }

  private readonly handler: Task = async (payload, helpers) => {
    const task = payload as StepTask;
    const now = (): number => this.core.clock.now();
    const claim = helpers.job.attempts;
    const key = taskKeyOf(task);
    // A result may be there already when the job was claimed before (the worker died after
    // writing it, before the job completed) or the task was handed over again by a resumed run:
    // the job is done, nothing runs again. A first claim of a first handover cannot have one.
    // A non-idempotent task claimed before is in doubt only if it started: a job can be claimed
    // into a worker's local queue and that worker die before a slot took it.
    let startedBefore = false;
    if (claim > 1 || task.resumed === true) {
      const [found] = await this.core.db
        .query<{ done: boolean; started: boolean }>('SELECT EXISTS (SELECT 1 FROM task_results WHERE task_key = $1) AS done, EXISTS (SELECT 1 FROM task_starts WHERE task_key = $1) AS started', [key])
        .then((r) => r.rows);
      if (found?.done) return;
      startedBefore = found?.started === true;
    }
    if (!task.idempotent && !startedBefore) {
      await this.core.db.query('INSERT INTO task_starts (task_key, worker_id, started_at) VALUES ($1, $2, $3) ON CONFLICT (task_key) DO NOTHING', [key, this.id, now()]);
    }
    let outcome: TaskOutcome;
    this.counters.inFlight++;
    try {
      if (startedBefore && !task.idempotent) {
        // Its worker died mid-task: the step may have had its effect; not idempotent, so not again.
        outcome = { status: 'in_doubt', error: { code: 'IN_DOUBT', message: `the worker running step "${task.stepId}" stopped mid-task and the step is not idempotent` } };
      } else {
        outcome = await this.executeTask(task, claim, helpers.abortSignal);
      }
    } finally {
      this.counters.inFlight--;
    }
    // Stopped without waiting: no result; the job fails back to the queue for another worker.
    if (this.stopping.signal.aborted) throw new Error('the worker stopped before the task finished');
    if (outcome.status === 'ok') this.counters.completed++;
    else this.counters.failed++;
    await writeResult(this.core.db, <T>(v: T) => this.core.mask(v), task, outcome, this.id, now());
  };

  private readonly onCancel = (n: pg.Notification): void => {
    if (n.channel !== CANCEL_CHANNEL || !n.payload) return;
    this.running.get(n.payload)?.abort(Object.assign(new Error('the run no longer wants this task (cancelled, out of budget, or a sibling item failed)'), { code: 'CANCELLED' }));
  };

  /**
   * Listens for cancels on `client`, graphile-worker's listening connection. Its LISTEN is queued
   * before anything else runs on it; a failure means the connection failed, and graphile-worker
   * replaces it (then calls this again). A cancel sent while no connection listens is missed:
   * that task runs to its deadline (best effort, docs/scale-out.md).
   */
  private listenForCancels(client: pg.PoolClient): void {
    client.on('notification', this.onCancel);
    client.query(`LISTEN ${CANCEL_CHANNEL}`).catch(() => undefined);
  }

  /** graphile-worker gives its listening connection up: ours goes with it (UNLISTEN runs before its own). */
  private unlistenCancels(client: pg.PoolClient): void {
    client.removeListener('notification', this.onCancel);
    client.query(`UNLISTEN ${CANCEL_CHANNEL}`).catch(() => undefined);
  }

  /** The long-lived signals `follow` already listens to. */
  private readonly followed = new WeakSet<AbortSignal>();
  /** Every running task's controller (a Set: two tasks with one key must both stop). */
  private readonly live = new Set<AbortController>();

  /**
   * Aborts every running task when `source` aborts (this worker stopping without waiting,
   * graphile-worker's pool stopping its jobs): one listener per source for all tasks. Not
   * `AbortSignal.any([task, stopping, pool])` per task: on Node 20 each call leaves an entry in
   * every source's set of dependants that is never removed, so a worker's heap — and the garbage
   * collector's work — grew with every task it had ever run.
   */
  private follow(source: AbortSignal): void {
    if (this.followed.has(source)) return;
    this.followed.add(source);
    const abortAll = (): void => {
      for (const ac of this.live) ac.abort(source.reason);
    };
    source.addEventListener('abort', abortAll, { once: true });
  }

  private async executeTask(task: StepTask, claim: number, poolSignal: AbortSignal | undefined): Promise<TaskOutcome> {
    const ac = new AbortController();
    const key = taskKeyOf(task);
    this.running.set(key, ac);
    this.live.add(ac);
    for (const source of poolSignal ? [this.stopping.signal, poolSignal] : [this.stopping.signal]) {
      this.follow(source);
      if (source.aborted) ac.abort(source.reason);
    }
    const signal = ac.signal;
    let timer: ReturnType<typeof setTimeout> | undefined;
    if (task.deadline !== undefined) {
      const ms = Math.max(0, task.deadline - this.core.clock.now());
      timer = setTimeout(() => ac.abort(Object.assign(new Error(`step "${task.stepId}" timed out`), { code: 'TIMEOUT' })), ms);
    }
    try {
      const r = await this.opts.execute(task, { signal, claim, workerId: this.id });
      return { status: 'ok', output: r.output, ...(r.usage === undefined ? {} : { usage: r.usage }) };
    } catch (e) {
      const reason = signal.aborted ? (signal.reason as unknown) : e;
      return { status: 'error', error: errorOf(reason) };
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      this.live.delete(ac);
      if (this.running.get(key) === ac) this.running.delete(key);
    }
  }

  /** Writes this worker's heartbeat and counters, and releases the jobs of workers taken for dead. */
  beat(): Promise<void> {
    this.beating = this.beating.then(async () => {
      const now = this.core.clock.now();
      const c = this.counters;
      const beat = await this.core.db.query('UPDATE workers SET heartbeat_at = $2, in_flight = $3, completed = $4, failed = $5 WHERE id = $1', [this.id, now, c.inFlight, c.completed, c.failed]);
      // Its row is gone: this process stalled (paused, frozen, cut off from the database) past
      // `staleMs` and another worker took it for dead. It is alive: register again, or status,
      // /metrics and health would never show it again and the others would keep releasing the
      // jobs it runs as locked by nobody.
      if (beat.rowCount === 0 && !this.stopping.signal.aborted && this.heartbeat !== undefined) await this.register();
      await this.core.write(async (tx) => {
        // One live worker releases a dead one's jobs: the row lock makes the others skip it.
        const dead = await tx.rows<{ id: string; slot_ids: string[] }>('SELECT id, slot_ids FROM workers WHERE heartbeat_at < $1 AND id <> $2 FOR UPDATE SKIP LOCKED', [now - (this.opts.staleMs ?? 15_000), this.id]);
        for (const d of dead) {
          await tx.rows('SELECT graphile_worker.force_unlock_workers($1::text[])', [d.slot_ids]);
          await tx.run('DELETE FROM workers WHERE id = $1', [d.id]);
        }
        // Jobs locked for longer by an id no live worker records: a worker that died between
        // claiming a job and recording its pool id, or whose row was removed by hand.
        await tx.rows(
          `SELECT graphile_worker.force_unlock_workers(array_agg(DISTINCT locked_by)) FROM graphile_worker.jobs
           WHERE task_identifier = $1 AND locked_by IS NOT NULL AND locked_at < to_timestamp($2 / 1000.0)
             AND NOT locked_by = ANY(COALESCE((SELECT array_agg(s) FROM workers, unnest(slot_ids) s), '{}'))
           HAVING count(*) > 0`,
          [STEP_TASK, now - (this.opts.staleMs ?? 15_000)],
        );
      });
    }).catch(() => undefined);
    return this.beating;
  }

  /**
   * Stops taking jobs. `wait: true` (SIGTERM) lets running tasks finish and write their results;
   * `wait: false` aborts them and releases their jobs at once, for another worker to run.
   */
  stop(opts: { wait: boolean } = { wait: true }): Promise<void> {
    // A second stop while the first runs only cuts it short (SIGTERM, then SIGINT): one shutdown.
    if (!opts.wait) this.stopping.abort(new Error('the worker is stopping'));
    this.stopped ??= this.shutdown(opts);
    return this.stopped;
  }

  private stopped: Promise<void> | undefined;

  private async shutdown(opts: { wait: boolean }): Promise<void> {
    if (this.heartbeat !== undefined) clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    if (!opts.wait) this.stopping.abort(new Error('the worker is stopping'));
    await this.runner?.stop().catch(() => undefined);
    await this.beating;
    await this.core.db.query('DELETE FROM workers WHERE id = $1', [this.id]).catch(() => undefined);
    await this.core.db.close();
  }
}
