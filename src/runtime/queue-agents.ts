// The engine's agent port on a PostgreSQL store with the work queue on: a step attempt (or an
// item's, an iteration's, an agent loop's tool call) is handed to `amas worker` processes as a
// StepTask, journaled with its `running` row in one transaction (AgentLease.handoff), and its
// result is awaited through PgTaskResults. docs/scale-out.md "Workers".
import { NonRetriableError, RetryAfterError, type Clock, type Redactor } from '../core/index.ts';
import { StepTimeoutError, TaskInDoubtError, type AgentLease, type AgentPort, type AttemptContext, type CapabilityInfo } from '../engine/index.ts';
import { taskKeyOf, type PgStore, type StepTask, type TaskResult, type TaskUsage } from '../store/index.ts';
import type { PoolAgents } from './engine-ports.ts';

/** The scope entries a worker supplies itself (its env and secrets) or cannot receive (functions). */
const LOCAL_SCOPE = new Set(['env', 'secrets', 'knowledge']);

export class QueueAgents implements AgentPort {
  readonly handsOff = true;

  constructor(
    private readonly local: PoolAgents,
    private readonly store: PgStore,
    private readonly redactor: Pick<Redactor, 'redactDeep'>,
    private readonly clock: Clock,
  ) {}

  describe(capability: string, agentId?: string): CapabilityInfo | undefined {
    return this.local.describe(capability, agentId);
  }

  capabilitiesOf(agentId: string): string[] | undefined {
    return this.local.capabilitiesOf(agentId);
  }

  handedOff(idempotencyKey: string, attempt: number): Promise<boolean> {
    return this.store.taskHandedOff(taskKeyOf({ idempotencyKey, attempt }));
  }

  tryAcquire(capability: string, prefs: { agentId?: string; domain?: string }): AgentLease | undefined {
    // An agent loop runs here: its conversation needs the engine's loop port (journal, routed
    // tool calls), which lives in the driving process; each of its tool calls is handed off.
    if (this.local.runsAgentLoop(capability, prefs.agentId)) return this.local.tryAcquire(capability, prefs);
    return new QueueLease(this, capability, prefs);
  }

  async acquire(capability: string, prefs: { agentId?: string; domain?: string }, attempt: { readonly signal: AbortSignal }): Promise<AgentLease> {
    if (this.local.runsAgentLoop(capability, prefs.agentId)) return this.local.acquire(capability, prefs, attempt);
    return new QueueLease(this, capability, prefs);
  }

  /** The attempt's task, or undefined when it must run here (see QueueLease.handoff). */
  taskOf(capability: string, prefs: { agentId?: string; domain?: string }, input: unknown, ctx: AttemptContext): StepTask | undefined {
    const scope: Record<string, unknown> = {};
    const all = ctx.scope;
    for (const k of Object.keys(all)) if (!LOCAL_SCOPE.has(k) && typeof all[k] !== 'function') scope[k] = all[k];
    // Task payloads are stored in PostgreSQL; secrets never are (docs/scale-out.md): an attempt
    // whose input or scope holds a secret value runs in this process, which has the secrets.
    if (this.redactor.redactDeep(input) !== input || this.redactor.redactDeep(scope) !== scope) return undefined;
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
    };
  }

  /** Waits for the task's result; aborting `signal` (cancel, timeout, shutdown) stops waiting, not the worker. */
  wait(task: StepTask, signal: AbortSignal): Promise<TaskResult> {
    return this.store.taskResults.wait(taskKeyOf(task), signal);
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

  constructor(
    private readonly port: QueueAgents,
    private readonly capability: string,
    private readonly prefs: { agentId?: string; domain?: string },
  ) {
    this.agentId = prefs.agentId ?? 'queue';
  }

  handoff(input: unknown, ctx: AttemptContext): unknown {
    this.decided = true;
    this.task = this.port.taskOf(this.capability, this.prefs, input, ctx);
    return this.task;
  }

  async execute(input: unknown, ctx: AttemptContext): Promise<unknown> {
    if (!this.decided) this.handoff(input, ctx);
    if (this.task === undefined) return this.executeHere(input, ctx);
    const r = await this.port.wait(this.task, ctx.signal);
    switch (r.status) {
      case 'ok': {
        const usage = r.usage as TaskUsage | undefined;
        if (usage?.agentId) this.agentId = usage.agentId;
        if (usage && (usage.promptTokens > 0 || usage.completionTokens > 0)) ctx.reportUsage({ promptTokens: usage.promptTokens, completionTokens: usage.completionTokens });
        return r.output;
      }
      case 'error': {
        const usage = r.usage as TaskUsage | undefined;
        if (usage?.agentId) this.agentId = usage.agentId;
        if (usage && (usage.promptTokens > 0 || usage.completionTokens > 0)) ctx.reportUsage({ promptTokens: usage.promptTokens, completionTokens: usage.completionTokens });
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
