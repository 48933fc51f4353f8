import { assertNever, checkJsonLimits, DEFAULT_JSON_LIMITS, errorMessage, LoopWaiting, NonRetriableError, type AgentLoopPort, type LoopHistory, type ModelCallReport, type TimerHandle } from '../core/index.ts';
import { ApprovalSteps, type ApprovalHost } from './approval-step.ts';
import { Attempt } from './attempt.ts';
import { StepLoop, type LoopOwner } from './loop.ts';
import { ToolWaits, type ToolWaitHost } from './tool-waits.ts';
import { classify, RunStoppedError, TaskInDoubtError } from './errors.ts';
import type { AgentLease } from './ports.ts';
import type { Plan, PlanStep } from './plan.ts';
import { backoffDelay } from './policy.ts';
import type { RunDeps } from './run-deps.ts';
import { RunBudget } from './run-budget.ts';
import { RunScheduler } from './run-scheduler.ts';
import { runControlled, type UnitHost, type UnitOutcome } from './controlled-step.ts';
import type { BudgetLink } from './run-deps.ts';
import type { RunRow, StepError, StepRow } from './types.ts';
import { pendingStep } from './types.ts';
import { addUsage, type TokenReport } from './usage.ts';

/**
 * One run of one plan. The schedule (ready queue, settling, stopping, ending) is RunScheduler's
 * (run-scheduler.ts); this class runs the steps it launches: conditions, input rendering,
 * attempts with retries, and each step's outcome. Every transition goes through the journal
 * buffer before it is acted on (durably for side-effecting steps).
 */
export class RunExecution extends RunScheduler implements LoopOwner, UnitHost, ApprovalHost, ToolWaitHost {
  private readonly execScope: Record<string, unknown>;
  /** The attempt in flight per step index (an array: a Map's set/delete per step churned its table). */
  private readonly attempts: (Attempt | undefined)[];
  /** Attempts of `for_each` items and `repeat` iterations (several per step at once). */
  private readonly unitAttempts = new Map<StepRow, Attempt>();
  private inFlight = 0;
  private readonly sleeps = new Map<StepRow, { timer: TimerHandle; wake: () => void }>();
  private readonly budget: RunBudget;
  /** Agent-loop conversations by loop key, loaded from the journal once (resumed runs) and kept current. */
  private loops: Map<string, Promise<LoopHistory>> | undefined;
  /** Item and iteration rows by id (`social[2]`, `draft#1`): read back from the journal on a resume. */
  private readonly unitRows: Map<string, StepRow>;
  readonly approvals: ApprovalSteps;
  /** Steps whose agent loop waits for tool-call approvals. */
  readonly toolWaits: ToolWaits;

  constructor(
    plan: Plan,
    row: RunRow,
    stepRows: StepRow[] | undefined,
    deps: RunDeps,
    /** A child run's link to its parent's budgets. */
    link?: BudgetLink,
    unitRows?: StepRow[],
  ) {
    super(plan, row, stepRows, deps);
    this.budget = new RunBudget(plan.workflow.budget, link, (s) => this.stop(s));
    this.approvals = new ApprovalSteps(this);
    this.toolWaits = new ToolWaits(this);
    this.attempts = new Array<Attempt | undefined>(plan.steps.length);
    const runInfo = { id: row.id, workflow: row.workflow, attempt: row.attempt };
    this.execScope = { env: deps.env, secrets: deps.secrets, run: runInfo, knowledge: deps.knowledge };
    this.unitRows = new Map((unitRows ?? []).map((r) => [r.stepId, r]));
  }

  protected interrupt(err: RunStoppedError): void {
    this.approvals.interrupt();
    this.toolWaits.interrupt();
    if (this.inFlight > 0) {
      for (const at of this.attempts) at?.abort(err);
      for (const at of this.unitAttempts.values()) at.abort(err);
    }
    for (const [k, sl] of this.sleeps) {
      this.deps.clock.clearTimeout(sl.timer);
      this.sleeps.delete(k);
      sl.wake();
    }
  }

  protected launch(i: number): void {
    const ps = this.plan.steps[i]!;
    let blockedBy: StepRow | undefined;
    const { needStart, needs } = this.plan.edges;
    // Only a run with a step that did not complete can have a ready step whose need did not.
    if (this.unsuccessful > 0) {
      for (let k = needStart[ps.group]!; k < needStart[ps.group + 1]!; k++) {
        const r = this.rows[needs[k]!]!;
        if (r.status !== 'completed') {
          blockedBy = r;
          break;
        }
      }
    }
    // A step whose need did not complete is skipped, unless it has its own condition: then
    // that condition decides (it can read steps.<id>.status).
    if (blockedBy && ps.condition === undefined) return this.skip(i, `needs ${blockedBy.stepId}, which was ${blockedBy.status}`);
    let input: unknown;
    try {
      if (ps.condition !== undefined && !this.deps.expr.render(ps.condition, this.scope)) return this.skip(i, 'condition was false');
      if (ps.kind === 'approval') {
        this.active++;
        void this.approvals.begin(i, ps);
        return;
      }
      // for_each and repeat render `with` per item or iteration (controlled-step.ts).
      if (ps.forEach === undefined && ps.repeat === undefined) {
        input = ps.constantWith ? (ps.spec.with ?? {}) : this.deps.expr.render(ps.spec.with ?? {}, this.scope);
        if (!ps.constantWith) limitData(input, 'input');
      }
    } catch (err) {
      this.active++;
      void this.fail(i, ps, { kind: 'expression', message: `step ${ps.id}: ${errorMessage(err)}` });
      return;
    }
    this.active++;
    if (ps.forEach !== undefined || ps.repeat !== undefined) void this.executeControlled(i, ps);
    else void this.execute(i, ps, input);
  }

  private async execute(i: number, ps: PlanStep, input: unknown): Promise<void> {
    const o = await this.runAttempts(ps, this.rows[i]!, input, undefined);
    switch (o.kind) {
      case 'ok':
        return this.complete(i, ps, input, o.output, o.durationMs);
      case 'failed':
        return this.fail(i, ps, o.error);
      case 'stopped':
        return this.endStopped(i, o.failure);
      case 'waiting':
        return this.toolWaits.begin(i, ps, input);
      case 'in_doubt':
        return this.waitInDoubt(i, ps, o.error);
      default:
        return assertNever(o, 'step outcome');
    }
  }

  rerun(i: number, ps: PlanStep, input: unknown): void {
    void this.execute(i, ps, input);
  }

  /** A `for_each` or `repeat` step: its items or iterations run as units of their own (controlled-step.ts). */
  private async executeControlled(i: number, ps: PlanStep): Promise<void> {
    const row = this.rows[i]!;
    row.attempt++;
    row.status = 'running';
    row.startedAt = this.deps.clock.now();
    row.error = undefined;
    const t0 = performance.now();
    const w = this.deps.journal.step(row, ps.sideEffects);
    if (w) await w.catch(() => undefined);
    const o = await runControlled(this, ps);
    switch (o.kind) {
      case 'ok':
        try {
          limitData(o.output, 'output');
        } catch (err) {
          return this.fail(i, ps, { kind: 'non_retriable', message: errorMessage(err) });
        }
        return this.complete(i, ps, undefined, o.output, performance.now() - t0, false);
      case 'failed':
        return this.fail(i, ps, o.error);
      case 'stopped':
        return this.endStopped(i, o.failure);
    }
  }

  // ---- UnitHost: what controlled-step.ts uses ----

  get runId(): string {
    return this.row.id;
  }

  get runStopped(): boolean {
    return this.stopped !== undefined;
  }

  get runSuspended(): boolean {
    return this.suspended;
  }

  get runScope(): Record<string, unknown> {
    return this.scope;
  }

  get runDeps(): RunDeps {
    return this.deps;
  }

  /** The row of one item or iteration (`social[2]`, `draft#1`): the journaled one after a resume, else a new one. */
  unitRow(ps: PlanStep, unit: string): StepRow {
    const id = `${ps.id}${unit}`;
    let r = this.unitRows.get(id);
    if (!r) {
      r = pendingStep(this.row.id, id);
      this.unitRows.set(id, r);
    } else if (r.status === 'running' || r.status === 'retrying' || r.status === 'cancelled') {
      // In flight when the process stopped (or cancelled with its step): runs again, same key.
      r.status = 'pending';
    }
    return r;
  }

  /** Aborts the in-flight attempts of some unit rows (the other items of a failed for_each). */
  abortUnits(rows: Iterable<StepRow>, reason: unknown): void {
    for (const r of rows) this.unitAttempts.get(r)?.abort(reason);
  }

  renderData(value: unknown, scope: Record<string, unknown>): unknown {
    const v = this.deps.expr.render(value, scope);
    limitData(v, 'input');
    return v;
  }

  /**
   * Attempts of one unit — a plain step, or one item or iteration (`unit` then names it and keys
   * its idempotency) — with retries, each transition journaled on `row` first.
   */
  async runUnit(ps: PlanStep, row: StepRow, input: unknown, unit: string | undefined, extraScope?: Record<string, unknown>): Promise<UnitOutcome> {
    const o = await this.runAttempts(ps, row, input, unit, extraScope);
    // The gate refuses approvals in items and iterations before it asks (tool-approval.ts); a unit never waits.
    if (o.kind === 'waiting') return { kind: 'failed', error: { kind: 'non_retriable', message: 'a tool call waits for approval, which for_each items and repeat iterations cannot do' } };
    // An item or iteration cannot wait in_doubt on its own: it fails, naming why (retry the run's step by hand).
    if (o.kind === 'in_doubt') return { kind: 'failed', error: o.error };
    return o;
  }

  /** runUnit's attempts; a plain step's may end waiting for tool-call approvals (its agent loop threw LoopWaiting). */
  private async runAttempts(ps: PlanStep, row: StepRow, input: unknown, unit: string | undefined, extraScope?: Record<string, unknown>): Promise<UnitOutcome | { kind: 'waiting' } | { kind: 'in_doubt'; error: StepError }> {
    const { clock, journal, agents } = this.deps;
    const runId = this.row.id;
    const i = ps.index;
    const scope = extraScope ? { ...this.execScope, ...extraScope } : this.execScope;
    for (;;) {
      if (this.stopped) return { kind: 'stopped' };
      // A child run's attempts are its children's: the `workflow:` step itself calls no executor.
      if (ps.kind === 'task' && !this.countToolCall()) return { kind: 'stopped' };
      row.attempt++;
      row.status = 'running';
      row.startedAt = clock.now();
      row.error = undefined;
      const at = new Attempt(this, runId, this.row.workflow, ps.id, ps.capability, row.attempt, ps.timeoutMs, scope, unit ?? '');
      if (unit === undefined) this.attempts[i] = at;
      else this.unitAttempts.set(row, at);
      this.inFlight++;
      const deadline = this.deps.deadlines.add(ps.timeoutMs, at);
      const t0 = performance.now();
      let ok = false;
      let output: unknown;
      let failure: unknown;
      let lease: AgentLease | undefined;
      try {
        let task: unknown;
        if (agents.handsOff === true && ps.kind !== 'workflow') {
          // The lease decides whether the attempt is handed to another process before the running
          // row is written: the row and its task then commit together, in one durable write.
          lease = agents.tryAcquire?.(ps.capability, ps.route) ?? (await agents.acquire(ps.capability, ps.route, at));
          task = lease.handoff?.(input, at);
        }
        const w = journal.step(row, ps.sideEffects || task !== undefined, task);
        if (w) await w;
        if (at.reason !== undefined) throw at.reason;
        if (ps.kind === 'workflow') {
          if (this.deps.listening()) this.deps.emit({ type: 'step_started', runId, stepId: ps.id, attempt: row.attempt, maxAttempts: ps.retry.attempts, agent: `workflow ${ps.capability}` });
          output = await this.runChildOf(ps, input, at, unit);
        } else {
          lease ??= agents.tryAcquire?.(ps.capability, ps.route) ?? (await agents.acquire(ps.capability, ps.route, at));
          at.lease = lease;
          row.agent = lease.agentId;
          if (this.deps.listening()) this.deps.emit({ type: 'step_started', runId, stepId: ps.id, attempt: row.attempt, maxAttempts: ps.retry.attempts, agent: lease.agentId });
          output = await lease.execute(input, at);
          // A handed-off attempt learns its agent from the worker's result.
          row.agent = lease.agentId;
        }
        limitData(output, 'output');
        ok = !((at.reason as object | undefined) instanceof RunStoppedError);
      } catch (err) {
        failure = at.reason ?? err;
      } finally {
        lease?.release();
      }
      this.deps.deadlines.cancel(deadline);
      if (unit === undefined) this.attempts[i] = undefined;
      else this.unitAttempts.delete(row);
      this.inFlight--;
      const durationMs = performance.now() - t0;
      if (ok) return { kind: 'ok', output, durationMs };
      if (this.stopped) return { kind: 'stopped', failure };
      if (failure instanceof LoopWaiting) return { kind: 'waiting' };
      const c = classify(failure);
      if (failure instanceof TaskInDoubtError) return { kind: 'in_doubt', error: c.error };
      if (!c.retry || row.attempt >= ps.retry.attempts) {
        this.record(ps, row, input, undefined, durationMs, c.error);
        return { kind: 'failed', error: c.error };
      }
      const delayMs = c.afterMs ?? backoffDelay(ps.retry, row.attempt + 1, this.deps.random);
      row.status = 'retrying';
      row.error = c.error;
      void journal.step(row, false);
      if (this.deps.listening()) this.deps.emit({ type: 'step_retrying', runId, stepId: ps.id, attempt: row.attempt, maxAttempts: ps.retry.attempts, delayMs, error: c.error });
      await this.sleep(row, delayMs);
    }
  }

  /**
   * A `workflow:` step's attempt: the child run (re-attached after a resume: its id derives from
   * this run, step and unit). A child that did not complete fails the step, naming the child run.
   */
  private async runChildOf(ps: PlanStep, input: unknown, at: Attempt, unit: string | undefined): Promise<unknown> {
    const link = this.childLink(ps.id);
    const parent = unit === undefined ? { runId: this.row.id, stepId: ps.id } : { runId: this.row.id, stepId: ps.id, key: unit };
    const inputs = (input ?? {}) as Record<string, unknown>;
    const r = await this.deps.runChild(parent, ps.capability, inputs, at.signal, link);
    if (r.status !== 'completed') {
      throw new NonRetriableError(`child run ${r.id} (workflow ${ps.capability}) ${r.status === 'running' ? 'is waiting' : r.status}${r.error ? `: ${r.error}` : ''}`);
    }
    return r.outputs ?? {};
  }

  /** How a child run started for `stepId` (a `workflow:` step, or a workflow tool of its agent loop) charges this run. */
  childLink(stepId: string): BudgetLink {
    // A child run's executor attempts count against this run's tool-call budget too.
    return { chargeToolCall: () => this.budget.chargeToolCall(), addUsage: (u) => this.addUsage(stepId, u) };
  }

  // ── ApprovalHost: what approval-step.ts asks of its run ──
  get isStopped(): boolean {
    return this.stopped !== undefined;
  }

  addWait(delta: 1 | -1): void {
    this.waits += delta;
  }

  completeApproval(i: number, output: unknown, durationMs: number): void {
    this.complete(i, this.plan.steps[i]!, undefined, output, durationMs);
  }

  failApproval(i: number, error: StepError): void {
    void this.fail(i, this.plan.steps[i]!, error);
  }

  private sleep(row: StepRow, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        this.sleeps.delete(row);
        resolve();
      };
      this.sleeps.set(row, { timer: this.deps.clock.setTimeout(wake, ms), wake });
    });
  }

  countToolCall(): boolean {
    return this.budget.countToolCall() && this.stopped === undefined;
  }

  loopFor(attempt: Attempt): AgentLoopPort {
    return new StepLoop(this, attempt);
  }

  loopHistory(loopKey: string): Promise<LoopHistory> {
    const loops = (this.loops ??= new Map());
    let h = loops.get(loopKey);
    if (!h) {
      // Only a resumed run can have journaled turns this process has not seen.
      const read = this.row.attempt > 1 ? this.deps.journal.readLoop(this.row.id, loopKey) : undefined;
      h = read ?? Promise.resolve({ turns: [], calls: [] });
      loops.set(loopKey, h);
    }
    return h;
  }

  /** Records an attempt's LLM tokens on the run, its step and its agent, then checks the budget. */
  addUsage(stepId: string, u: TokenReport, agent?: string): void {
    this.budget.addTokens(u, addUsage(this.row, stepId, agent ?? this.rows[this.plan.byId.get(stepId) ?? -1]?.agent, u));
  }

  /** An attempt's model request, as a `model_call` event (built only when someone listens). */
  modelCall(at: Attempt, call: ModelCallReport): void {
    if (!this.deps.listening()) return;
    const agent = at.lease?.agentId ?? this.rows[this.plan.byId.get(at.stepId) ?? -1]?.agent ?? '';
    this.deps.emit({ ...call, type: 'model_call', runId: at.runId, stepId: at.stepId, attempt: at.attempt, agent });
  }

}

/**
 * A step's rendered input and its output go to the journal, the events and every face: one
 * larger than DEFAULT_JSON_LIMITS fails its step (not retried: the same input gives the same
 * size), never the store or the process.
 */
function limitData(value: unknown, what: 'input' | 'output'): void {
  const problem = checkJsonLimits(value, DEFAULT_JSON_LIMITS);
  if (!problem) return;
  const { maxBytes, maxDepth } = DEFAULT_JSON_LIMITS;
  throw new NonRetriableError(`the step's ${what} is ${problem.reason} (step ${what}s are limited to ${maxBytes / (1024 * 1024)} MiB and ${maxDepth} levels as JSON)`);
}
