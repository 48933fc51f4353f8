// Runs, steps and pinned specs on PostgreSQL, and the engine journal's write: one transaction
// per batch, exactly what the embedded store's journal write does (src/runtime/store-journal.ts).
import type { WorkflowSpec } from '../../core/index.ts';
import type { AgentCallRecord, AgentTurnRecord } from '../agent-turns.ts';
import type { JournalStep, JournalWrite, RunRepository, RunSpecRepository, WriteOptions } from '../backend.ts';
import { toJsonColumn } from '../json-column.ts';
import { packSpec, unpackSpec } from '../run-specs.ts';
import type { RunInput, RunRecord, StepInput, StepRecord } from '../runs.ts';
import { placeholders, type PgCore, type PgStatement } from './core.ts';
import type { PgKnowledge } from './knowledge.ts';
import type { PgParam } from './pool.ts';
import { stepJobStatement } from './queue.ts';

/**
 * How often a task's job is claimed at most. A claim is only repeated when the worker holding it
 * died (a failing step writes its error as the result; the engine's retry policy decides), so
 * this bounds a task that kills every worker it lands on.
 */
const TASK_MAX_ATTEMPTS = 5;
import { runOf, stepOf, type RunRaw, type StepRaw } from './rows.ts';

type Stmt = PgStatement;

const RUN_COLS = 'id, workflow_id, spec_hash, status, inputs, outputs, error, attempt, trigger, usage, created_at, started_at, ended_at, updated_at, masked, parent_run_id, parent_step_id, driver';
// A run's driver is the process that created it; only an adoption (drivers.ts) changes it.
const RUN_SQL = `INSERT INTO runs (${RUN_COLS}) VALUES (${placeholders(18)})
  ON CONFLICT (id) DO UPDATE SET workflow_id = excluded.workflow_id, spec_hash = excluded.spec_hash, status = excluded.status,
    inputs = excluded.inputs, outputs = excluded.outputs, error = excluded.error, attempt = excluded.attempt,
    trigger = excluded.trigger, usage = excluded.usage, started_at = excluded.started_at, ended_at = excluded.ended_at,
    updated_at = excluded.updated_at, masked = GREATEST(runs.masked, excluded.masked),
    parent_run_id = COALESCE(excluded.parent_run_id, runs.parent_run_id), parent_step_id = COALESCE(excluded.parent_step_id, runs.parent_step_id),
    driver = COALESCE(runs.driver, excluded.driver)
  RETURNING 1`;

const STEP_COLS = 13;
/** Rows per multi-row upsert: a flush of a thousand steps is a handful of statements, not a thousand round trips. */
const STEP_CHUNK = 256;
function stepSql(n: number): string {
  const tuples = Array.from({ length: n }, (_, r) => `(${placeholders(STEP_COLS, r * STEP_COLS + 1)})`).join(', ');
  return `INSERT INTO steps (run_id, step_id, status, attempt, agent_id, input, output, error, started_at, ended_at, idempotency_key, updated_at, masked)
    VALUES ${tuples}
    ON CONFLICT (run_id, step_id) DO UPDATE SET status = excluded.status, attempt = excluded.attempt, agent_id = excluded.agent_id,
      input = excluded.input, output = excluded.output, error = excluded.error, started_at = excluded.started_at,
      ended_at = excluded.ended_at, idempotency_key = excluded.idempotency_key, updated_at = excluded.updated_at, masked = excluded.masked
    RETURNING 1`;
}

const TURN_SQL = `INSERT INTO agent_turns (run_id, loop_key, seq, attempt, final, message, prompt_tokens, completion_tokens, duration_ms, created_at, masked)
  VALUES (${placeholders(11)})
  ON CONFLICT (run_id, loop_key, seq) DO UPDATE SET message = excluded.message, prompt_tokens = excluded.prompt_tokens,
    completion_tokens = excluded.completion_tokens, duration_ms = excluded.duration_ms, masked = excluded.masked
  RETURNING 1`;

const CALL_SQL = `INSERT INTO agent_tool_calls (run_id, loop_key, call_id, turn, tool_call_id, tool, kind, args, idempotent, status, result, started_at, ended_at, duration_ms, masked)
  VALUES (${placeholders(15)})
  ON CONFLICT (run_id, loop_key, call_id) DO UPDATE SET status = excluded.status, result = excluded.result,
    ended_at = excluded.ended_at, duration_ms = excluded.duration_ms, masked = excluded.masked
  RETURNING 1`;

const ENDED_BEFORE = 'SELECT id FROM runs WHERE ended_at IS NOT NULL AND ended_at < $1';

export class PgRunSpecs implements RunSpecRepository {
  /**
   * Packed specs by hash, so a workflow's spec is masked and compressed once. The pin itself is
   * written with every new run (ON CONFLICT DO NOTHING): another process may have pruned it.
   */
  private readonly packed = new Map<string, Uint8Array>();
  private readonly parsed = new Map<string, WorkflowSpec>();

  constructor(private readonly core: PgCore) {}

  /** The pin of `spec` under `hash`, for a transaction. */
  prepare(hash: string, spec: WorkflowSpec, now: number): Stmt {
    let bytes = this.packed.get(hash);
    if (bytes === undefined) {
      bytes = packSpec(this.core.mask(spec));
      if (this.packed.size >= 16) this.packed.delete(this.packed.keys().next().value!);
      this.packed.set(hash, bytes);
    }
    return { sql: 'INSERT INTO run_specs (hash, workflow_id, spec, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (hash) DO NOTHING RETURNING 1', params: [hash, spec.id, bytes, now] };
  }

  async get(hash: string): Promise<WorkflowSpec | undefined> {
    let spec = this.parsed.get(hash);
    if (spec === undefined) {
      const [r] = await this.core.rows<{ spec: Uint8Array }>('SELECT spec FROM run_specs WHERE hash = $1', [hash]);
      spec = unpackSpec(r?.spec);
      if (spec === undefined) return undefined;
      if (this.parsed.size >= 16) this.parsed.delete(this.parsed.keys().next().value!);
      this.parsed.set(hash, spec);
    }
    return spec;
  }

  forget(): void {
    this.parsed.clear();
  }
}

export class PgRuns implements RunRepository {
  constructor(
    private readonly core: PgCore,
    private readonly specs: PgRunSpecs,
    private readonly knowledge: PgKnowledge,
  ) {}

  private runStmt(run: RunInput, now: number): Stmt {
    const { core } = this;
    const [inputs, outputs, error] = [core.mask(run.inputs), core.mask(run.outputs), core.mask(run.error)];
    const masked = inputs !== run.inputs || outputs !== run.outputs || error !== run.error;
    return {
      sql: RUN_SQL,
      params: [
        run.id,
        run.workflowId,
        run.specHash ?? null,
        run.status,
        toJsonColumn(inputs),
        toJsonColumn(outputs),
        toJsonColumn(error),
        run.attempt ?? 1,
        toJsonColumn(core.mask(run.trigger)),
        toJsonColumn(run.usage),
        run.createdAt ?? now,
        run.startedAt ?? null,
        run.endedAt ?? null,
        now,
        masked ? 1 : 0,
        run.parentRunId ?? null,
        run.parentStepId ?? null,
        core.driver ?? null,
      ],
    };
  }

  private stepParams(step: StepInput, now: number): PgParam[] {
    const { core } = this;
    const [input, output, error] = [core.mask(step.input), core.mask(step.output), core.mask(step.error)];
    const masked = input !== step.input || output !== step.output || error !== step.error;
    return [
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
      now,
      masked ? 1 : 0,
    ];
  }

  private stepStmts(steps: readonly JournalStep[], now: number): Stmt[] {
    const out: Stmt[] = [];
    for (let i = 0; i < steps.length; i += STEP_CHUNK) {
      const part = steps.slice(i, i + STEP_CHUNK);
      const params: PgParam[] = [];
      for (const s of part) {
        params.push(
          ...this.stepParams(
            {
              runId: s.runId,
              stepId: s.stepId,
              status: s.status,
              attempt: s.attempt,
              agentId: s.agent ?? null,
              output: s.output,
              // A skipped step's reason is kept as its error { kind: 'skipped', message }.
              error: s.error ?? (s.reason === undefined ? null : { kind: 'skipped', message: s.reason }),
              startedAt: s.startedAt ?? null,
              endedAt: s.endedAt ?? null,
            },
            now,
          ),
        );
      }
      out.push({ sql: stepSql(part.length), params });
    }
    return out;
  }

  private turnStmt(t: AgentTurnRecord): Stmt {
    const message = this.core.mask(t.message);
    return { sql: TURN_SQL, params: [t.runId, t.loop, t.seq, t.attempt, t.final ? 1 : 0, JSON.stringify(message), t.promptTokens, t.completionTokens, t.durationMs, t.at, message !== t.message ? 1 : 0] };
  }

  private callStmt(c: AgentCallRecord): Stmt {
    const args = this.core.mask(c.args);
    const result = c.result === undefined ? null : this.core.mask(c.result);
    const masked = args !== c.args || (result !== null && result !== c.result) ? 1 : 0;
    return {
      sql: CALL_SQL,
      params: [c.runId, c.loop, c.callId, c.turn, c.toolCallId, c.tool, c.kind, args === undefined ? null : JSON.stringify(args), c.idempotent ? 1 : 0, c.status, result, c.startedAt, c.endedAt ?? null, c.durationMs ?? null, masked],
    };
  }

  upsert(run: RunInput, opts?: WriteOptions): Promise<void> {
    const s = this.runStmt(run, this.core.clock.now());
    return this.core.write(async (tx) => void (await tx.run(s.sql, s.params)), opts);
  }

  upsertStep(step: StepInput, opts?: WriteOptions): Promise<void> {
    const params = this.stepParams(step, this.core.clock.now());
    return this.core.write(async (tx) => void (await tx.run(stepSql(1), params)), opts);
  }

  /**
   * Everything of the batch is read and masked before this returns; then applied atomically, in
   * one statement (PgCore.statements): the rows, the knowledge and the tasks' jobs commit together.
   */
  writeJournal(batch: JournalWrite, opts?: WriteOptions): Promise<void> {
    const now = this.core.clock.now();
    const stmts: Stmt[] = [];
    for (const r of batch.runs) {
      if (r.spec && r.specHash) stmts.push(this.specs.prepare(r.specHash, r.spec, now));
      stmts.push(this.runStmt(r, now));
    }
    stmts.push(...this.stepStmts(batch.steps, now));
    for (const t of batch.turns ?? []) stmts.push(this.turnStmt(t));
    for (const c of batch.calls ?? []) stmts.push(this.callStmt(c));
    const knowledgeAt = stmts.length;
    const knowledge = batch.knowledge.map((k) => this.knowledge.prepare(k, now));
    for (const k of knowledge) stmts.push(k.statement);
    // Serialized now: the engine passes live objects.
    for (const t of batch.tasks ?? []) stmts.push(stepJobStatement(this.core.mask({ ...t }), TASK_MAX_ATTEMPTS));
    // graphile-worker's schema is installed once per process, by the first batch that hands a task over.
    const first = batch.tasks?.length ? () => this.core.queueSchema() : undefined;
    return this.core.statements(stmts, opts, first).then(async (counts) => {
      // An entry not inserted met a duplicate (or an expired one to replace): settled in a
      // transaction of its own, as `knowledge.store` would.
      for (const [i, k] of knowledge.entries()) if (counts[knowledgeAt + i] === 0) await this.core.write((tx) => k.settle(tx), opts);
    });
  }

  async get(id: string): Promise<RunRecord | undefined> {
    const [r] = await this.core.rows<RunRaw>('SELECT * FROM runs WHERE id = $1', [id]);
    return r ? runOf(r) : undefined;
  }

  async list(q: { workflowId?: string; status?: string | string[]; limit?: number } = {}): Promise<RunRecord[]> {
    const where: string[] = [];
    const params: PgParam[] = [];
    if (q.workflowId !== undefined) {
      params.push(q.workflowId);
      where.push(`workflow_id = $${params.length}`);
    }
    if (q.status !== undefined) {
      params.push(Array.isArray(q.status) ? q.status : [q.status]);
      where.push(`status = ANY($${params.length}::text[])`);
    }
    params.push(q.limit ?? 100);
    const rows = await this.core.rows<RunRaw>(`SELECT * FROM runs ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, seq DESC LIMIT $${params.length}`, params);
    return rows.map(runOf);
  }

  async children(runId: string): Promise<RunRecord[]> {
    return (await this.core.rows<RunRaw>('SELECT * FROM runs WHERE parent_run_id = $1 ORDER BY created_at, seq', [runId])).map(runOf);
  }

  async steps(runId: string): Promise<StepRecord[]> {
    return (await this.core.rows<StepRaw>('SELECT * FROM steps WHERE run_id = $1 ORDER BY seq', [runId])).map(stepOf);
  }

  async step(runId: string, stepId: string): Promise<StepRecord | undefined> {
    const [r] = await this.core.rows<StepRaw>('SELECT * FROM steps WHERE run_id = $1 AND step_id = $2', [runId, stepId]);
    return r ? stepOf(r) : undefined;
  }

  async hasRunOfFire(fireId: string): Promise<boolean> {
    // trigger is JSON text; only rows that have one are parsed.
    const rows = await this.core.rows("SELECT 1 FROM runs WHERE trigger IS NOT NULL AND trigger::jsonb ->> 'fireId' = $1 LIMIT 1", [fireId]);
    return rows.length > 0;
  }

  prune(before: number, opts?: WriteOptions): Promise<number> {
    return this.core
      .write(async (tx) => {
        for (const table of ['steps', 'agent_turns', 'agent_tool_calls', 'approvals']) await tx.run(`DELETE FROM ${table} WHERE run_id IN (${ENDED_BEFORE})`, [before]);
        const n = await tx.run('DELETE FROM runs WHERE ended_at IS NOT NULL AND ended_at < $1', [before]);
        const specs = n > 0 ? await tx.run('DELETE FROM run_specs s WHERE NOT EXISTS (SELECT 1 FROM runs r WHERE r.spec_hash = s.hash)') : 0;
        return { n, specs };
      }, opts)
      .then(({ n, specs }) => {
        // A later run of a pruned spec must pin it again.
        if (specs > 0) this.specs.forget();
        return n;
      });
  }
}
