// The scheduling half of a run: ready queue, open-needs counts, how a step ends (completed,
// failed, skipped, cancelled, in doubt: journaled, then settled), stopping and ending.
// RunExecution (run.ts) extends it with what one step does (conditions, input, attempts, retries);
// outcome.ts builds and announces the run's result once it ends.
import { errorMessage, parseDuration, type TimerHandle } from '../core/index.ts';
import { RunStoppedError } from './errors.ts';
import { concludeRun } from './outcome.ts';
import { openNeeds, type Plan, type PlanStep } from './plan.ts';
import { buildResult, stepResult, taskKnowledge } from './results.ts';
import type { RunDeps } from './run-deps.ts';
import type { RunResult, RunRow, StepError, StepRow } from './types.ts';
import { FINISHED_STEP, pendingStep } from './types.ts';

/**
 * Steps of one run in flight at once; the rest wait in the ready queue, in order. A fan-out of
 * 10,000 steps launched together keeps 10,000 attempts, leases and promises alive at once and
 * spends its time in the garbage collector; agent concurrency limits are mostly below this anyway. Measured
 * (bench/engine, 10k fan-out): 26 → 12.5 µs CPU per step.
 */
export const MAX_IN_FLIGHT = 256;

export type Stop = { status: 'failed' | 'cancelled' | 'budget_exceeded'; error: string; suspended?: true };

/**
 * One run of one plan, as a schedule: a ready queue fed by indegree counts, so each edge is
 * touched once. Steps are handed to launch() as soon as their needs settle; the subclass runs
 * them and reports back through settle().
 */
export abstract class RunScheduler {
  readonly rows: StepRow[];
  /** Open needs per step, from start() on. */
  private indeg: Int32Array = new Int32Array(0);
  private readonly stepsScope: Record<string, { output?: unknown; status: string }> = {};
  readonly scope: Record<string, unknown>;
  private readonly ready: number[] = [];
  private head = 0;
  private pumping = false;
  protected active = 0;
  /** Of the active steps, those waiting for a person (approvals): counted apart, so a run with nothing else to do parks. */
  protected waits = 0;
  private settled = 0;
  /** Settled steps that did not complete: while there are none, every need of a ready step completed. */
  protected unsuccessful = 0;
  protected stopped: Stop | undefined;
  /** Stopped for a shutdown, not ended: nothing more is journaled, so a resume picks the run up. */
  protected suspended = false;
  private finishing = false;
  private wallTimer: TimerHandle | undefined;
  /** Callers waiting for the run's next stop: parked on approvals, held, or ended. */
  private stopWaiters: ((r: RunResult) => void)[] = [];
  private final: RunResult | undefined;
  /** The run's first stop (the RunHandle's result): its end, or the first time it parks or holds. */
  readonly done: Promise<RunResult>;
  private resolveEnded!: (r: RunResult) => void;
  /** Resolves only when the run ends (is concluded), never when it parks. */
  readonly ended: Promise<RunResult>;

  constructor(
    readonly plan: Plan,
    readonly row: RunRow,
    stepRows: StepRow[] | undefined,
    readonly deps: RunDeps,
  ) {
    this.done = this.nextStop();
    this.ended = new Promise((r) => (this.resolveEnded = r));
    this.rows = stepRows ?? plan.steps.map((s) => pendingStep(row.id, s.id));
    const runInfo = { id: row.id, workflow: row.workflow, attempt: row.attempt };
    this.scope = { inputs: row.inputs, steps: this.stepsScope, env: deps.env, secrets: deps.secrets, run: runInfo, knowledge: deps.knowledge };
  }

  /** Runs step i, whose needs have all settled; it ends in settle(i) (or endStopped's in-memory settle). */
  protected abstract launch(i: number): void;

  /** The run just stopped: abort in-flight attempts and wake steps waiting to retry. */
  protected abstract interrupt(err: RunStoppedError): void;

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
      if (this.indeg[i] === 0 && (st === 'pending' || st === 'running' || st === 'retrying' || st === 'waiting')) this.ready.push(i);
    }
    if (this.deps.listening()) this.deps.emit({ type: 'run_started', runId: this.row.id, workflow: this.row.workflow, attempt: this.row.attempt, total: steps.length, trigger: this.row.trigger?.kind ?? 'manual', ...(this.row.parent ? { parent: this.row.parent } : {}) });
    this.armWallBudget();
    this.pump();
  }

  /** Resolves at the run's next stop: parked waiting for approvals, held, or ended. */
  nextStop(): Promise<RunResult> {
    if (this.final) return Promise.resolve(this.final);
    return new Promise((r) => this.stopWaiters.push(r));
  }

  private notifyStop(r: RunResult, final: boolean): void {
    if (final) this.final = r;
    const w = this.stopWaiters;
    this.stopWaiters = [];
    for (const f of w) f(r);
  }

  /** Nothing runs but approvals wait: the run is parked (status running), and an answer wakes it. */
  get parkedOnly(): boolean {
    return this.waits > 0 && this.active === this.waits && !this.finishing && !this.stopped;
  }

  /** False when the run is already stopping (cancelled, failed, over budget): nothing more to cancel. */
  get stoppable(): boolean {
    return !this.stopped && !this.finishing;
  }

  cancel(reason = 'cancelled by request'): void {
    this.stop({ status: 'cancelled', error: reason });
  }

  /** Ends the run as `s` says (a child run whose parent stopped: cancelled, or over the parent's budget). */
  stopWith(s: Stop): void {
    this.stop(s);
  }

  /**
   * Stops without ending the run (a shutdown past its grace period): in-flight attempts are
   * aborted and their rows are left as the journal has them (running), so the next resume runs
   * them again — or parks non-idempotent ones as in_doubt. `done` resolves with status running.
   */
  suspend(): void {
    if (this.finishing || this.stopped) return;
    this.suspended = true;
    this.stop({ status: 'cancelled', error: 'suspended: amas is shutting down', suspended: true });
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

  /** `announce: false`: the caller emits step_finished itself, once the row is in the store. */
  protected settle(i: number, durationMs?: number, announce = true): void {
    const ps = this.plan.steps[i]!;
    const row = this.rows[i]!;
    this.stepsScope[ps.id] = { output: row.output, status: row.status };
    this.settled++;
    if (row.status !== 'completed') this.unsuccessful++;
    if (row.status !== 'skipped') this.active--;
    if (announce) this.announce(i, durationMs, this.settled);
    if (!this.stopped) {
      const { depStart, dependentGroups, memberStart, members } = this.plan.edges;
      for (let k = depStart[i]!; k < depStart[i + 1]!; k++) {
        const g = dependentGroups[k]!;
        for (let m = memberStart[g]!; m < memberStart[g + 1]!; m++) if (--this.indeg[members[m]!]! === 0) this.ready.push(members[m]!);
      }
    }
    this.pump();
  }

  private announce(i: number, durationMs: number | undefined, finished: number): void {
    if (!this.deps.listening()) return;
    this.deps.emit({ type: 'step_finished', runId: this.row.id, stepId: this.plan.steps[i]!.id, result: stepResult(this.rows[i]!, durationMs), finished, total: this.plan.steps.length });
  }

  protected stop(s: Stop): void {
    if (this.stopped) return;
    this.stopped = s;
    this.interrupt(new RunStoppedError(s.status, s.error, s.suspended === true));
    this.checkEnd();
  }

  checkEnd(): void {
    if (this.pumping || this.finishing || this.active > this.waits || (this.head < this.ready.length && !this.stopped)) return;
    if (this.suspended) return this.hold();
    if (this.waits > 0) {
      // Parked: only approvals wait. Callers of the run's next stop get its state now; the
      // execution stays, so an answer (or a deadline) continues it. No timer per second, no agent.
      if (!this.stopped) this.notifyStop(this.snapshot(), false);
      return;
    }
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
    this.finish();
  }

  /** Resolves `done` with the run as it stands, without ending it (suspended, or parked on in_doubt steps). */
  private hold(): void {
    this.finishing = true;
    if (this.wallTimer) this.deps.clock.clearTimeout(this.wallTimer);
    this.notifyStop(this.snapshot(), true);
  }

  private finish(): void {
    if (this.wallTimer) this.deps.clock.clearTimeout(this.wallTimer);
    void concludeRun(this.deps, this.plan, this.row, this.rows, this.scope, this.stopped, (r) => {
      // Ended first: the engine forgets the run before anyone awaiting its result goes on.
      this.resolveEnded(r);
      this.notifyStop(r, true);
    });
  }

  // ── How a step ends: its row journaled (durably for side effects), then settled ──

  protected skip(i: number, reason: string): void {
    const row = this.rows[i]!;
    row.status = 'skipped';
    row.reason = reason;
    row.endedAt = this.deps.clock.now();
    void this.deps.journal.step(row, false);
    this.settle(i);
  }

  protected complete(i: number, ps: PlanStep, input: unknown, output: unknown, durationMs: number, record = true): void {
    const row = this.rows[i]!;
    row.status = 'completed';
    row.output = output;
    row.endedAt = this.deps.clock.now();
    if (record) this.record(ps, row, input, output, durationMs, undefined);
    // The last step to settle: settling it ends the run, whose end is journaled durably in the
    // same flush (marked in this same turn), and nothing acts on this output before that write —
    // so no fsync of its own. step_finished waits for that flush: readers of the event expect
    // the step's rows in the store.
    if (ps.sideEffects && this.settled === this.plan.steps.length - 1 && !this.stopped) {
      const flushed = this.deps.journal.step(row, 'written');
      // Registered before settling ends the run: step_finished comes before run_finished.
      const announce = () => this.announce(i, durationMs, this.settled);
      flushed?.then(announce, announce);
      this.settle(i, durationMs, false);
      if (!flushed) announce();
      return;
    }
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

  record(ps: PlanStep, row: StepRow, input: unknown, output: unknown, durationMs: number, error: StepError | undefined): void {
    if (ps.kind === 'approval' || !this.deps.recordKnowledge || !this.deps.journal.enabled) return;
    if (!ps.sideEffects && this.deps.taskKnowledge !== 'all') return;
    this.deps.journal.addKnowledge(taskKnowledge(this.row, ps, row, input, output, durationMs, error));
  }

  protected async fail(i: number, ps: PlanStep, error: StepError): Promise<void> {
    const row = this.rows[i]!;
    row.status = 'failed';
    row.error = error;
    row.endedAt = this.deps.clock.now();
    const w = this.deps.journal.step(row, ps.sideEffects);
    if (w) await w.catch(() => undefined);
    if (!ps.spec.continue_on_error) this.stop({ status: 'failed', error: `step ${ps.id} failed: ${error.message}` });
    this.settle(i);
  }

  /**
   * The worker that ran the attempt died mid-task and the step is not idempotent: the step waits
   * `in_doubt` (not settled, so its dependents wait too) until a person retries or skips it.
   */
  protected async waitInDoubt(i: number, ps: PlanStep, error: StepError): Promise<void> {
    const row = this.rows[i]!;
    row.status = 'in_doubt';
    row.error = error;
    const w = this.deps.journal.step(row, true);
    if (w) await w.catch(() => undefined);
    this.active--;
    this.checkEnd();
  }

  /** An attempt ended because the run stopped: the step is cancelled (it may be retried by a resume). */
  endStopped(i: number, failure?: unknown): void {
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
}
