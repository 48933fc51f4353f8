import { hash } from 'node:crypto';
import { StepTimeoutError } from './errors.ts';
import type { ModelCallReport } from '../core/index.ts';
import type { AttemptContext } from './ports.ts';

export interface AttemptOwner {
  addUsage(stepId: string, usage: { promptTokens: number; completionTokens: number }): void;
  modelCall(attempt: Attempt, call: ModelCallReport): void;
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

  constructor(
    private readonly owner: AttemptOwner,
    readonly runId: string,
    readonly workflowId: string,
    readonly stepId: string,
    readonly capability: string,
    readonly attempt: number,
    readonly timeoutMs: number,
    readonly scope: Record<string, unknown>,
    /** A `for_each` item's or `repeat` iteration's key (`[2]`, `#1`): each gets its own idempotency key. */
    private readonly unit: string = '',
  ) {}

  get signal(): AbortSignal {
    if (!this.ac) {
      this.ac = new AbortController();
      if (this.reason !== undefined) this.ac.abort(this.reason);
    }
    return this.ac.signal;
  }

  get idempotencyKey(): string {
    return (this.key ??= hash('sha256', `${this.runId}/${this.stepId}${this.unit}`));
  }

  readonly reportUsage = (u: { promptTokens: number; completionTokens: number }): void => this.owner.addUsage(this.stepId, u);

  /** A prototype method, not a per-attempt closure: most attempts never call a model. */
  reportModelCall(call: ModelCallReport): void {
    this.owner.modelCall(this, call);
  }

  abort(reason: unknown): void {
    if (this.reason !== undefined) return;
    this.reason = reason;
    this.ac?.abort(reason);
  }

  /** Deadline target (see Deadlines). */
  fire(): void {
    this.abort(new StepTimeoutError(this.stepId, this.timeoutMs));
  }
}
