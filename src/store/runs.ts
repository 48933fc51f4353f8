/**
 * Typed access to the engine's runs and steps tables. Each write method has a synchronous `put*` twin that takes a
 * transaction, so several changes (a run and its step) can share one durable record.
 */
import { fromJsonColumn, toJsonColumn } from './json-column.ts';
import type { RunSpecStore } from './run-specs.ts';
import type { Param } from './sqlite.ts';
import type { StoreCore, Tx, WriteOptions } from './types.ts';

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
  /** A secret was found in the run's inputs, outputs or error: they are stored masked. */
  masked: boolean;
  /** A child run: the run and step that started it. */
  parentRunId: string | null;
  parentStepId: string | null;
  createdAt: number;
  startedAt: number | null;
  endedAt: number | null;
  updatedAt: number;
}

export type RunInput = Pick<RunRecord, 'id' | 'workflowId' | 'status'> & Partial<Omit<RunRecord, 'id' | 'workflowId' | 'status' | 'updatedAt' | 'masked'>>;

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
  /** A secret was found in the step's input, output or error: they are stored masked. */
  masked: boolean;
  updatedAt: number;
}

export type StepInput = Pick<StepRecord, 'runId' | 'stepId' | 'status'> & Partial<Omit<StepRecord, 'runId' | 'stepId' | 'status' | 'updatedAt' | 'masked'>>;

export interface RunRow {
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
  masked: number;
  parent_run_id: string | null;
  parent_step_id: string | null;
  created_at: number;
  started_at: number | null;
  ended_at: number | null;
  updated_at: number;
}

export interface StepRow {
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
  masked: number;
  updated_at: number;
}

export const runOf = (r: RunRow): RunRecord => ({
  id: r.id,
  workflowId: r.workflow_id,
  specHash: r.spec_hash,
  status: r.status,
  inputs: fromJsonColumn(r.inputs),
  outputs: fromJsonColumn(r.outputs),
  error: fromJsonColumn(r.error),
  attempt: r.attempt,
  trigger: fromJsonColumn(r.trigger),
  usage: fromJsonColumn(r.usage),
  masked: r.masked === 1,
  parentRunId: r.parent_run_id ?? null,
  parentStepId: r.parent_step_id ?? null,
  createdAt: r.created_at,
  startedAt: r.started_at,
  endedAt: r.ended_at,
  updatedAt: r.updated_at,
});

export const stepOf = (r: StepRow): StepRecord => ({
  runId: r.run_id,
  stepId: r.step_id,
  status: r.status,
  attempt: r.attempt,
  agentId: r.agent_id,
  input: fromJsonColumn(r.input),
  output: fromJsonColumn(r.output),
  error: fromJsonColumn(r.error),
  startedAt: r.started_at,
  endedAt: r.ended_at,
  idempotencyKey: r.idempotency_key,
  masked: r.masked === 1,
  updatedAt: r.updated_at,
});

export class RunStore {
  constructor(
    private readonly core: StoreCore,
    private readonly specs?: RunSpecStore,
  ) {}

  /** Inserts or replaces a run (created_at is kept from the first write). */
  putRun(tx: Tx, run: RunInput): void {
    const [inputs, outputs, error] = [tx.mask(run.inputs), tx.mask(run.outputs), tx.mask(run.error)];
    const masked = inputs !== run.inputs || outputs !== run.outputs || error !== run.error;
    tx.run(
      `INSERT INTO runs (id, workflow_id, spec_hash, status, inputs, outputs, error, attempt, trigger, usage, created_at, started_at, ended_at, updated_at, masked, parent_run_id, parent_step_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET workflow_id = excluded.workflow_id, spec_hash = excluded.spec_hash, status = excluded.status,
         inputs = excluded.inputs, outputs = excluded.outputs, error = excluded.error, attempt = excluded.attempt,
         trigger = excluded.trigger, usage = excluded.usage, started_at = excluded.started_at, ended_at = excluded.ended_at,
         updated_at = excluded.updated_at, masked = MAX(runs.masked, excluded.masked),
         parent_run_id = COALESCE(excluded.parent_run_id, runs.parent_run_id), parent_step_id = COALESCE(excluded.parent_step_id, runs.parent_step_id)`,
      [
        run.id,
        run.workflowId,
        run.specHash ?? null,
        run.status,
        toJsonColumn(inputs),
        toJsonColumn(outputs),
        toJsonColumn(error),
        run.attempt ?? 1,
        toJsonColumn(tx.mask(run.trigger)),
        toJsonColumn(run.usage),
        run.createdAt ?? tx.now,
        run.startedAt ?? null,
        run.endedAt ?? null,
        tx.now,
        masked ? 1 : 0,
        run.parentRunId ?? null,
        run.parentStepId ?? null,
      ],
    );
  }

  putStep(tx: Tx, step: StepInput): void {
    const [input, output, error] = [tx.mask(step.input), tx.mask(step.output), tx.mask(step.error)];
    const masked = input !== step.input || output !== step.output || error !== step.error;
    tx.run(
      `INSERT INTO steps (run_id, step_id, status, attempt, agent_id, input, output, error, started_at, ended_at, idempotency_key, updated_at, masked)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (run_id, step_id) DO UPDATE SET status = excluded.status, attempt = excluded.attempt, agent_id = excluded.agent_id,
         input = excluded.input, output = excluded.output, error = excluded.error, started_at = excluded.started_at,
         ended_at = excluded.ended_at, idempotency_key = excluded.idempotency_key, updated_at = excluded.updated_at, masked = excluded.masked`,
      [
        step.runId,
        step.stepId,
        step.status,
        step.attempt ?? 0,
        step.agentId ?? null,
        toJsonColumn(input),
        toJsonColumn(output),
        toJsonColumn(error),
        step.startedAt ?? null,
        step.endedAt ?? null,
        step.idempotencyKey ?? null,
        tx.now,
        masked ? 1 : 0,
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

  /** Newest first; runs created in the same millisecond in reverse order of insertion. */
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
    const sql = `SELECT * FROM runs ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, rowid DESC LIMIT ?`;
    return this.core.read((db) => db.all<RunRow>(sql, [...params, q.limit ?? 100])).map(runOf);
  }

  /** The child runs of a run (started by its `workflow:` steps), oldest first. */
  children(runId: string): RunRecord[] {
    return this.core.read((db) => db.all<RunRow>('SELECT * FROM runs WHERE parent_run_id = ? ORDER BY created_at, rowid', [runId])).map(runOf);
  }

  steps(runId: string): StepRecord[] {
    return this.core.read((db) => db.all<StepRow>('SELECT * FROM steps WHERE run_id = ? ORDER BY rowid', [runId])).map(stepOf);
  }

  step(runId: string, stepId: string): StepRecord | undefined {
    const r = this.core.read((db) => db.get<StepRow>('SELECT * FROM steps WHERE run_id = ? AND step_id = ?', [runId, stepId]));
    return r ? stepOf(r) : undefined;
  }

  /** Whether a run started by the cron fire `fireId` exists (a restart must not start it again). */
  hasRunOfFire(fireId: string): boolean {
    return this.core.read((db) => db.get("SELECT 1 AS x FROM runs WHERE json_extract(trigger, '$.fireId') = ? LIMIT 1", [fireId])) !== undefined;
  }

  /**
   * Deletes runs (and their steps, agent-loop conversations and approvals) that ended before `before`, and the pinned specs no remaining
   * run references; resolves with the number of runs.
   */
  prune(before: number, opts?: WriteOptions): Promise<number> {
    return this.core.transaction((tx) => {
      tx.run('DELETE FROM steps WHERE run_id IN (SELECT id FROM runs WHERE ended_at IS NOT NULL AND ended_at < ?)', [before]);
      // Agent loops' conversations go with their runs (src/store/agent-turns.ts).
      tx.run('DELETE FROM agent_turns WHERE run_id IN (SELECT id FROM runs WHERE ended_at IS NOT NULL AND ended_at < ?)', [before]);
      tx.run('DELETE FROM agent_tool_calls WHERE run_id IN (SELECT id FROM runs WHERE ended_at IS NOT NULL AND ended_at < ?)', [before]);
      tx.run('DELETE FROM approvals WHERE run_id IN (SELECT id FROM runs WHERE ended_at IS NOT NULL AND ended_at < ?)', [before]);
      const n = tx.run('DELETE FROM runs WHERE ended_at IS NOT NULL AND ended_at < ?', [before]);
      if (n > 0) this.specs?.pruneUnreferenced(tx);
      return n;
    }, opts);
  }
}
