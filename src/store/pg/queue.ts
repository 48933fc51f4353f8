// The work queue of a PostgreSQL store: step tasks are graphile-worker jobs, added with
// `graphile_worker.add_job` inside the same transaction that journals the step as running (see
// `runs.writeJournal` with `tasks`), so the journal and the handoff commit together — no outbox.
// A task's outcome lands in `task_results` (keyed by the step attempt: `taskKeyOf`) with a
// NOTIFY on `amas_task_results`; the waiting process wakes on it, or on a slow poll if the
// notification was missed (its listening connection dropped).
//
// graphile-worker and not pg-boss: pg-boss 10 has no SQL-callable enqueue, so a job could only be
// sent after (or outside) our transaction — a crash in between loses or doubles the handoff.
import type * as GraphileWorker from 'graphile-worker';
import type { Logger as GwLogger } from 'graphile-worker';
import type pg from 'pg';
import { fromJsonColumn, toJsonColumn } from '../json-column.ts';
import type { PgCore, PgStatement } from './core.ts';
import type { PgPool } from './pool.ts';
import { taskKeyOf, type StepTask, type TaskError, type TaskOutcome, type TaskResult } from '../tasks.ts';

export type { StepTask, TaskError, TaskOutcome, TaskResult };

/** graphile-worker's task name for a step task. */
export const STEP_TASK = 'amas_step';
/** The channel a result's idempotency key is announced on. */
export const RESULT_CHANNEL = 'amas_task_results';
/** The channel the key of a task its run no longer wants is announced on (workers abort it). */
export const CANCEL_CHANNEL = 'amas_task_cancel';

interface ResultRaw {
  task_key: string;
  run_id: string;
  step_id: string;
  attempt: number;
  status: string;
  output: string | null;
  error: string | null;
  usage: string | null;
  worker_id: string | null;
  created_at: number;
}

export function resultOf(r: ResultRaw): TaskResult {
  const base = { taskKey: r.task_key, runId: r.run_id, stepId: r.step_id, attempt: r.attempt, workerId: r.worker_id, createdAt: r.created_at };
  const usage = r.usage === null ? undefined : fromJsonColumn(r.usage);
  const error = (r.error === null ? { message: 'no error recorded' } : fromJsonColumn(r.error)) as TaskError;
  switch (r.status) {
    case 'ok':
      return { ...base, status: 'ok', output: r.output === null ? undefined : fromJsonColumn(r.output), ...(usage === undefined ? {} : { usage }) };
    case 'error':
      return { ...base, status: 'error', error, ...(usage === undefined ? {} : { usage }) };
    default:
      return { ...base, status: 'in_doubt', error };
  }
}

/**
 * The statement adding the job of `task` (it returns one row); a job with the same key (queued or
 * running) is left as it is.
 */
export function stepJobStatement(task: StepTask, maxAttempts: number): PgStatement {
  return {
    sql: "SELECT 1 FROM graphile_worker.add_job($1, $2::json, max_attempts := $3, job_key := $4, job_key_mode := 'unsafe_dedupe')",
    params: [STEP_TASK, JSON.stringify(task), maxAttempts, taskKeyOf(task)],
  };
}

/**
 * graphile-worker, loaded on first use: importing it costs about 0.1 s, which every amas command
 * would pay at start-up while only PostgreSQL stores and workers need it.
 */
export async function graphileWorker(): Promise<typeof GraphileWorker> {
  return import('graphile-worker');
}

/** graphile-worker's output silenced: amas reports what matters itself. */
export async function quietGwLogger(): Promise<GwLogger> {
  const gw = await graphileWorker();
  return new gw.Logger(() => () => {});
}

/** Installs (or upgrades) graphile-worker's own schema; it serializes concurrent installs itself. */
export async function installQueueSchema(db: PgPool): Promise<void> {
  const gw = await graphileWorker();
  await gw.runMigrations({ pgPool: db.pool, logger: await quietGwLogger() });
}

/**
 * A NOTIFY payload is limited to 8000 bytes: a result whose row fits is announced whole (the
 * waiting process reads nothing), a larger one by its key alone (the waiter reads the row).
 */
const PAYLOAD_MAX_BYTES = 7900;

/**
 * Writes an outcome (masked) and announces it, in one statement (its own transaction: results of
 * different tasks need no order between them). Resolves false when a result was already there —
 * then nothing is announced: the first write was.
 */
export async function writeResult(db: PgPool, mask: <T>(v: T) => T, task: StepTask, outcome: TaskOutcome, workerId: string, now: number): Promise<boolean> {
  const raw: ResultRaw = {
    task_key: taskKeyOf(task),
    run_id: task.runId,
    step_id: task.stepId,
    attempt: task.attempt,
    status: outcome.status,
    output: outcome.status === 'ok' ? toJsonColumn(mask(outcome.output)) : null,
    error: outcome.status === 'ok' ? null : toJsonColumn(mask(outcome.error)),
    // Masked like the output: a model call it reports carries error texts and what the server said.
    usage: outcome.status === 'in_doubt' || outcome.usage === undefined ? null : toJsonColumn(mask(outcome.usage)),
    worker_id: workerId,
    created_at: now,
  };
  const whole = JSON.stringify(raw);
  const payload = Buffer.byteLength(whole) <= PAYLOAD_MAX_BYTES ? whole : raw.task_key;
  // The start mark of a non-idempotent task (worker.ts) has served once its result exists.
  const r = await db.query(
    `WITH written AS (
       INSERT INTO task_results (task_key, run_id, step_id, attempt, status, output, error, usage, worker_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (task_key) DO NOTHING RETURNING 1
     ), started AS (
       DELETE FROM task_starts WHERE task_key = $1 AND $13 RETURNING 1
     ) SELECT pg_notify($11, $12) FROM written`,
    [raw.task_key, raw.run_id, raw.step_id, raw.attempt, raw.status, raw.output, raw.error, raw.usage, raw.worker_id, raw.created_at, RESULT_CHANNEL, payload, !task.idempotent],
  );
  return (r.rowCount ?? 0) > 0;
}

/**
 * A notification's payload: a whole result row (JSON), or the key of a result too large to carry.
 * Anyone who can connect may NOTIFY: a payload that is not a result row of the expected shape is
 * taken as a key to look up, never trusted as a result (undefined: nothing usable).
 */
function announced(payload: string): { key: string; raw?: ResultRaw } | undefined {
  if (!payload.startsWith('{')) return { key: payload };
  let v: unknown;
  try {
    v = JSON.parse(payload);
  } catch {
    return undefined;
  }
  const r = v as Partial<Record<keyof ResultRaw, unknown>>;
  if (typeof r.task_key !== 'string') return undefined;
  const text = (x: unknown): boolean => x === null || typeof x === 'string';
  const shaped =
    ['ok', 'error', 'in_doubt'].includes(r.status as string) && typeof r.run_id === 'string' && typeof r.step_id === 'string' && typeof r.attempt === 'number' &&
    typeof r.created_at === 'number' && text(r.output) && text(r.error) && text(r.usage) && text(r.worker_id);
  return shaped ? { key: r.task_key, raw: r as ResultRaw } : { key: r.task_key };
}

/**
 * A connection of `db` LISTENing on `channel` (the result listener's): `onPayload` gets each notification's payload,
 * `onLost` runs once when the connection drops (it is released; listen again on a new one).
 */
async function listenOn(db: PgPool, channel: string, onPayload: (payload: string) => void, onLost: (c: pg.PoolClient) => void): Promise<pg.PoolClient> {
  const c = await db.connect();
  c.on('notification', (n) => {
    if (n.channel === channel && n.payload) onPayload(n.payload);
  });
  c.on('error', () => {
    c.release(true);
    onLost(c);
  });
  try {
    await c.query(`LISTEN ${channel}`);
  } catch (e) {
    c.release(true);
    throw e;
  }
  return c;
}

interface Waiter {
  resolve(r: TaskResult): void;
}

/**
 * The waiting side: `wait(taskKey, signal)` resolves with the task's result. One connection LISTENs
 * for every waiter of this process; a result small enough comes whole in the notification, a
 * larger one is read by its key. A poll every `pollMs` (default 2 s) catches a notification lost
 * while that connection was being replaced.
 */
export class PgTaskResults {
  private readonly waiters = new Map<string, Set<Waiter>>();
  private listener: pg.PoolClient | undefined;
  private listening: Promise<void> | undefined;
  /** Counts the listening connections made and lost: an unchanged value means no notification was missed since. */
  private epoch = 0;
  private timer: ReturnType<typeof setInterval> | undefined;
  private closed = false;

  constructor(
    private readonly core: PgCore,
    private readonly pollMs = 2000,
  ) {}

  /**
   * The listening connection's epoch, when one is up. A task handed over after reading it, and
   * waited for with it (`wait(key, signal, epoch)`), needs no read when its wait starts: its
   * result cannot be written before the task is, and this connection was listening then.
   */
  get listeningEpoch(): number | undefined {
    return this.listener === undefined ? undefined : this.epoch;
  }

  async get(key: string): Promise<TaskResult | undefined> {
    const [r] = await this.core.rows<ResultRaw>('SELECT * FROM task_results WHERE task_key = $1', [key]);
    return r ? resultOf(r) : undefined;
  }

  async wait(key: string, signal?: AbortSignal, listeningSince?: number): Promise<TaskResult> {
    signal?.throwIfAborted();
    await this.listen();
    // Aborted while the listener connected: no 'abort' event will come.
    signal?.throwIfAborted();
    let waiter!: Waiter;
    const done = new Promise<TaskResult>((resolve, reject) => {
      const onAbort = (): void => {
        this.drop(key, waiter);
        reject(signal!.reason);
      };
      waiter = {
        resolve: (r) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(r);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    let set = this.waiters.get(key);
    if (!set) this.waiters.set(key, (set = new Set()));
    set.add(waiter);
    this.ensurePoll();
    // Listening before this read: a result committed in between is seen by one or the other. Not
    // needed when this connection already listened before the task was handed over.
    if (listeningSince === undefined || listeningSince !== this.listeningEpoch) void this.check([key]);
    return done;
  }

  private drop(key: string, w: Waiter): void {
    const set = this.waiters.get(key);
    set?.delete(w);
    if (set?.size === 0) this.waiters.delete(key);
  }

  private deliver(raw: ResultRaw): void {
    const set = this.waiters.get(raw.task_key);
    if (!set) return;
    this.waiters.delete(raw.task_key);
    const r = resultOf(raw);
    for (const w of set) w.resolve(r);
  }

  private async check(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    const rows = await this.core.db
      .query<ResultRaw>('SELECT * FROM task_results WHERE task_key = ANY($1::text[])', [keys])
      .then((r) => r.rows)
      .catch(() => [] as ResultRaw[]);
    for (const raw of rows) this.deliver(raw);
  }

  private onNotification(payload: string): void {
    const a = announced(payload);
    // Not ours, or not a usable row: the poll finds what a waiter needs.
    if (!a || !this.waiters.has(a.key)) return;
    if (a.raw) this.deliver(a.raw);
    else void this.check([a.key]);
  }

  private listen(): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the task result listener is closed'));
    this.listening ??= (async () => {
      const c = await listenOn(this.core.db, RESULT_CHANNEL, (p) => this.onNotification(p), (lost) => {
        // A dropped connection: the next wait or poll listens again on a new one.
        if (this.listener !== lost) return;
        this.listener = undefined;
        this.listening = undefined;
        this.epoch++;
      });
      this.epoch++;
      this.listener = c;
    })().catch((e: unknown) => {
      this.listening = undefined;
      throw e;
    });
    return this.listening;
  }

  private ensurePoll(): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => {
      if (this.waiters.size === 0) {
        clearInterval(this.timer);
        this.timer = undefined;
        return;
      }
      void this.listen().catch(() => undefined);
      void this.check([...this.waiters.keys()]);
    }, this.pollMs);
    this.timer.unref?.();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    const c = this.listener;
    this.listener = undefined;
    if (c) {
      await c.query(`UNLISTEN ${RESULT_CHANNEL}`).catch(() => undefined);
      c.release();
    }
  }
}
