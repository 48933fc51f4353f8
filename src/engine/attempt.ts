import { hash } from 'node:crypto';
import { StepTimeoutError } from './errors.ts';
import type { AgentLoopPort, ModelCallReport } from '../core/index.ts';
import type { AttemptContext } from './ports.ts';

export interface AttemptOwner {
  /** `agent`: the agent that spent the tokens, when the attempt knows better than the step's row. */
  addUsage(stepId: string, usage: { promptTokens: number; completionTokens: number }, agent?: string): void;
  modelCall(attempt: Attempt, call: ModelCallReport): void;
  /** The agent-loop port of an attempt (created when an llm executor with tools asks for it). */
  loopFor(attempt: Attempt): AgentLoopPort;
}

/**
 * One attempt of one step: the context its executor sees, its abort reason and its deadline
 * target. The AbortSignal is created only when someone reads it — for pure steps that finish
 * at once nobody does, and creating signals was a sixth of the engine's per-step time.
 * The context's members are getters on the prototype: adapters read the fields they pass on.
 */
export class Attempt implements AttemptContext {
  private ac: AbortController | undefined;
  /** Why the attempt was aborted (timeout, cancel, budget); undefined while it may go on. */
  reason: unknown;
  private key: string | undefined;
  private loopPort: AgentLoopPort | undefined;
  /**
   * The lease a step's attempt runs on. A handed-off attempt learns its agent from the worker's
   * result, before the step's row does: usage and model calls reported meanwhile name that agent.
   */
  lease: { readonly agentId: string } | undefined;
  /** Tool-call attempts started by this one's agent loop: aborted with it. */
  private children: Set<Attempt> | undefined;

  constructor(
    private readonly owner: AttemptOwner,
    readonly runId: string,
    readonly workflowId: string,
    readonly stepId: string,
    readonly capability: string,
    readonly attempt: number,
    readonly timeoutMs: number,
    readonly scope: Record<string, unknown>,
    /** A `for_each` item's or `repeat` iteration's key (`[2]`, `#1`): each gets its own idempotency key and its own agent loop. */
    readonly unit: string = '',
    /** Set for a tool call of an agent loop: part of its idempotency key and of its own loop's key. */
    readonly callId?: string,
    /** The loop this attempt's call belongs to (the step's, or `<step>/<callId>` when nested). */
    readonly parentLoop?: string,
  ) {}

  /** The journal key of this attempt's own agent loop: the step id (with its item or iteration), or `<parent loop>/<callId>` for a tool call's. */
  get loopKey(): string {
    return this.callId === undefined ? `${this.stepId}${this.unit}` : `${this.parentLoop ?? `${this.stepId}${this.unit}`}/${this.callId}`;
  }

  get loop(): AgentLoopPort {
    return (this.loopPort ??= this.owner.loopFor(this));
  }

  adopt(child: Attempt): void {
    (this.children ??= new Set()).add(child);
    if (this.reason !== undefined) child.abort(this.reason);
  }

  disown(child: Attempt): void {
    this.children?.delete(child);
  }

  get signal(): AbortSignal {
    if (!this.ac) {
      this.ac = new AbortController();
      if (this.reason !== undefined) this.ac.abort(this.reason);
    }
    return this.ac.signal;
  }

  get idempotencyKey(): string {
    return (this.key ??=
      this.callId === undefined ? stepIdempotencyKey(this.runId, `${this.stepId}${this.unit}`) : callIdempotencyKey(this.runId, this.parentLoop ?? `${this.stepId}${this.unit}`, this.callId));
  }

  readonly reportUsage = (u: { promptTokens: number; completionTokens: number }): void => this.owner.addUsage(this.stepId, u, this.lease?.agentId);

  /** A prototype method, not a per-attempt closure: most attempts never call a model. */
  reportModelCall(call: ModelCallReport): void {
    this.owner.modelCall(this, call);
  }

  abort(reason: unknown): void {
    if (this.reason !== undefined) return;
    this.reason = reason;
    this.ac?.abort(reason);
    if (this.children) for (const c of this.children) c.abort(reason);
  }

  /** Deadline target (see Deadlines). */
  fire(): void {
    this.abort(new StepTimeoutError(this.stepId, this.timeoutMs));
  }
}

/** A step's (or, with its unit, an item's or iteration's: `social[2]`) idempotency key: sha256 of run/row id, the same for every attempt. */
export function stepIdempotencyKey(runId: string, rowId: string): string {
  return hash('sha256', `${runId}/${rowId}`);
}

/** A tool call's idempotency key: sha256 of run/loop/call — the same when the call runs again after a crash. */
export function callIdempotencyKey(runId: string, loopKey: string, callId: string): string {
  return hash('sha256', `${runId}/${loopKey}/${callId}`);
}
