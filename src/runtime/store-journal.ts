// The engine's run journal on the store: runs, steps and the spec each run is pinned to.
import type { LoopHistory } from '../core/index.ts';
import type { JournalBatch, RunJournal, RunRow, RunStatus, StepError, StepRow, StepStatus } from '../engine/index.ts';
import type { RunRecord, StepRecord, Store, Tx } from '../store/index.ts';

/**
 * The run journal on the store's runs/steps tables. The workflow spec a run started with is
 * pinned once per hash (`store.runSpecs`), which is what a resumed run is rebuilt from whatever
 * the file says now.
 */
export class StoreJournal implements RunJournal {
  private constructor(private readonly store: Store) {}

  static async open(store: Store): Promise<StoreJournal> {
    return new StoreJournal(store);
  }

  write(batch: JournalBatch, durable: boolean): Promise<void> {
    const { store } = this;
    return store.transaction(
      (tx) => {
        for (const r of batch.runs) {
          // Masked as a value before it is packed, like every other value written.
          if (r.spec) store.runSpecs.put(tx, r.specHash, tx.mask(r.spec));
          store.runs.putRun(tx, {
            id: r.id,
            workflowId: r.workflow,
            specHash: r.specHash,
            status: r.status,
            inputs: r.inputs,
            outputs: r.outputs ?? null,
            error: r.error ?? null,
            usage: r.usage ?? null,
            trigger: r.trigger ?? null,
            attempt: r.attempt,
            createdAt: r.startedAt,
            // A queued run has not started: its time is when it was queued (created_at).
            startedAt: r.status === 'queued' ? null : r.startedAt,
            endedAt: r.endedAt ?? null,
            parentRunId: r.parent?.runId ?? null,
            parentStepId: r.parent?.stepId ?? null,
          });
        }
        putSteps(tx, batch.steps);
        if (batch.turns) for (const t of batch.turns) store.agentTurns.putTurn(tx, t);
        if (batch.calls) for (const c of batch.calls) store.agentTurns.putCall(tx, c);
        for (const k of batch.knowledge) {
          store.knowledge.insert(tx, { category: k.category, agentId: k.agentId, content: k.content, metadata: k.metadata ?? {}, source: k.source });
        }
      },
      { durable },
    );
  }

  async getRun(id: string): Promise<RunRow | undefined> {
    const rec = this.store.runs.get(id);
    return rec && this.toRow(rec);
  }

  async getSteps(runId: string): Promise<StepRow[]> {
    return this.store.runs.steps(runId).map(toStepRow);
  }

  async getLoop(runId: string, loopKey?: string): Promise<LoopHistory> {
    return this.store.agentTurns.conversation(runId, loopKey);
  }

  /** The child runs of a run (its `workflow:` steps' sub-runs), oldest first. */
  async children(runId: string): Promise<RunRow[]> {
    return this.store.runs.children(runId).map((r) => this.toRow(r));
  }

  async listRuns(query: { status?: RunStatus[]; workflow?: string; limit?: number }): Promise<RunRow[]> {
    const q: { status?: string[]; workflowId?: string; limit?: number } = { limit: query.limit ?? 1_000_000 };
    if (query.status) q.status = query.status;
    if (query.workflow !== undefined) q.workflowId = query.workflow;
    return this.store.runs.list(q).map((r) => this.toRow(r));
  }

  private toRow(r: RunRecord): RunRow {
    return {
      id: r.id,
      workflow: r.workflowId,
      specHash: r.specHash ?? '',
      // Missing only if the store lost it: the engine refuses to resume such a run (never an empty workflow).
      spec: r.specHash ? this.store.runSpecs.get(r.specHash) : undefined,
      inputs: (r.inputs ?? {}) as Record<string, unknown>,
      status: r.status as RunStatus,
      attempt: r.attempt,
      outputs: (r.outputs ?? undefined) as Record<string, unknown> | undefined,
      usage: (r.usage ?? undefined) as RunRow['usage'],
      error: typeof r.error === 'string' ? r.error : undefined,
      startedAt: r.startedAt ?? r.createdAt,
      endedAt: r.endedAt ?? undefined,
      trigger: (r.trigger ?? undefined) as RunRow['trigger'],
      parent: r.parentRunId === null ? undefined : { runId: r.parentRunId, stepId: r.parentStepId ?? '' },
    };
  }
}

/** Whether the store holds a run started by the cron fire `fireId` (a restart must not start it again). */
export function hasRunOfFire(store: Store, fireId: string): boolean {
  return store.read((db) => db.get("SELECT 1 AS x FROM runs WHERE json_extract(trigger, '$.fireId') = ? LIMIT 1", [fireId])) !== undefined;
}

const STEP_COLS = 13;
const STEP_CHUNK = 256;
const stepSql = new Map<number, string>();

/**
 * The store's `steps` upsert (RunStore.putStep) for many rows per statement: a flush of a
 * thousand pure steps is four statements instead of a thousand, which is most of what a row
 * costs (binding, stepping and, with the file store, the SQL text repeated in every journal op).
 * Chunks are powers of two so at most nine statement shapes are ever prepared.
 */
function upsertStepsSql(n: number): string {
  let sql = stepSql.get(n);
  if (sql === undefined) {
    const tuple = `(${new Array<string>(STEP_COLS).fill('?').join(', ')})`;
    sql = `INSERT INTO steps (run_id, step_id, status, attempt, agent_id, input, output, error, started_at, ended_at, idempotency_key, updated_at, masked)
       VALUES ${new Array<string>(n).fill(tuple).join(', ')}
       ON CONFLICT (run_id, step_id) DO UPDATE SET status = excluded.status, attempt = excluded.attempt, agent_id = excluded.agent_id,
         input = excluded.input, output = excluded.output, error = excluded.error, started_at = excluded.started_at,
         ended_at = excluded.ended_at, idempotency_key = excluded.idempotency_key, updated_at = excluded.updated_at, masked = excluded.masked`;
    stepSql.set(n, sql);
  }
  return sql;
}

const json = (v: unknown): string | null => (v === undefined || v === null ? null : JSON.stringify(v));

function putSteps(tx: Tx, steps: readonly StepRow[]): void {
  let i = 0;
  while (i < steps.length) {
    let n = STEP_CHUNK;
    while (n > steps.length - i) n >>= 1;
    const params: (string | number | null)[] = new Array<string | number | null>(n * STEP_COLS);
    let k = 0;
    for (const end = i + n; i < end; i++) {
      const s = steps[i]!;
      // Masked before serializing (a secret in an output or error is stored as ***, and the row says so).
      const output = tx.mask(s.output);
      const error = tx.mask(s.error ?? (s.reason === undefined ? null : { kind: 'skipped', message: s.reason }));
      params[k++] = s.runId;
      params[k++] = s.stepId;
      params[k++] = s.status;
      params[k++] = s.attempt;
      params[k++] = s.agent ?? null;
      params[k++] = null; // input: not kept per step (the run's inputs and the step's `with` rebuild it)
      params[k++] = json(output);
      params[k++] = json(error);
      params[k++] = s.startedAt ?? null;
      params[k++] = s.endedAt ?? null;
      params[k++] = null;
      params[k++] = tx.now;
      params[k++] = output !== s.output || (s.error !== undefined && error !== s.error) ? 1 : 0;
    }
    tx.run(upsertStepsSql(n), params);
  }
}

function toStepRow(s: StepRecord): StepRow {
  const err = (s.error ?? undefined) as StepError | undefined;
  const skipped = s.status === 'skipped' && err?.kind === 'skipped';
  return {
    runId: s.runId,
    stepId: s.stepId,
    status: s.status as StepStatus,
    attempt: s.attempt,
    agent: s.agentId ?? undefined,
    output: s.output ?? undefined,
    error: skipped ? undefined : err,
    reason: skipped ? err.message : undefined,
    startedAt: s.startedAt ?? undefined,
    endedAt: s.endedAt ?? undefined,
  };
}

