import { AmasError, newId, silentLogger, systemClock, type Clock, type Logger, type ProjectSpec, type WorkflowSpec } from '../core/index.ts';
import { hasExpressions, render } from '../expr/index.ts';
import { ActiveRuns } from './active-runs.ts';
import { MemoryApprovals } from './approval-memory.ts';
import { answerApproval, deliverTakenAnswer, takeAnswer, type AnswerHost, type ApprovalDecision } from './approval-answer.ts';
import { Deadlines } from './deadlines.ts';
import { runChild } from './child-runs.ts';
import { prepareInputs } from './inputs.ts';
import { JournalBuffer } from './journal.ts';
import { assertManual } from './manual.ts';
import { compilePlan, planIsCurrent, specHash, type Plan } from './plan.ts';
import type { AgentPort, ApprovalJournal, ApprovalRecord, EventPort, ExprPort, RunJournal } from './ports.ts';
import type { BudgetLink } from './run-deps.ts';
import { RunExecution } from './run.ts';
import { resumeOne, resumeRuns, type InDoubtAction, type ResumeHost } from './resume.ts';
import type { RunDeps } from './run-deps.ts';
import type { EngineEvent, RunParent, RunResult, RunRow, RunTrigger } from './types.ts';

export interface EngineOptions {
  agents: AgentPort;
  /** The expression layer; src/expr unless replaced. */
  expr?: ExprPort;
  /** Without a journal runs live in memory only (nothing to resume). */
  journal?: RunJournal | undefined;
  /** Approval requests and answers; in memory when not given (give the store's with a journal, or waits do not survive a restart). */
  approvals?: ApprovalJournal | undefined;
  events?: EventPort | undefined;
  project?: ProjectSpec | undefined;
  clock?: Clock;
  /** Jitter source; inject for deterministic tests. */
  random?: () => number;
  logger?: Logger;
  env?: Record<string, string | undefined>;
  secrets?: Record<string, string | undefined>;
  /** Store `workflow_execution` knowledge per run and `task_execution` per executed step (default true when there is a journal). */
  recordKnowledge?: boolean;
  /** Read side of the knowledge base for `knowledge(category, limit)` in expressions. */
  knowledge?: (category: string, limit?: number) => unknown[];
  /**
   * Which steps get a `task_execution` record: `side-effects` (default) skips pure `template`
   * steps, which are data plumbing — a knowledge insert (dedup hash + full-text index) costs
   * ~150 µs, ten times the engine's whole per-step budget.
   */
  taskKnowledge?: 'all' | 'side-effects';
  /** The workflows a `workflow:` step (or an agent's workflow tool) may run as a child run: the current model's. */
  workflows?: (id: string) => { spec: WorkflowSpec; hash: string } | undefined;
}

export interface RunHandle {
  id: string;
  /** Resolves when the run ends — or parks on in_doubt steps after a resume (status stays `running`). */
  result: Promise<RunResult>;
  cancel(reason?: string): void;
}

export type { InDoubtAction } from './resume.ts';
export type { ApprovalDecision } from './approval-answer.ts';

interface EngineListener {
  fn: (e: EngineEvent) => void;
  when: (() => boolean) | undefined;
}

/** The orchestrator: starts, cancels and resumes runs; one instance per project. */
export class Engine {
  private readonly plans = new Map<string, Plan>();
  /** The runs going on here (active-runs.ts). */
  private readonly active = new ActiveRuns();
  private readonly listeners = new Set<EngineListener>();
  private readonly buffer: JournalBuffer;
  private readonly deadlines: Deadlines;
  private readonly clock: Clock;
  private readonly logger: Logger;

  private readonly expr: ExprPort;
  private readonly approvals: ApprovalJournal;

  /** A copy: `reconfigure` replaces fields without touching the caller's object. */
  private readonly opts: EngineOptions;

  constructor(opts: EngineOptions) {
    this.opts = { ...opts };
    this.expr = opts.expr ?? { render: (v, scope) => render(v, scope), hasExpressions };
    this.clock = opts.clock ?? systemClock;
    this.logger = opts.logger ?? silentLogger;
    this.buffer = new JournalBuffer(opts.journal, this.logger);
    this.deadlines = new Deadlines(this.clock);
    this.approvals = opts.approvals ?? new MemoryApprovals();
  }

  /**
   * Swaps in a reloaded project spec, environment and secrets: new runs read them, runs already
   * going keep the deps they started with. Plans bake in project defaults (timeout, retry), so
   * the cache is dropped with the spec it was compiled from.
   */
  reconfigure(next: {
    project?: ProjectSpec;
    env?: Record<string, string | undefined>;
    secrets?: Record<string, string | undefined>;
    workflows?: (id: string) => { spec: WorkflowSpec; hash: string } | undefined;
  }): void {
    if (next.project !== undefined) this.opts.project = next.project;
    if (next.workflows !== undefined) this.opts.workflows = next.workflows;
    if (next.env !== undefined) this.opts.env = next.env;
    if (next.secrets !== undefined) this.opts.secrets = next.secrets;
    this.plans.clear();
  }

  /**
   * Progress events (run/step transitions); returns an unsubscribe function. With `when`, the
   * listener is called only while `when()` is true, and while no listener wants them the engine
   * does not build events at all: a step's events cost as much as the no-op step itself.
   */
  on(listener: (e: EngineEvent) => void, opts: { when?: () => boolean } = {}): () => void {
    const entry: EngineListener = { fn: listener, when: opts.when };
    this.listeners.add(entry);
    return () => this.listeners.delete(entry);
  }

  /** The workflow of a run going on in this engine (undefined once it has ended). */
  workflowOf(runId: string): string | undefined {
    return this.active.get(runId)?.row.workflow;
  }

  /** Starts a run of `workflow` (a loaded or a dynamic, already validated spec). Throws AMAS_INPUT on bad inputs. */
  start(workflow: WorkflowSpec, inputs: Record<string, unknown> = {}, opts: { runId?: string; hash?: string; trigger?: RunTrigger } = {}): RunHandle {
    // Every face that starts a run by hand ends here (a run without a trigger is a manual one).
    if ((opts.trigger?.kind ?? 'manual') === 'manual') assertManual(workflow);
    return this.startRun(workflow, inputs, opts);
  }

  private startRun(workflow: WorkflowSpec, inputs: Record<string, unknown>, opts: { runId?: string; hash?: string; trigger?: RunTrigger; parent?: RunParent }, link?: BudgetLink): RunHandle {
    const plan = this.planFor(workflow, opts.hash);
    const row: RunRow = {
      id: opts.runId ?? newId('run_'),
      workflow: workflow.id,
      specHash: plan.hash,
      spec: workflow,
      inputs: prepareInputs(workflow, inputs),
      status: 'running',
      attempt: 1,
      startedAt: this.clock.now(),
      trigger: opts.trigger,
      parent: opts.parent,
    };
    // Creation rides along: any side-effecting step's first durable write carries it too.
    void this.buffer.run(row, false);
    return this.active.launch(new RunExecution(plan, row, undefined, this.runDeps(), link));
  }

  /** Runs `workflowId` as a child of a parent run's step (child-runs.ts) and resolves with its result. */
  runChild(parent: { runId: string; stepId: string; key?: string }, workflowId: string, inputs: Record<string, unknown>, signal: AbortSignal, link?: BudgetLink): Promise<RunResult> {
    return runChild(
      {
        active: this.active.byId,
        journal: this.opts.journal,
        workflows: this.opts.workflows,
        resume: (row, l) => this.resumeOne(row, {}, l),
        start: (wf, inputs, opts, l) => this.startRun(wf.spec, inputs, { ...opts, hash: wf.hash }, l),
      },
      parent,
      workflowId,
      inputs,
      signal,
      link,
    );
  }

  /**
   * Journals a run that an overlap gate queued, pinned to its spec, with its inputs checked:
   * the promise resolves once the row is durable, so a `queued` answer survives a crash.
   * `start` with the same run id later turns the row into the running run.
   */
  enqueue(workflow: WorkflowSpec, inputs: Record<string, unknown>, opts: { runId: string; hash?: string; trigger?: RunTrigger }): Promise<void> {
    const plan = this.planFor(workflow, opts.hash);
    const row: RunRow = {
      id: opts.runId,
      workflow: workflow.id,
      specHash: plan.hash,
      spec: workflow,
      inputs: prepareInputs(workflow, inputs),
      status: 'queued',
      attempt: 1,
      startedAt: this.clock.now(),
      trigger: opts.trigger,
    };
    return this.buffer.run(row, true) ?? Promise.resolve();
  }

  /** Runs journaled as queued and not started yet, oldest first (the order they were queued in). */
  async queuedRuns(): Promise<RunRow[]> {
    if (!this.opts.journal) return [];
    await this.buffer.flushNow();
    return (await this.opts.journal.listRuns({ status: ['queued'] })).reverse();
  }

  /** Ends the queued run `runId` (cancelled by hand before it started); false when the journal holds no such queued run. */
  async cancelQueued(runId: string, reason: string): Promise<boolean> {
    const row = (await this.queuedRuns()).find((r) => r.id === runId);
    if (!row) return false;
    await this.dropQueued(row, reason);
    return true;
  }

  /** Ends a queued run that will not start (its workflow is gone, or its policy now refuses it). */
  async dropQueued(row: RunRow, reason: string): Promise<void> {
    Object.assign(row, { status: 'cancelled', error: reason, endedAt: this.clock.now() });
    await this.buffer.run(row, true);
  }

  run(workflow: WorkflowSpec, inputs: Record<string, unknown> = {}): Promise<RunResult> {
    return this.start(workflow, inputs).result;
  }

  cancel(runId: string, reason?: string): boolean {
    return this.active.cancel(runId, reason);
  }

  /** The live state of a run going on in this engine. */
  get(runId: string): RunResult | undefined {
    return this.active.get(runId)?.snapshot();
  }

  activeRuns(): string[] {
    return this.active.ids();
  }

  /**
   * Resumes unfinished runs from the journal (all, or one): completed steps keep their output,
   * steps that were in flight run again with `run.attempt` + 1 — except side-effecting steps
   * marked `idempotent: false`, which become `in_doubt` until a person retries or skips them, and
   * attempts handed to a worker, which are re-attached as the same attempt (resume.ts).
   */
  resumeRuns(filter: { runId?: string; decisions?: Record<string, InDoubtAction> } = {}): Promise<RunHandle[]> {
    return resumeRuns(this.resumeHost(), filter);
  }

  /** `amas runs retry|skip RUN STEP`: settles an in_doubt step, then resumes the run. */
  async decide(runId: string, stepId: string, action: InDoubtAction): Promise<RunHandle> {
    // A run parked here on in_doubt steps is rebuilt by the resume with the decision.
    if (await this.active.releaseForDecision(runId, stepId)) await this.buffer.flushNow();
    const [h] = await this.resumeRuns({ runId, decisions: { [stepId]: action } });
    return h!;
  }

  /**
   * A person's answer to the approval step `stepId` of `runId`, or with `callId` to one of its
   * agent loop's tool calls (every face ends here; approval-answer.ts). Refused with a clear
   * AmasError when the run, step or call is unknown, nothing waits, the run ended, the input does
   * not fit the form, another answer was taken first, or several tool calls wait and no call id
   * says which. The handle resolves at the run's next stop.
   */
  answer(runId: string, stepId: string, decision: ApprovalDecision, callId?: string): Promise<{ record: ApprovalRecord; handle: RunHandle }> {
    const host: AnswerHost = {
      approvals: this.approvals,
      journal: this.opts.journal,
      active: this.active.byId,
      clock: this.clock,
      logger: this.logger,
      emit: (e) => this.emit(e),
      listening: () => this.listening(),
      resume: async (id) => (await this.resumeRuns({ runId: id }))[0]!,
    };
    return answerApproval(host, runId, stepId, decision, callId);
  }

  /**
   * Takes a person's answer (checked, durably, once) without continuing the run here: on a store
   * several processes share, the process driving the run continues it (`deliverTaken`).
   */
  takeAnswer(runId: string, stepId: string, decision: ApprovalDecision, callId?: string): Promise<ApprovalRecord> {
    return takeAnswer({ approvals: this.approvals, journal: this.opts.journal, active: this.active.byId, clock: this.clock, logger: this.logger, emit: (e) => this.emit(e), listening: () => this.listening() }, runId, stepId, decision, callId);
  }

  /** An answer another process took: continues the run here if it waits for it (false otherwise). */
  deliverTaken(record: ApprovalRecord): boolean {
    return deliverTakenAnswer({ active: this.active.byId, emit: (e) => this.emit(e), listening: () => this.listening() }, record);
  }

  /** Unanswered approvals of unfinished runs, oldest first. */
  async pendingApprovals(): Promise<ApprovalRecord[]> {
    await this.buffer.flushNow();
    const all = await this.approvals.pending();
    return this.opts.journal ? all : all.filter((r) => this.active.has(r.runId));
  }

  /** Writes everything buffered; cancels nothing. */
  async flush(): Promise<void> {
    await this.buffer.flushNow();
  }

  /** Cancels every active run, waits for them to settle and flushes the journal. */
  async close(): Promise<void> {
    // A run parked on approvals is not cancelled: it waits in the journal for the next process.
    await this.active.close();
    await this.buffer.flushNow();
  }

  /**
   * Shutdown past the grace period: stops every active run WITHOUT ending it. In-flight attempts
   * are aborted, the journal keeps them (and their runs) as running, and the next `resumeRuns`
   * continues them — unlike `close()`, which marks them cancelled.
   */
  async suspend(): Promise<void> {
    await this.active.suspend();
    await this.buffer.flushNow();
  }

  private resumeOne(row: RunRow, decisions: Record<string, InDoubtAction>, link?: BudgetLink): Promise<RunHandle> {
    return resumeOne(this.resumeHost(), row, decisions, link);
  }

  private resumeHost(): ResumeHost {
    return {
      journal: this.requireJournal(),
      buffer: this.buffer,
      agents: this.opts.agents,
      clock: this.clock,
      logger: this.logger,
      isActive: (id) => this.active.has(id),
      planFor: (spec, hash) => this.planFor(spec, hash),
      launch: (plan, row, steps, unitRows, link) => this.active.launch(new RunExecution(plan, row, steps, this.runDeps(), link, unitRows)),
    };
  }

  private planFor(workflow: WorkflowSpec, hash?: string): Plan {
    // specHash is memoised per spec object: a spec run again is not hashed again.
    const h = hash ?? specHash(workflow);
    const deps = { agents: this.opts.agents, expr: this.expr, project: this.opts.project, hasWorkflow: (id: string) => this.opts.workflows?.(id) !== undefined };
    // Keyed by the workflow hash, but a plan also bakes in capability timeouts, retries and
    // executor kinds, which a reload can change under the same workflow: check them per run.
    let plan = this.plans.get(h);
    if (!plan || !planIsCurrent(plan, deps)) {
      plan = compilePlan(workflow, deps, h);
      this.plans.set(h, plan);
    }
    return plan;
  }

  private requireJournal(): RunJournal {
    if (!this.opts.journal) throw new AmasError('AMAS_NO_STORE', 'this engine has no run journal', { hint: 'open the project with a store' });
    return this.opts.journal;
  }

  private listening(): boolean {
    for (const l of this.listeners) if (!l.when || l.when()) return true;
    return false;
  }

  private emit(e: EngineEvent): void {
    for (const l of this.listeners) {
      if (l.when && !l.when()) continue;
      try {
        l.fn(e);
      } catch (err) {
        this.logger.warn('engine listener failed', { error: String(err) });
      }
    }
  }

  private runDeps(): RunDeps {
    const emit = (e: EngineEvent) => this.emit(e);
    return {
      approvals: this.approvals,
      agents: this.opts.agents,
      expr: this.expr,
      journal: this.buffer,
      events: this.opts.events,
      clock: this.clock,
      deadlines: this.deadlines,
      random: this.opts.random ?? Math.random,
      logger: this.logger,
      env: this.opts.env ?? { ...process.env },
      secrets: this.opts.secrets ?? {},
      emit,
      listening: () => this.listening(),
      recordKnowledge: this.opts.recordKnowledge ?? true,
      knowledge: this.opts.knowledge,
      taskKnowledge: this.opts.taskKnowledge ?? 'side-effects',
      project: this.opts.project,
      workflows: this.opts.workflows,
      runChild: (parent: { runId: string; stepId: string; key?: string }, workflowId: string, inputs: Record<string, unknown>, signal: AbortSignal, link: BudgetLink) =>
        this.runChild(parent, workflowId, inputs, signal, link),
    };
  }
}
