// Adapters from the real agents pool, store and bus to the engine's narrow ports.
import type { AgentPool, KnowledgeAccess, TaskContext } from '../agents/index.ts';
import type { BusEvent } from '../bus/index.ts';
import type { Logger, ProjectSpec, WorkflowSpec } from '../core/index.ts';
import type { AgentLease, AgentPort, AttemptContext, CapabilityInfo, ExecutorKind, JournalBatch, RunJournal, RunRow, RunStatus, StepError, StepRow, StepStatus } from '../engine/index.ts';
import type { RunRecord, StepRecord, Store, Tx } from '../store/index.ts';

type PoolBase = {
  projectDir: string;
  project: ProjectSpec;
  logger: Logger;
  /** The knowledge base as one agent sees it. */
  knowledge?: (agentId: string) => KnowledgeAccess;
  onUsage?: (usage: { promptTokens: number; completionTokens: number }) => void;
};

export class PoolAgents implements AgentPort {
  constructor(
    private readonly pool: AgentPool,
    private readonly base: PoolBase,
  ) {}

  describe(capability: string, agentId?: string): CapabilityInfo | undefined {
    const agents = agentId === undefined ? this.pool.list().filter((a) => a.hasCapability(capability)) : [this.pool.get(agentId)].filter((a) => a?.hasCapability(capability));
    const caps = agents.map((a) => a!.capability(capability)!);
    if (caps.length === 0) return undefined;
    const kinds = new Set(caps.map((c) => Object.keys(c.run)[0] as ExecutorKind | undefined));
    const first = caps[0]!;
    return { kind: kinds.size === 1 ? [...kinds][0] : undefined, timeout: first.timeout, retry: first.retry };
  }

  tryAcquire(capability: string, prefs: { agentId?: string; domain?: string }): AgentLease | undefined {
    const lease = this.pool.tryAcquire(capability, route(prefs));
    return lease && new PoolLease(lease, capability, this.base);
  }

  async acquire(capability: string, prefs: { agentId?: string; domain?: string }, attempt: { readonly signal: AbortSignal }): Promise<AgentLease> {
    // The engine has just tried tryAcquire: go straight to the pool's waiting acquire.
    const lease = await this.pool.acquire(capability, route(prefs), attempt.signal);
    return new PoolLease(lease, capability, this.base);
  }
}

function route(prefs: { agentId?: string; domain?: string }): { agentId?: string; domain?: string } {
  const r: { agentId?: string; domain?: string } = {};
  if (prefs.agentId !== undefined) r.agentId = prefs.agentId;
  if (prefs.domain !== undefined) r.domain = prefs.domain;
  return r;
}

/** A class, not a literal with closures: one object per step instead of four. */
class PoolLease implements AgentLease {
  readonly agentId: string;
  constructor(
    private readonly lease: PoolLeaseOf,
    private readonly capability: string,
    private readonly base: PoolBase,
  ) {
    this.agentId = lease.agent.id;
  }

  execute(input: unknown, ctx: AttemptContext): Promise<unknown> {
    return this.lease.execute(this.capability, input, new PoolTaskContext(ctx, this.base, this.agentId));
  }

  release(): void {
    this.lease.release();
  }
}

type PoolLeaseOf = NonNullable<ReturnType<AgentPool['tryAcquire']>>;

/**
 * The agent's task context over the engine's attempt. Members read through are prototype
 * getters: `signal` and `idempotencyKey` are created by the engine only when read.
 */
class PoolTaskContext implements TaskContext {
  private access: KnowledgeAccess | undefined;
  constructor(
    private readonly ctx: AttemptContext,
    private readonly base: PoolBase,
    private readonly agentId: string,
  ) {}
  get knowledge(): KnowledgeAccess | undefined {
    return this.base.knowledge && (this.access ??= this.base.knowledge(this.agentId));
  }
  get signal(): AbortSignal {
    return this.ctx.signal;
  }
  get projectDir(): string {
    return this.base.projectDir;
  }
  get project(): ProjectSpec {
    return this.base.project;
  }
  get logger(): Logger {
    return this.base.logger;
  }
  get runId(): string {
    return this.ctx.runId;
  }
  get workflowId(): string {
    return this.ctx.workflowId;
  }
  get stepId(): string {
    return this.ctx.stepId;
  }
  get attempt(): number {
    return this.ctx.attempt;
  }
  get idempotencyKey(): string {
    return this.ctx.idempotencyKey;
  }
  get timeoutMs(): number {
    return this.ctx.timeoutMs;
  }
  get scope(): Record<string, unknown> {
    return this.ctx.scope;
  }
  reportUsage(u: { promptTokens: number; completionTokens: number }): void {
    this.ctx.reportUsage(u);
    this.base.onUsage?.(u);
  }
}

const RUN_SPECS_DDL = `CREATE TABLE IF NOT EXISTS run_specs (
  hash TEXT PRIMARY KEY,
  workflow_id TEXT NOT NULL,
  spec TEXT NOT NULL,
  created_at INTEGER NOT NULL
)`;

/**
 * The run journal on the store's runs/steps tables. The workflow spec a run started with is
 * kept once per hash in `run_specs` (created here through the journal, so recovery replays it),
 * which is what pins a resumed run to its spec whatever the file says now.
 */
export class StoreJournal implements RunJournal {
  private readonly knownSpecs = new Set<string>();

  private constructor(private readonly store: Store) {}

  static async open(store: Store): Promise<StoreJournal> {
    const exists = store.read((r) => r.get("SELECT 1 AS x FROM sqlite_master WHERE type = 'table' AND name = 'run_specs'"));
    if (!exists && !store.readOnly) await store.transaction((tx) => void tx.run(RUN_SPECS_DDL));
    return new StoreJournal(store);
  }

  write(batch: JournalBatch, durable: boolean): Promise<void> {
    const { store } = this;
    return store.transaction(
      (tx) => {
        for (const r of batch.runs) {
          if (!this.knownSpecs.has(r.specHash)) {
            tx.run('INSERT OR IGNORE INTO run_specs (hash, workflow_id, spec, created_at) VALUES (?, ?, ?, ?)', [r.specHash, r.workflow, JSON.stringify(r.spec), tx.now]);
            this.knownSpecs.add(r.specHash);
          }
          store.runs.putRun(tx, {
            id: r.id,
            workflowId: r.workflow,
            specHash: r.specHash,
            status: r.status,
            inputs: r.inputs,
            outputs: r.outputs ?? null,
            error: r.error ?? null,
            usage: r.usage ?? null,
            attempt: r.attempt,
            createdAt: r.startedAt,
            startedAt: r.startedAt,
            endedAt: r.endedAt ?? null,
          });
        }
        putSteps(tx, batch.steps);
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

  async listRuns(query: { status?: RunStatus[]; workflow?: string; limit?: number }): Promise<RunRow[]> {
    const q: { status?: string[]; workflowId?: string; limit?: number } = { limit: query.limit ?? 1_000_000 };
    if (query.status) q.status = query.status;
    if (query.workflow !== undefined) q.workflowId = query.workflow;
    return this.store.runs.list(q).map((r) => this.toRow(r));
  }

  private toRow(r: RunRecord): RunRow {
    const spec = this.store.read((db) => db.get<{ spec: string }>('SELECT spec FROM run_specs WHERE hash = ?', [r.specHash ?? '']));
    return {
      id: r.id,
      workflow: r.workflowId,
      specHash: r.specHash ?? '',
      spec: spec ? (JSON.parse(spec.spec) as WorkflowSpec) : ({ id: r.workflowId, steps: [] } as unknown as WorkflowSpec),
      inputs: (r.inputs ?? {}) as Record<string, unknown>,
      status: r.status as RunStatus,
      attempt: r.attempt,
      outputs: (r.outputs ?? undefined) as Record<string, unknown> | undefined,
      usage: (r.usage ?? undefined) as RunRow['usage'],
      error: typeof r.error === 'string' ? r.error : undefined,
      startedAt: r.startedAt ?? r.createdAt,
      endedAt: r.endedAt ?? undefined,
    };
  }
}

const STEP_COLS = 12;
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
    sql = `INSERT INTO steps (run_id, step_id, status, attempt, agent_id, input, output, error, started_at, ended_at, idempotency_key, updated_at)
       VALUES ${new Array<string>(n).fill(tuple).join(', ')}
       ON CONFLICT (run_id, step_id) DO UPDATE SET status = excluded.status, attempt = excluded.attempt, agent_id = excluded.agent_id,
         input = excluded.input, output = excluded.output, error = excluded.error, started_at = excluded.started_at,
         ended_at = excluded.ended_at, idempotency_key = excluded.idempotency_key, updated_at = excluded.updated_at`;
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
      params[k++] = s.runId;
      params[k++] = s.stepId;
      params[k++] = s.status;
      params[k++] = s.attempt;
      params[k++] = s.agent ?? null;
      params[k++] = null; // input: not kept per step (the run's inputs and the step's `with` rebuild it)
      params[k++] = json(s.output);
      params[k++] = json(s.error ?? (s.reason === undefined ? null : { kind: 'skipped', message: s.reason }));
      params[k++] = s.startedAt ?? null;
      params[k++] = s.endedAt ?? null;
      params[k++] = null;
      params[k++] = tx.now;
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

/**
 * Bus events to the store, many per transaction: agents publish one event per task, and one
 * transaction per event would cost ~100 µs each. Events ride along (not durable), flushed once
 * per turn of the event loop and on close.
 */
export class EventPersister {
  private pending: BusEvent[] = [];
  private scheduled = false;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
  ) {}

  readonly persist = (e: BusEvent): void => {
    // A task_complete of a task the engine ran repeats its step row (status, output, agent):
    // keeping it in the bus history is enough.
    if (e.type === 'task_complete' && isEngineTask(e.data)) return;
    this.pending.push(e);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => void this.flush());
    }
  };

  flush(): Promise<void> {
    this.scheduled = false;
    const batch = this.pending;
    if (batch.length === 0) return this.flushing;
    this.pending = [];
    const { store } = this;
    this.flushing = store
      .transaction(
        (tx) => {
          for (const e of batch) {
            store.events.putEvent(tx, { id: e.id, type: e.type, priority: e.priority, source: e.source, target: e.target ?? null, data: e.data, createdAt: e.timestamp, expiresAt: e.expiresAt ?? null });
          }
        },
        { durable: false },
      )
      .catch((err: unknown) => this.logger.warn('events not persisted', { error: String(err), count: batch.length }));
    return this.flushing;
  }
}

function isEngineTask(data: unknown): boolean {
  return typeof data === 'object' && data !== null && typeof (data as { runId?: unknown }).runId === 'string' && typeof (data as { stepId?: unknown }).stepId === 'string';
}

/** An agent's view of the knowledge base: reads any category, writes under its own id. */
export function agentKnowledge(store: Store, agentId: string): KnowledgeAccess {
  return {
    retrieve: async (q) => store.knowledge.retrieve(q),
    store: (entry) =>
      store.knowledge.store({ category: entry.category, content: entry.content, agentId, source: 'agent', ...(entry.metadata ? { metadata: entry.metadata } : {}), ...(entry.confidence === undefined ? {} : { confidence: entry.confidence }) }),
  };
}
