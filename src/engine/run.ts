import { checkJsonLimits, DEFAULT_JSON_LIMITS, errorMessage, NonRetriableError, parseDuration, type TimerHandle } from '../core/index.ts';
import { Attempt } from './attempt.ts';
import { classify, RunStoppedError } from './errors.ts';
import { closeOpenSteps, publishOutcome } from './outcome.ts';
import { openNeeds, type Plan, type PlanStep } from './plan.ts';
import { backoffDelay } from './policy.ts';
import { buildResult, stepResult, taskKnowledge, workflowKnowledge } from './results.ts';
import type { RunDeps } from './run-deps.ts';
import type { RunResult, RunRow, RunStatus, StepError, StepRow } from './types.ts';
import { FINISHED_STEP, pendingStep } from './types.ts';
import { addUsage, type TokenReport } from './usage.ts';

/**
 * Steps of one run in flight at once; the rest wait in the ready queue, in order. A fan-out of
 * 10,000 steps launched together keeps 10,000 attempts, leases and promises alive at once and
 * spends its time in the garbage collector; agent concurrency limits are mostly below this anyway. Measured
 * (bench/engine, 10k fan-out): 26 → 12.5 µs CPU per step.
 */
export const MAX_IN_FLIGHT = 256;

type Stop = { status: 'failed' | 'cancelled' | 'budget_exceeded'; error: string };

/**
 * One run of one plan: a ready queue fed by indegree counts, so each edge is touched once.
 * Steps are launched as soon as their needs settle; every transition goes through the journal
 * buffer before it is acted on (durably for side-effecting steps).
 */
export class RunExecution {
  readonly rows: StepRow[];
  /** Open needs per step, from start() on. */
  private indeg: Int32Array = new Int32Array(0);
  private readonly stepsScope: Record<string, { output?: unknown; status: string }> = {};
  private readonly scope: Record<string, unknown>;
  private readonly execScope: Record<string, unknown>;
  private readonly ready: number[] = [];
  private head = 0;
  private pumping = false;
  private active = 0;
  private settled = 0;
  /** Settled steps that did not complete: while there are none, every need of a ready step completed. */
  private unsuccessful = 0;
  /** The attempt in flight per step index (an array: a Map's set/delete per step churned its table). */
  private readonly attempts: (Attempt | undefined)[];
  private inFlight = 0;
  private readonly sleeps = new Map<number, { timer: TimerHandle; wake: () => void }>();
  private stopped: Stop | undefined;
  /** Stopped for a shutdown, not ended: nothing more is journaled, so a resume picks the run up. */
  private suspended = false;
  private finishing = false;
  private toolCalls = 0;
  private wallTimer: TimerHandle | undefined;
  private resolveDone!: (r: RunResult) => void;
  readonly done: Promise<RunResult>;

  constructor(
    readonly plan: Plan,
    readonly row: RunRow,
    stepRows: StepRow[] | undefined,
    private readonly deps: RunDeps,
  ) {
    this.done = new Promise((r) => (this.resolveDone = r));
    const n = plan.steps.length;
    this.rows = stepRows ?? plan.steps.map((s) => pendingStep(row.id, s.id));
    this.attempts = new Array<Attempt | undefined>(n);
    const runInfo = { id: row.id, workflow: row.workflow, attempt: row.attempt };
    this.scope = { inputs: row.inputs, steps: this.stepsScope, env: deps.env, secrets: deps.secrets, run: runInfo, knowledge: deps.knowledge };
    this.execScope = { env: deps.env, secrets: deps.secrets, run: runInfo, knowledge: deps.knowledge };
  }

  get id(): string {
    return this.row.id;
  }

  /** Starts (or, with rows from the journal, resumes) scheduling. */
  start(): void {
    const { steps } = this.plan;
    for (let i = 0; i < steps.length; i++) {
      const r = this.rows[i]!;
      if (FINISHED_STEP.has(r.status)) {
        this.settled++;
        if (r.status !== 'completed') this.unsuccessful++;
        this.stepsScope[r.stepId] = { output: r.output, status: r.status };
      }
    }
    this.indeg = openNeeds(this.plan, this.settled > 0 ? (j) => FINISHED_STEP.has(this.rows[j]!.status) : undefined);
    for (let i = 0; i < steps.length; i++) {
      const st = this.rows[i]!.status;
      if (this.indeg[i] === 0 && (st === 'pending' || st === 'running' || st === 'retrying')) this.ready.push(i);
    }
    if (this.deps.listening()) this.deps.emit({ type: 'run_started', runId: this.row.id, workflow: this.row.workflow, attempt: this.row.attempt, total: steps.length });
    this.armWallBudget();
    this.pump();
  }

  /** False when the run is already stopping (cancelled, failed, over budget): nothing more to cancel. */
  get stoppable(): boolean {
    return !this.stopped && !this.finishing;
  }

  cancel(reason = 'cancelled by request'): void {
    this.stop({ status: 'cancelled', error: reason });
  }

  /**
   * Stops without ending the run (a shutdown past its grace period): in-flight attempts are
   * aborted and their rows are left as the journal has them (running), so the next resume runs
   * them again — or parks non-idempotent ones as in_doubt. `done` resolves with status running.
   */
  suspend(): void {
    if (this.finishing || this.stopped) return;
    this.suspended = true;
    this.stop({ status: 'cancelled', error: 'suspended: amas is shutting down' });
  }

  snapshot(): RunResult {
    return buildResult(this.row, this.plan, this.rows);
  }

  private armWallBudget(): void {
    const wall = this.plan.workflow.budget?.wall;
    if (wall === undefined) return;
    const left = this.row.startedAt + parseDuration(wall) - this.deps.clock.now();
    this.wallTimer = this.deps.clock.setTimeout(
      () => this.stop({ status: 'budget_exceeded', error: `wall-time budget of ${wall} exceeded` }),
      left,
    );
  }

  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.head < this.ready.length && !this.stopped && this.active < MAX_IN_FLIGHT) this.launch(this.ready[this.head++]!);
      if (this.head === this.ready.length || this.stopped) {
        this.ready.length = 0;
        this.head = 0;
      }
    } finally {
      this.pumping = false;
    }
    this.checkEnd();
  }

  private launch(i: number): void {
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
      input = ps.constantWith ? (ps.spec.with ?? {}) : this.deps.expr.render(ps.spec.with ?? {}, this.scope);
      if (!ps.constantWith) limitData(input, 'input');
    } catch (err) {
      this.active++;
      void this.fail(i, ps, { kind: 'expression', message: `step ${ps.id}: ${errorMessage(err)}` });
      return;
    }
    this.active++;
    void this.execute(i, ps, input);
  }

  private skip(i: number, reason: string): void {
    const row = this.rows[i]!;
    row.status = 'skipped';
    row.reason = reason;
    row.endedAt = this.deps.clock.now();
    void this.deps.journal.step(row, false);
    this.settle(i);
  }

  private async execute(i: number, ps: PlanStep, input: unknown): Promise<void> {
    const row = this.rows[i]!;
    const { clock, journal, agents } = this.deps;
    const runId = this.row.id;
    for (;;) {
      if (this.stopped) return this.endStopped(i);
      const maxCalls = this.plan.workflow.budget?.tool_calls;
      if (maxCalls !== undefined && this.toolCalls >= maxCalls) {
        this.stop({ status: 'budget_exceeded', error: `tool-call budget of ${maxCalls} exceeded` });
        return this.endStopped(i);
      }
      this.toolCalls++;
      row.attempt++;
      row.status = 'running';
      row.startedAt = clock.now();
      row.error = undefined;
      const at = new Attempt(this, runId, this.row.workflow, ps.id, ps.spec.task, row.attempt, ps.timeoutMs, this.execScope);
      this.attempts[i] = at;
      this.inFlight++;
      const deadline = this.deps.deadlines.add(ps.timeoutMs, at);
      const t0 = performance.now();
      let ok = false;
      let output: unknown;
      let failure: unknown;
      try {
        const w = journal.step(row, ps.sideEffects);
        if (w) await w;
        if (at.reason !== undefined) throw at.reason;
        const lease = agents.tryAcquire?.(ps.spec.task, ps.route) ?? (await agents.acquire(ps.spec.task, ps.route, at));
        row.agent = lease.agentId;
        if (this.deps.listening()) this.deps.emit({ type: 'step_started', runId, stepId: ps.id, attempt: row.attempt, maxAttempts: ps.retry.attempts, agent: lease.agentId });
        try {
          output = await lease.execute(input, at);
        } finally {
          lease.release();
        }
        limitData(output, 'output');
        ok = !((at.reason as object | undefined) instanceof RunStoppedError);
      } catch (err) {
        failure = at.reason ?? err;
      }
      this.deps.deadlines.cancel(deadline);
      this.attempts[i] = undefined;
      this.inFlight--;
      const durationMs = performance.now() - t0;
      if (ok) return this.complete(i, ps, input, output, durationMs);
      if (this.stopped) return this.endStopped(i, failure);
      const c = classify(failure);
      if (!c.retry || row.attempt >= ps.retry.attempts) {
        this.record(ps, row, input, undefined, durationMs, c.error);
        return this.fail(i, ps, c.error);
      }
      const delayMs = c.afterMs ?? backoffDelay(ps.retry, row.attempt + 1, this.deps.random);
      row.status = 'retrying';
      row.error = c.error;
      void journal.step(row, false);
      if (this.deps.listening()) this.deps.emit({ type: 'step_retrying', runId, stepId: ps.id, attempt: row.attempt, maxAttempts: ps.retry.attempts, delayMs, error: c.error });
      await this.sleep(i, delayMs);
    }
  }

  private sleep(i: number, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        this.sleeps.delete(i);
        resolve();
      };
      this.sleeps.set(i, { timer: this.deps.clock.setTimeout(wake, ms), wake });
    });
  }

  /** Records an attempt's LLM tokens on the run, its step and its agent, then checks the budget. */
  addUsage(stepId: string, u: TokenReport): void {
    const total = addUsage(this.row, stepId, this.rows[this.plan.byId.get(stepId) ?? -1]?.agent, u);
    const max = this.plan.workflow.budget?.tokens;
    if (max !== undefined && total > max) this.stop({ status: 'budget_exceeded', error: `token budget of ${max} exceeded (${total} used)` });
  }

  private complete(i: number, ps: PlanStep, input: unknown, output: unknown, durationMs: number): void {
    const row = this.rows[i]!;
    row.status = 'completed';
    row.output = output;
    row.endedAt = this.deps.clock.now();
    this.record(ps, row, input, output, durationMs, undefined);
    const w = this.deps.journal.step(row, ps.sideEffects);
    // Not an async function: a pure step (no durable write to wait for) settles at once, without
    // a promise and a frame per step.
    if (!w) return this.settle(i, durationMs);
    w.then(
      () => this.settle(i, durationMs),
      (err: unknown) => {
        this.stop({ status: 'failed', error: `journal: ${errorMessage(err)}` });
        this.settle(i, durationMs);
      },
    );
  }

  private record(ps: PlanStep, row: StepRow, input: unknown, output: unknown, durationMs: number, error: StepError | undefined): void {
    if (!this.deps.recordKnowledge || !this.deps.journal.enabled) return;
    if (!ps.sideEffects && this.deps.taskKnowledge !== 'all') return;
    this.deps.journal.addKnowledge(taskKnowledge(this.row, ps, row, input, output, durationMs, error));
  }

  private async fail(i: number, ps: PlanStep, error: StepError): Promise<void> {
    const row = this.rows[i]!;
    row.status = 'failed';
    row.error = error;
    row.endedAt = this.deps.clock.now();
    const w = this.deps.journal.step(row, ps.sideEffects);
    if (w) await w.catch(() => undefined);
    if (!ps.spec.continue_on_error) this.stop({ status: 'failed', error: `step ${ps.id} failed: ${error.message}` });
    this.settle(i);
  }

  /** An attempt ended because the run stopped: the step is cancelled (it may be retried by a resume). */
  private endStopped(i: number, failure?: unknown): void {
    const row = this.rows[i]!;
    if (this.suspended) {
      // The journal keeps the attempt as running (the buffer holds this very row object, so it
      // must not change either); the step settles only in memory.
      this.active--;
      this.checkEnd();
      return;
    }
    if (!FINISHED_STEP.has(row.status)) {
      row.status = 'cancelled';
      row.error = { kind: this.stopped?.status === 'budget_exceeded' ? 'budget' : 'cancelled', message: failure === undefined ? (this.stopped?.error ?? 'stopped') : errorMessage(failure) };
      row.endedAt = this.deps.clock.now();
      void this.deps.journal.step(row, false);
    }
    this.settle(i);
  }

  private settle(i: number, durationMs?: number): void {
    const ps = this.plan.steps[i]!;
    const row = this.rows[i]!;
    this.stepsScope[ps.id] = { output: row.output, status: row.status };
    this.settled++;
    if (row.status !== 'completed') this.unsuccessful++;
    if (row.status !== 'skipped') this.active--;
    if (this.deps.listening()) {
      this.deps.emit({ type: 'step_finished', runId: this.row.id, stepId: ps.id, result: stepResult(row, durationMs), finished: this.settled, total: this.plan.steps.length });
    }
    if (!this.stopped) {
      const { depStart, dependentGroups, memberStart, members } = this.plan.edges;
      for (let k = depStart[i]!; k < depStart[i + 1]!; k++) {
        const g = dependentGroups[k]!;
        for (let m = memberStart[g]!; m < memberStart[g + 1]!; m++) if (--this.indeg[members[m]!]! === 0) this.ready.push(members[m]!);
      }
    }
    this.pump();
  }

  private stop(s: Stop): void {
    if (this.stopped) return;
    this.stopped = s;
    const err = new RunStoppedError(s.status, s.error);
    if (this.inFlight > 0) for (const at of this.attempts) at?.abort(err);
    for (const [i, sl] of this.sleeps) {
      this.deps.clock.clearTimeout(sl.timer);
      this.sleeps.delete(i);
      sl.wake();
    }
    this.checkEnd();
  }

  private checkEnd(): void {
    if (this.pumping || this.finishing || this.active > 0 || (this.head < this.ready.length && !this.stopped)) return;
    if (this.suspended) return this.hold();
    const n = this.plan.steps.length;
    if (!this.stopped && this.settled < n) {
      // Nothing runs and nothing is ready, yet steps are open: they wait on in_doubt steps.
      if (this.rows.some((r) => r.status === 'in_doubt')) {
        void this.deps.journal.run(this.row, true);
        return this.hold();
      }
      return this.stop({ status: 'failed', error: 'no step can make progress' });
    }
    this.finishing = true;
    void this.finish();
  }

  /** Resolves `done` with the run as it stands, without ending it (suspended, or parked on in_doubt steps). */
  private hold(): void {
    this.finishing = true;
    if (this.wallTimer) this.deps.clock.clearTimeout(this.wallTimer);
    this.resolveDone(this.snapshot());
  }

  private async finish(): Promise<void> {
    if (this.wallTimer) this.deps.clock.clearTimeout(this.wallTimer);
    const { clock, journal, expr } = this.deps;
    let status: RunStatus = this.stopped?.status ?? 'completed';
    let error = this.stopped?.error;
    closeOpenSteps(this.rows, status, clock.now(), journal);
    let outputs: Record<string, unknown> | undefined;
    if (status === 'completed' && this.plan.workflow.outputs) {
      try {
        outputs = expr.render(this.plan.workflow.outputs, this.scope) as Record<string, unknown>;
        const problem = checkJsonLimits(outputs, DEFAULT_JSON_LIMITS);
        if (problem) {
          outputs = undefined;
          throw new Error(`the run's outputs are ${problem.reason}`);
        }
      } catch (err) {
        status = 'failed';
        error = `outputs: ${errorMessage(err)}`;
      }
    }
    Object.assign(this.row, { status, error, outputs, endedAt: clock.now() });
    if (this.deps.recordKnowledge && journal.enabled) journal.addKnowledge(workflowKnowledge(this.row, this.rows));
    let unjournaled: string | undefined;
    try {
      await journal.run(this.row, true);
    } catch (err) {
      unjournaled = errorMessage(err);
      this.deps.logger.error('run journal write failed', { runId: this.row.id, error: unjournaled });
    }
    const result = this.snapshot();
    if (unjournaled !== undefined) {
      // An answer is an acknowledgement: an outcome the store did not take (a fenced store) is not
      // reported as reached. The store still holds the run as unfinished, so a restart resumes it.
      result.status = 'failed';
      result.error = `journal: the run's outcome could not be written, the store keeps it as unfinished: ${unjournaled}`;
    }
    if (this.deps.events) publishOutcome(this.deps.events, this.deps.logger, result, this.rows);
    if (this.deps.listening()) this.deps.emit({ type: 'run_finished', runId: this.row.id, result });
    this.resolveDone(result);
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
