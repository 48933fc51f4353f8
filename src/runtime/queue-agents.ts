// The engine's agent port on a PostgreSQL store with the work queue on: a step attempt (or an
// item's, an iteration's, an agent loop's tool call) is handed to `amas worker` processes as a
// StepTask, journaled with its `running` row in one transaction (AgentLease.handoff), and its
// result is awaited through PgTaskResults. docs/scale-out.md "Workers".
import { NonRetriableError, RetryAfterError, silentLogger, type Clock, type Logger, type ModelCallReport, type Redactor } from '../core/index.ts';
import { RunStoppedError, StepTimeoutError, TaskInDoubtError, type AgentLease, type AgentPort, type AttemptContext, type CapabilityInfo } from '../engine/index.ts';
import { taskKeyOf, type PgStore, type StepTask, type TaskResult, type TaskUsage } from '../store/index.ts';
import type { PoolAgents } from './engine-ports.ts';

/** The scope entries a worker supplies itself (its env and secrets) or cannot receive (functions). */
const LOCAL_SCOPE = new Set(['env', 'secrets', 'knowledge']);

/** How long the answer to "is any worker alive?" is reused (one query per second at most). */
const LIVE_CHECK_MS = 1000;
/** A worker whose heartbeat is older is not counted (the queue's own dead-worker threshold). */
const LIVE_HEARTBEAT_MS = 15_000;

export class QueueAgents implements AgentPort {
  readonly handsOff = true;
  /** Whether a worker heartbeats (checked at most every LIVE_CHECK_MS); undefined until first asked. */
  private live: { at: number; any: boolean } | undefined;
  private checking: Promise<boolean> | undefined;
  /** Task keys a resume found handed off: handed off again whatever the workers, never run here. */
  private readonly reattach = new Set<string>();

  constructor(
    private readonly local: PoolAgents,
    private readonly store: PgStore,
    private readonly redactor: Pick<Redactor, 'redactDeep'>,
    private readonly clock: Clock,
    /** false (`amas up --no-work`): with no worker alive, attempts wait for one instead of running here. */
    private readonly runHereWithoutWorkers = true,
    private readonly logger: Logger = silentLogger,
  ) {}

  describe(capability: string, agentId?: string): CapabilityInfo | undefined {
    return this.local.describe(capability, agentId);
  }

  capabilitiesOf(agentId: string): string[] | undefined {
    return this.local.capabilitiesOf(agentId);
  }

  async handedOff(idempotencyKey: string, attempt: number): Promise<boolean> {
    const key = taskKeyOf({ idempotencyKey, attempt });
    const found = await this.store.taskHandedOff(key);
    if (found) this.reattach.add(key);
    return found;
  }

  /**
   * Capabilities that always run in the driving process. An agent loop: its conversation needs the
   * engine's loop port (journal, routed tool calls), which lives here; each of its tool calls is
   * handed off. A `template`: pure data plumbing that reads `knowledge()` and the run's scope — a
   * round trip through the queue would cost more than the step.
   */
  private runsHere(capability: string, prefs: { agentId?: string }): boolean {
    return this.local.describe(capability, prefs.agentId)?.kind === 'template' || this.local.runsAgentLoop(capability, prefs.agentId);
  }

  tryAcquire(capability: string, prefs: { agentId?: string; domain?: string }): AgentLease | undefined {
    if (this.runsHere(capability, prefs)) return this.local.tryAcquire(capability, prefs);
    // Whether any worker is alive must be known before handing off: when that answer is stale,
    // `acquire` asks again (asynchronously).
    if (this.live === undefined || this.clock.now() - this.live.at > LIVE_CHECK_MS) return undefined;
    return new QueueLease(this, capability, prefs);
  }

  async acquire(capability: string, prefs: { agentId?: string; domain?: string }, attempt: { readonly signal: AbortSignal }): Promise<AgentLease> {
    if (this.runsHere(capability, prefs)) return this.local.acquire(capability, prefs, attempt);
    await this.checkLive();
    return new QueueLease(this, capability, prefs);
  }

  private checkLive(): Promise<boolean> {
    if (this.live !== undefined && this.clock.now() - this.live.at <= LIVE_CHECK_MS) return Promise.resolve(this.live.any);
    this.checking ??= this.store.workers
      .list()
      .then((ws) => ws.some((w) => this.clock.now() - w.heartbeatAt < LIVE_HEARTBEAT_MS))
      // Unknown (the query failed): hand off, as the journal write that follows will fail just the same.
      .catch(() => true)
      .then((any) => {
        this.live = { at: this.clock.now(), any };
        this.checking = undefined;
        return any;
      });
    return this.checking;
  }

  /** The attempt's task, or undefined when it must run here (see QueueLease.handoff). */
  taskOf(capability: string, prefs: { agentId?: string; domain?: string }, input: unknown, ctx: AttemptContext): StepTask | undefined {
    const scope: Record<string, unknown> = {};
    const all = ctx.scope;
    for (const k of Object.keys(all)) if (!LOCAL_SCOPE.has(k) && typeof all[k] !== 'function') scope[k] = all[k];
    const reattaching = this.reattach.delete(taskKeyOf(ctx));
    // Task payloads are stored in PostgreSQL; secrets never are (docs/scale-out.md): an attempt
    // whose input or scope holds a secret value runs in this process, which has the secrets.
    if (!reattaching && (this.redactor.redactDeep(input) !== input || this.redactor.redactDeep(scope) !== scope)) return undefined;
    // No worker alive (`amas run` with no `amas up` or `amas worker` anywhere): a task nobody takes
    // would wait for ever, so the attempt runs here. A resumed attempt that was handed off is
    // handed off again all the same: its task may be done or still running on a worker.
    if (!reattaching && this.runHereWithoutWorkers && this.live?.any === false) return undefined;
    const info = this.local.describe(capability, prefs.agentId);
    return {
      runId: ctx.runId,
      stepId: ctx.stepId,
      attempt: ctx.attempt,
      capability,
      ...(prefs.agentId === undefined ? {} : { agentId: prefs.agentId }),
      ...(prefs.domain === undefined ? {} : { domain: prefs.domain }),
      idempotencyKey: ctx.idempotencyKey,
      idempotent: info?.idempotent !== false,
      deadline: this.clock.now() + ctx.timeoutMs,
      input,
      workflowId: ctx.workflowId,
      timeoutMs: ctx.timeoutMs,
      scope,
      ...(reattaching ? { resumed: true } : {}),
    };
  }

  /**
   * Waits for the task's result; aborting `signal` (cancel, timeout, shutdown) stops waiting, not
   * the worker. `listeningSince`: the result listener's epoch read before the task was handed over.
   */
  wait(task: StepTask, signal: AbortSignal, listeningSince: number | undefined): Promise<TaskResult> {
    return this.store.taskResults.wait(taskKeyOf(task), signal, task.resumed === true ? undefined : listeningSince);
  }

  /**
   * Stops `task` if its run stopped for good (cancelled, out of budget, a sibling item failed):
   * not on a shutdown, whose run resumes and re-attaches to it, nor on a timeout, which the
   * worker keeps itself (the task carries its deadline).
   */
  stopped(task: StepTask, reason: unknown): void {
    if (!(reason instanceof RunStoppedError) || reason.suspended) return;
    this.store.cancelTask(taskKeyOf(task)).catch((e: unknown) => this.onCancelError(task, e));
  }

  private onCancelError(task: StepTask, e: unknown): void {
    this.logger.warn('could not tell the workers to stop a task; it runs to its deadline', { runId: task.runId, stepId: task.stepId, error: e instanceof Error ? e.message : String(e) });
  }

  /** The result listener's epoch now (see PgTaskResults.listeningEpoch). */
  listeningEpoch(): number | undefined {
    return this.store.taskResults.listeningEpoch;
  }

  runLocal(capability: string, prefs: { agentId?: string; domain?: string }, ctx: AttemptContext): Promise<AgentLease> {
    return Promise.resolve(this.local.tryAcquire(capability, prefs) ?? this.local.acquire(capability, prefs, ctx));
  }
}

/**
 * One handed-off attempt. No local agent is held: the worker acquires one in its own pool. The
 * agent id reads as the pinned agent (or "queue") until the result names the agent that ran it.
 */
class QueueLease implements AgentLease {
  agentId: string;
  private task: StepTask | undefined;
  private decided = false;
  private listeningSince: number | undefined;

  constructor(
    private readonly port: QueueAgents,
    private readonly capability: string,
    private readonly prefs: { agentId?: string; domain?: string },
  ) {
    this.agentId = prefs.agentId ?? 'queue';
  }

  handoff(input: unknown, ctx: AttemptContext): unknown {
    this.decided = true;
    // Read before the task is journaled: see PgTaskResults.listeningEpoch.
    this.listeningSince = this.port.listeningEpoch();
    this.task = this.port.taskOf(this.capability, this.prefs, input, ctx);
    return this.task;
  }

  async execute(input: unknown, ctx: AttemptContext): Promise<unknown> {
    if (!this.decided) this.handoff(input, ctx);
    if (this.task === undefined) return this.executeHere(input, ctx);
    const task = this.task;
    const r = await this.port.wait(task, ctx.signal, this.listeningSince).catch((e: unknown) => {
      if (ctx.signal.aborted) this.port.stopped(task, ctx.signal.reason);
      throw e;
    });
    switch (r.status) {
      case 'ok':
        this.takeUsage(r.usage, ctx);
        return r.output;
      case 'error': {
        this.takeUsage(r.usage, ctx);
        // The step's retry policy applies as if the attempt had failed here.
        if (r.error.code === 'TIMEOUT') throw new StepTimeoutError(ctx.stepId, ctx.timeoutMs);
        if (r.error.code === 'NON_RETRIABLE') throw new NonRetriableError(r.error.message);
        if (r.error.retryAfterMs !== undefined) throw new RetryAfterError(r.error.message, r.error.retryAfterMs);
        throw Object.assign(new Error(r.error.message), r.error.code === undefined ? {} : { code: r.error.code });
      }
      case 'in_doubt':
        throw new TaskInDoubtError(`${r.error.message}: retry or skip it (amas runs retry|skip)`);
    }
  }

  /** A worker's usage report: the agent that ran the task, its tokens (charged here), its model requests (emitted here). */
  private takeUsage(raw: unknown, ctx: AttemptContext): void {
    const usage = raw as Partial<TaskUsage> | undefined;
    if (typeof usage?.agentId === 'string' && usage.agentId !== '') this.agentId = usage.agentId;
    const promptTokens = tokens(usage?.promptTokens);
    const completionTokens = tokens(usage?.completionTokens);
    if (promptTokens > 0 || completionTokens > 0) ctx.reportUsage({ promptTokens, completionTokens });
    if (ctx.reportModelCall && Array.isArray(usage?.modelCalls)) for (const c of usage.modelCalls) if (isModelCall(c)) ctx.reportModelCall(c);
  }

  /** The attempt holds a secret: it runs on an agent of this process. */
  private async executeHere(input: unknown, ctx: AttemptContext): Promise<unknown> {
    const lease = await this.port.runLocal(this.capability, this.prefs, ctx);
    this.agentId = lease.agentId;
    try {
      return await lease.execute(input, ctx);
    } finally {
      lease.release();
    }
  }

  release(): void {}
}

function tokens(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0;
}

/** The result row is data from the shared store: only a well-formed report becomes an event. */
function isModelCall(c: unknown): c is ModelCallReport {
  const r = c as Partial<ModelCallReport> | null;
  return typeof r === 'object' && r !== null && typeof r.provider === 'string' && typeof r.model === 'string' && typeof r.startedAt === 'number' && typeof r.durationMs === 'number';
}
