// Adapters from the real agents pool, store and bus to the engine's narrow ports.
import type { AgentPool, KnowledgeAccess, TaskContext } from '../agents/index.ts';
import type { BusEvent } from '../bus/index.ts';
import type { AgentLoopPort, Logger, ModelCallReport, ProjectSpec } from '../core/index.ts';
import type { AgentLease, AgentPort, AttemptContext, CapabilityInfo, ExecutorKind } from '../engine/index.ts';
import type { StoreBackend } from '../store/index.ts';

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
    private base: PoolBase,
  ) {}

  /**
   * A reloaded `amas.yaml` (providers, MCP servers, defaults) for the tasks that start from now
   * on; each lease keeps the base it was created with, so a task already going is not changed.
   */
  setProject(project: ProjectSpec): void {
    this.base = { ...this.base, project };
  }

  describe(capability: string, agentId?: string): CapabilityInfo | undefined {
    const agents = agentId === undefined ? this.pool.list().filter((a) => a.hasCapability(capability)) : [this.pool.get(agentId)].filter((a) => a?.hasCapability(capability));
    const caps = agents.map((a) => a!.capability(capability)!);
    if (caps.length === 0) return undefined;
    const kinds = new Set(caps.map((c) => Object.keys(c.run)[0] as ExecutorKind | undefined));
    const first = caps[0]!;
    return { kind: kinds.size === 1 ? [...kinds][0] : undefined, timeout: first.timeout, retry: first.retry, description: first.description, input: first.input, idempotent: first.idempotent };
  }

  /** Whether an agent that could take the capability runs it as an agent loop (an `llm` executor with `tools:`). */
  runsAgentLoop(capability: string, agentId?: string): boolean {
    const agents = agentId === undefined ? this.pool.list() : [this.pool.get(agentId)];
    return agents.some((a) => {
      const run = a?.hasCapability(capability) ? a.capability(capability)?.run : undefined;
      return run?.llm?.tools !== undefined && run.llm.tools.length > 0;
    });
  }

  capabilitiesOf(agentId: string): string[] | undefined {
    const agent = this.pool.get(agentId);
    return agent ? [...agent.capabilityNames] : undefined;
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
  get loop(): AgentLoopPort {
    return this.ctx.loop;
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
  reportModelCall(call: ModelCallReport): void {
    this.ctx.reportModelCall?.(call);
  }
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
    private readonly store: StoreBackend,
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
    this.flushing = this.store.events
      .appendMany(
        batch.map((e) => ({ id: e.id, type: e.type, priority: e.priority, source: e.source, target: e.target ?? null, data: e.data, createdAt: e.timestamp, expiresAt: e.expiresAt ?? null })),
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
export function agentKnowledge(store: StoreBackend, agentId: string): KnowledgeAccess {
  return {
    retrieve: (q) => store.knowledge.retrieve(q),
    search: async (text, q) => (await store.knowledge.search(text, { ...(q.category === undefined ? {} : { category: q.category }), limit: q.limit ?? 5 })).map((h) => ({ id: h.entry.id, category: h.entry.category, content: h.entry.content, score: h.score })),
    store: (entry) =>
      store.knowledge.store({ category: entry.category, content: entry.content, agentId, source: 'agent', ...(entry.metadata ? { metadata: entry.metadata } : {}), ...(entry.confidence === undefined ? {} : { confidence: entry.confidence }) }),
  };
}
