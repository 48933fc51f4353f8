import type { Param } from './sqlite.ts';
import type { StoreCore, Tx, WriteOptions } from './types.ts';

/**
 * Typed access to the engine's tables. Each write method has a synchronous `put*`/`*In` twin that
 * takes a transaction, so several changes (a run and its step) can share one durable record.
 */
const j = (v: unknown): string | null => (v === undefined || v === null ? null : JSON.stringify(v));
const p = (v: string | null): unknown => (v === null ? null : (JSON.parse(v) as unknown));

export interface RunRecord {
  id: string;
  workflowId: string;
  specHash: string | null;
  /** The engine's status names (pending, running, completed, failed, cancelled, budget_exceeded…). */
  status: string;
  inputs: unknown;
  outputs: unknown;
  error: unknown;
  attempt: number;
  trigger: unknown;
  /** Budgets and usage (tokens, tool calls, wall time). */
  usage: unknown;
  createdAt: number;
  startedAt: number | null;
  endedAt: number | null;
  updatedAt: number;
}

export type RunInput = Pick<RunRecord, 'id' | 'workflowId' | 'status'> & Partial<Omit<RunRecord, 'id' | 'workflowId' | 'status' | 'updatedAt'>>;

export interface StepRecord {
  runId: string;
  stepId: string;
  status: string;
  attempt: number;
  agentId: string | null;
  input: unknown;
  output: unknown;
  error: unknown;
  startedAt: number | null;
  endedAt: number | null;
  idempotencyKey: string | null;
  updatedAt: number;
}

export type StepInput = Pick<StepRecord, 'runId' | 'stepId' | 'status'> & Partial<Omit<StepRecord, 'runId' | 'stepId' | 'status' | 'updatedAt'>>;

interface RunRow {
  id: string;
  workflow_id: string;
  spec_hash: string | null;
  status: string;
  inputs: string | null;
  outputs: string | null;
  error: string | null;
  attempt: number;
  trigger: string | null;
  usage: string | null;
  created_at: number;
  started_at: number | null;
  ended_at: number | null;
  updated_at: number;
}

interface StepRow {
  run_id: string;
  step_id: string;
  status: string;
  attempt: number;
  agent_id: string | null;
  input: string | null;
  output: string | null;
  error: string | null;
  started_at: number | null;
  ended_at: number | null;
  idempotency_key: string | null;
  updated_at: number;
}

const runOf = (r: RunRow): RunRecord => ({
  id: r.id,
  workflowId: r.workflow_id,
  specHash: r.spec_hash,
  status: r.status,
  inputs: p(r.inputs),
  outputs: p(r.outputs),
  error: p(r.error),
  attempt: r.attempt,
  trigger: p(r.trigger),
  usage: p(r.usage),
  createdAt: r.created_at,
  startedAt: r.started_at,
  endedAt: r.ended_at,
  updatedAt: r.updated_at,
});

const stepOf = (r: StepRow): StepRecord => ({
  runId: r.run_id,
  stepId: r.step_id,
  status: r.status,
  attempt: r.attempt,
  agentId: r.agent_id,
  input: p(r.input),
  output: p(r.output),
  error: p(r.error),
  startedAt: r.started_at,
  endedAt: r.ended_at,
  idempotencyKey: r.idempotency_key,
  updatedAt: r.updated_at,
});

export class RunStore {
  constructor(private readonly core: StoreCore) {}

  /** Inserts or replaces a run (created_at is kept from the first write). */
  putRun(tx: Tx, run: RunInput): void {
    tx.run(
      `INSERT INTO runs (id, workflow_id, spec_hash, status, inputs, outputs, error, attempt, trigger, usage, created_at, started_at, ended_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET workflow_id = excluded.workflow_id, spec_hash = excluded.spec_hash, status = excluded.status,
         inputs = excluded.inputs, outputs = excluded.outputs, error = excluded.error, attempt = excluded.attempt,
         trigger = excluded.trigger, usage = excluded.usage, started_at = excluded.started_at, ended_at = excluded.ended_at,
         updated_at = excluded.updated_at`,
      [
        run.id,
        run.workflowId,
        run.specHash ?? null,
        run.status,
        j(run.inputs),
        j(run.outputs),
        j(run.error),
        run.attempt ?? 1,
        j(run.trigger),
        j(run.usage),
        run.createdAt ?? tx.now,
        run.startedAt ?? null,
        run.endedAt ?? null,
        tx.now,
      ],
    );
  }

  putStep(tx: Tx, step: StepInput): void {
    tx.run(
      `INSERT INTO steps (run_id, step_id, status, attempt, agent_id, input, output, error, started_at, ended_at, idempotency_key, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (run_id, step_id) DO UPDATE SET status = excluded.status, attempt = excluded.attempt, agent_id = excluded.agent_id,
         input = excluded.input, output = excluded.output, error = excluded.error, started_at = excluded.started_at,
         ended_at = excluded.ended_at, idempotency_key = excluded.idempotency_key, updated_at = excluded.updated_at`,
      [
        step.runId,
        step.stepId,
        step.status,
        step.attempt ?? 0,
        step.agentId ?? null,
        j(step.input),
        j(step.output),
        j(step.error),
        step.startedAt ?? null,
        step.endedAt ?? null,
        step.idempotencyKey ?? null,
        tx.now,
      ],
    );
  }

  upsert(run: RunInput, opts?: WriteOptions): Promise<void> {
    return this.core.transaction((tx) => this.putRun(tx, run), opts);
  }

  upsertStep(step: StepInput, opts?: WriteOptions): Promise<void> {
    return this.core.transaction((tx) => this.putStep(tx, step), opts);
  }

  get(id: string): RunRecord | undefined {
    const r = this.core.read((db) => db.get<RunRow>('SELECT * FROM runs WHERE id = ?', [id]));
    return r ? runOf(r) : undefined;
  }

  /** Newest first. */
  list(q: { workflowId?: string; status?: string | string[]; limit?: number } = {}): RunRecord[] {
    const where: string[] = [];
    const params: Param[] = [];
    if (q.workflowId !== undefined) {
      where.push('workflow_id = ?');
      params.push(q.workflowId);
    }
    if (q.status !== undefined) {
      const s = Array.isArray(q.status) ? q.status : [q.status];
      where.push(`status IN (${s.map(() => '?').join(',')})`);
      params.push(...s);
    }
    const sql = `SELECT * FROM runs ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, id DESC LIMIT ?`;
    return this.core.read((db) => db.all<RunRow>(sql, [...params, q.limit ?? 100])).map(runOf);
  }

  steps(runId: string): StepRecord[] {
    return this.core.read((db) => db.all<StepRow>('SELECT * FROM steps WHERE run_id = ? ORDER BY rowid', [runId])).map(stepOf);
  }

  step(runId: string, stepId: string): StepRecord | undefined {
    const r = this.core.read((db) => db.get<StepRow>('SELECT * FROM steps WHERE run_id = ? AND step_id = ?', [runId, stepId]));
    return r ? stepOf(r) : undefined;
  }

  /** Deletes runs (and their steps) that ended before `before`; resolves with the number of runs. */
  prune(before: number, opts?: WriteOptions): Promise<number> {
    return this.core.transaction((tx) => {
      tx.run('DELETE FROM steps WHERE run_id IN (SELECT id FROM runs WHERE ended_at IS NOT NULL AND ended_at < ?)', [before]);
      return tx.run('DELETE FROM runs WHERE ended_at IS NOT NULL AND ended_at < ?', [before]);
    }, opts);
  }
}

export interface EventRecord {
  id: string;
  type: string;
  priority: string;
  source: string | null;
  target: string | null;
  data: unknown;
  createdAt: number;
  expiresAt: number | null;
}

interface EventRow {
  id: string;
  type: string;
  priority: string;
  source: string | null;
  target: string | null;
  data: string | null;
  created_at: number;
  expires_at: number | null;
}

export class EventStore {
  constructor(private readonly core: StoreCore) {}

  putEvent(tx: Tx, e: EventRecord): void {
    tx.run('INSERT OR IGNORE INTO events (id, type, priority, source, target, data, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
      e.id,
      e.type,
      e.priority,
      e.source,
      e.target,
      j(e.data),
      e.createdAt,
      e.expiresAt,
    ]);
  }

  append(e: EventRecord, opts?: WriteOptions): Promise<void> {
    return this.core.transaction((tx) => this.putEvent(tx, e), opts);
  }

  /** Newest first. */
  list(q: { type?: string; since?: number; limit?: number } = {}): EventRecord[] {
    const where: string[] = [];
    const params: Param[] = [];
    if (q.type !== undefined) {
      where.push('type = ?');
      params.push(q.type);
    }
    if (q.since !== undefined) {
      where.push('created_at >= ?');
      params.push(q.since);
    }
    const sql = `SELECT * FROM events ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, rid DESC LIMIT ?`;
    return this.core
      .read((db) => db.all<EventRow>(sql, [...params, q.limit ?? 1000]))
      .map((r) => ({ id: r.id, type: r.type, priority: r.priority, source: r.source, target: r.target, data: p(r.data), createdAt: r.created_at, expiresAt: r.expires_at }));
  }

  prune(before: number, opts?: WriteOptions): Promise<number> {
    return this.core.transaction((tx) => tx.run('DELETE FROM events WHERE created_at < ?', [before]), opts);
  }
}

export interface MetricSample {
  name: string;
  value: number;
  /** Default: the store clock's now. */
  ts?: number;
  labels?: Record<string, string>;
}

export class MetricStore {
  constructor(private readonly core: StoreCore) {}

  record(samples: MetricSample | MetricSample[], opts?: WriteOptions): Promise<void> {
    const list = Array.isArray(samples) ? samples : [samples];
    return this.core.transaction((tx) => {
      for (const s of list) {
        tx.run('INSERT INTO metrics (name, ts, value, labels) VALUES (?, ?, ?, ?)', [s.name, s.ts ?? tx.now, s.value, JSON.stringify(s.labels ?? {})]);
      }
    }, opts);
  }

  /** Samples of one metric in [since, until], oldest first. */
  query(name: string, q: { since?: number; until?: number } = {}): Required<MetricSample>[] {
    return this.core
      .read((db) =>
        db.all<{ name: string; ts: number; value: number; labels: string }>('SELECT * FROM metrics WHERE name = ? AND ts >= ? AND ts <= ? ORDER BY ts, rowid', [
          name,
          q.since ?? 0,
          q.until ?? Number.MAX_SAFE_INTEGER,
        ]),
      )
      .map((r) => ({ name: r.name, ts: r.ts, value: r.value, labels: JSON.parse(r.labels) as Record<string, string> }));
  }

  prune(before: number, opts?: WriteOptions): Promise<number> {
    return this.core.transaction((tx) => tx.run('DELETE FROM metrics WHERE ts < ?', [before]), opts);
  }
}

export interface TriggerState {
  workflowId: string;
  /** Which trigger of the workflow (e.g. `cron:0`); `*` is the workflow-wide row that holds `paused`. */
  triggerKey: string;
  lastFire: number | null;
  lastOutcome: string | null;
  paused: boolean;
  /** Anything else a trigger needs to remember (e.g. a file trigger's last seen mtimes). */
  data: unknown;
  updatedAt: number;
}

interface TriggerRow {
  workflow_id: string;
  trigger_key: string;
  last_fire: number | null;
  last_outcome: string | null;
  paused: number;
  data: string | null;
  updated_at: number;
}

const triggerOf = (r: TriggerRow): TriggerState => ({
  workflowId: r.workflow_id,
  triggerKey: r.trigger_key,
  lastFire: r.last_fire,
  lastOutcome: r.last_outcome,
  paused: r.paused !== 0,
  data: p(r.data),
  updatedAt: r.updated_at,
});

export class TriggerStore {
  constructor(private readonly core: StoreCore) {}

  get(workflowId: string, triggerKey: string): TriggerState | undefined {
    const r = this.core.read((db) => db.get<TriggerRow>('SELECT * FROM trigger_state WHERE workflow_id = ? AND trigger_key = ?', [workflowId, triggerKey]));
    return r ? triggerOf(r) : undefined;
  }

  list(workflowId?: string): TriggerState[] {
    const rows = this.core.read((db) =>
      workflowId === undefined
        ? db.all<TriggerRow>('SELECT * FROM trigger_state ORDER BY workflow_id, trigger_key')
        : db.all<TriggerRow>('SELECT * FROM trigger_state WHERE workflow_id = ? ORDER BY trigger_key', [workflowId]),
    );
    return rows.map(triggerOf);
  }

  putTrigger(tx: Tx, s: Pick<TriggerState, 'workflowId' | 'triggerKey'> & Partial<Omit<TriggerState, 'workflowId' | 'triggerKey' | 'updatedAt'>>): void {
    const old = tx.get<TriggerRow>('SELECT * FROM trigger_state WHERE workflow_id = ? AND trigger_key = ?', [s.workflowId, s.triggerKey]);
    tx.run(
      `INSERT INTO trigger_state (workflow_id, trigger_key, last_fire, last_outcome, paused, data, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (workflow_id, trigger_key) DO UPDATE SET last_fire = excluded.last_fire, last_outcome = excluded.last_outcome,
         paused = excluded.paused, data = excluded.data, updated_at = excluded.updated_at`,
      [
        s.workflowId,
        s.triggerKey,
        s.lastFire !== undefined ? s.lastFire : (old?.last_fire ?? null),
        s.lastOutcome !== undefined ? s.lastOutcome : (old?.last_outcome ?? null),
        s.paused !== undefined ? (s.paused ? 1 : 0) : (old?.paused ?? 0),
        s.data !== undefined ? j(s.data) : (old?.data ?? null),
        tx.now,
      ],
    );
  }

  /** Merges the given fields into the trigger's state (fields left out keep their value). */
  put(s: Parameters<TriggerStore['putTrigger']>[1], opts?: WriteOptions): Promise<void> {
    return this.core.transaction((tx) => this.putTrigger(tx, s), opts);
  }

  /** Remembers a fire: `at` is the scheduled time (not the wall time), so catch-up stays exact. */
  recordFire(workflowId: string, triggerKey: string, at: number, outcome: string, opts?: WriteOptions): Promise<void> {
    return this.put({ workflowId, triggerKey, lastFire: at, lastOutcome: outcome }, opts);
  }

  setPaused(workflowId: string, paused: boolean, opts?: WriteOptions): Promise<void> {
    return this.put({ workflowId, triggerKey: '*', paused }, opts);
  }

  isPaused(workflowId: string): boolean {
    return this.get(workflowId, '*')?.paused ?? false;
  }
}
