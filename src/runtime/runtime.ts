import path from 'node:path';
import type { BusEvent, PublishInput } from '../bus/index.ts';
import {
  AmasError,
  errorMessage,
  redactingLogger,
  silentLogger,
  systemClock,
  type Clock,
  type Logger,
  type ProcessRole,
  type Snapshot,
  type SnapshotSource,
  type TuiCommands,
  type WorkflowSpec,
} from '../core/index.ts';
import type { ApprovalDecision, ApprovalRecord, RunResult } from '../engine/index.ts';
import type { ProjectModel } from '../spec/index.ts';
import { storeTriggerState, type ReplanResult } from '../triggers/index.ts';
import { controlSocketPath, serveControl, type ControlServer } from './control/index.ts';
import { controlHandlers } from './control-handlers.ts';
import { openProject, unknownWorkflow, type Project } from './project.ts';
import { reloadSpec } from './reload.ts';
import { TriggerWiring } from './trigger-wiring.ts';
import type { RunRequest, StartOutcome } from './run-path.ts';
import { streamingLogger } from './stream-logger.ts';
import { runtimeCommands } from './tui-commands.ts';
import { Cleanup } from './cleanup.ts';
import { SnapshotBuilder } from './snapshot-builder.ts';
import { feedSnapshot } from './snapshot-feed.ts';
import { hasRunOfFire } from './store-journal.ts';
import { describeWorkflow } from './workflow-info.ts';
import { watchProject, type ProjectWatcher } from './watcher.ts';
import { startMonitoring, type Monitoring } from './monitoring.ts';
import { recentFinishedRuns } from './run-history.ts';
import type { RuntimeOptions } from './runtime-options.ts';
import { drainRuns, logRunOutcome } from './run-ends.ts';
import { Roles } from './leadership.ts';
import { projectStoreLocation } from './project-store.ts';
import { startInProcessWorker } from './project-worker.ts';
import type { PgQueueWorker } from '../store/index.ts';

/** Finished runs from earlier processes loaded into the snapshot at start (the TUI's history). */
const RECENT_HISTORY = 20;

export type { RuntimeOptions } from './runtime-options.ts';
export type { RunRequest, StartOutcome } from './run-path.ts';

/**
 * `amas up`: the project's one writer. Wires the opened project (spec, store, bus, agents,
 * engine) to triggers, hot reload and the control socket, and owns the state snapshot that the
 * TUI, `amas status`, the control API and MCP read.
 */
export class Runtime implements SnapshotSource {
  readonly dir: string;
  readonly startedAt: number;
  readonly builder: SnapshotBuilder;
  model: ProjectModel;
  private state: Snapshot['state'] = 'running';
  private readonly listeners = new Set<() => void>();
  private readonly triggers: TriggerWiring;
  private watcher: ProjectWatcher | undefined;
  private control: ControlServer | undefined;
  /** The in-process queue worker on a PostgreSQL store (RuntimeOptions.work). */
  private worker: PgQueueWorker | undefined;
  private stopping: Promise<void> | undefined;
  /** The monitor and HTTP API, once booted (undefined when monitoring is off). */
  monitoring: Monitoring | undefined;
  private reloading: Promise<void> = Promise.resolve();
  readonly cleanup: Cleanup;
  /** Leading or standing by (leadership.ts). */
  private readonly roles: Roles;

  private constructor(
    readonly project: Project,
    readonly clock: Clock,
    readonly logger: Logger,
    private readonly opts: RuntimeOptions,
  ) {
    this.dir = project.dir;
    this.builder = new SnapshotBuilder((v) => project.redactor.redactDeep(v));
    this.cleanup = new Cleanup(project.store, clock, logger, () => this.model.project);
    this.model = project.model;
    this.startedAt = clock.now();
    this.triggers = new TriggerWiring({
      dir: this.dir,
      clock,
      logger,
      model: () => this.model,
      runs: project.runs,
      watch: opts.watch !== false,
      triggerState: storeTriggerState(project.store.triggers),
      firedBefore: (fireId) => hasRunOfFire(project.store, fireId),
    });
    this.roles = new Roles({
      project,
      logger,
      triggers: this.triggers,
      name: () => this.name,
      stopping: () => this.isStopping,
      workflows: () => this.workflowSpecs(),
      storeLocation: () => projectStoreLocation(this.dir, this.model, opts.env ?? { ...process.env }, { secrets: project.secrets }),
      changed: () => this.changed(),
    });
  }

  static async start(dir: string, opts: RuntimeOptions = {}): Promise<Runtime> {
    const clock = opts.clock ?? systemClock;
    const logger = opts.logger ?? silentLogger;
    const ref: { rt?: Runtime } = {};
    const project = await openProject(dir, {
      clock,
      logger,
      // On a PostgreSQL store this process drives runs as a standby until it wins the leader lock.
      role: 'standby',
      ...(opts.work === false ? { work: false } : {}),
      onUsage: (u) => ref.rt?.monitoring?.monitor?.addTokens(u.promptTokens + u.completionTokens),
      ...(opts.store === undefined ? {} : { store: opts.store }),
      ...(opts.env === undefined ? {} : { env: opts.env }),
    });
    // Log lines carry run data: this project's secrets are masked in them like at every other exit;
    // warn and error lines are events of the stream too (`log`).
    if (opts.work === false && project.store.kind !== 'postgres') {
      await project.close();
      throw new AmasError('AMAS_USAGE', '--no-work needs a PostgreSQL store: with the embedded store this amas up is the only process that can execute steps', {
        exitCode: 2,
        hint: 'drop --no-work, or select a PostgreSQL store (store.url or AMAS_STORE_URL: docs/scale-out.md)',
      });
    }
    const rt = new Runtime(project, clock, streamingLogger(redactingLogger(logger, project.redactor), project.stream), opts);
    ref.rt = rt;
    try {
      await rt.boot();
    } catch (err) {
      await rt.stop(0);
      throw err;
    }
    return rt;
  }

  private async boot(): Promise<void> {
    const { project, logger } = this;
    // The snapshot (the TUI's data) is a consumer of the stream like every other view.
    feedSnapshot({ project, builder: this.builder, clock: this.clock, model: () => this.model, changed: () => this.changed() });
    // Internal wiring (unmasked): run outcomes for the log and the cron triggers' last outcome.
    project.onEvent((e) => {
      if (e.type !== 'run_finished') return;
      logRunOutcome(this.logger, e.result);
      if (e.result.waiting.length === 0) this.triggers.runEnded(e.result);
    });
    // Triggers read the bus itself: event data becomes run inputs, unmasked.
    project.bus.subscribeAll((e) => this.onBusEvent(e), { includeTargeted: true });
    this.builder.reload({ at: this.clock.now(), ok: true, diagnostics: [] });
    this.triggers.applyWorkflows(this.workflowSpecs());
    this.builder.history(await recentFinishedRuns(project.store, RECENT_HISTORY));
    // Resumed runs take their overlap slots before any catch-up fire asks for one.
    // Without triggers (`amas mcp` as the project's writer) runs start by hand only, and unfinished
    // or queued runs wait for the next `amas up`.
    const triggers = this.opts.triggers !== false;
    const shared = project.store.kind === 'postgres';
    if (triggers && !shared) await this.roles.lead();
    if (this.opts.watch !== false) {
      this.watcher = watchProject(this.dir, () => void this.reload(), { logger, ...(this.opts.reloadDebounceMs === undefined ? {} : { debounceMs: this.opts.reloadDebounceMs }) });
      await this.watcher.ready;
      if (triggers && !shared) await this.triggers.syncFileWatcher(this.workflowSpecs());
    }
    if (shared) await this.roles.compete(triggers);
    if (this.opts.control !== false) this.control = await serveControl(controlSocketPath(this.dir), controlHandlers(this), logger, this.project.redactor);
    this.monitoring = await startMonitoring(this, { ...this.opts.monitoring, work: this.opts.work !== false, ...(this.opts.env === undefined ? {} : { env: this.opts.env }) });
    if (project.store.kind === 'postgres' && this.opts.work !== false) {
      this.worker = await startInProcessWorker(project, logger, this.opts.env);
    }
    this.cleanup.start();
    logger.info('amas is up', { project: this.name, agents: this.model.agents.size, workflows: this.model.workflows.size, dir: this.dir });
  }

  get name(): string {
    return this.model.project.name ?? path.basename(this.dir);
  }

  /** `single` with the embedded store; on PostgreSQL `leader` while this process holds the lock, else `standby`. */
  get role(): ProcessRole {
    return this.roles.role;
  }

  // ── snapshot ────────────────────────────────────────────────────────────────────────────
  getSnapshot = (): Snapshot => {
    // Views read this on every render: gather the inputs only when the snapshot must be rebuilt.
    const cached = this.builder.current();
    if (cached) return cached;
    const scheduleOf = this.triggers.scheduleOf();
    return this.builder.build({
      now: this.clock.now(),
      state: this.state,
      project: { name: this.name, dir: this.dir },
      startedAt: this.startedAt,
      ...(this.monitoring?.monitor ? { health: this.monitoring.monitor.status() } : {}),
      agents: this.project.agents.snapshot(),
      workflows: [...this.model.workflows.values()].map(({ spec }) => ({ ...describeWorkflow(spec), ...scheduleOf(spec.id) })),
      role: this.role,
      ...(this.roles.processes === undefined ? {} : { processes: this.roles.processes }),
      workers: this.monitoring?.monitor?.workers(),
      ...(this.opts.work === false ? { work: false } : {}),
    });
  };

  /**
   * The snapshot as of now, for one-off readers (`amas status`, MCP): the cached snapshot keeps
   * the time it was built, which may be long ago when nothing changed since, so uptime computed
   * from it would be wrong.
   */
  snapshotNow(): Snapshot {
    return { ...this.getSnapshot(), takenAt: this.clock.now() };
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Something the snapshot shows changed: rebuild on next read and tell the views. */
  changed(): void {
    this.builder.invalidate();
    for (const l of this.listeners) l();
  }

  // ── runs ────────────────────────────────────────────────────────────────────────────────
  /**
   * Starts a run the one way every face does (`Project.runs.startRun`): manual-trigger rule,
   * overlap gate, tracking, trigger record. Throws on unknown workflows and refused manual starts.
   */
  startRun(req: RunRequest): StartOutcome {
    return this.project.runs.startRun(req);
  }

  /** Waits for a run to end (or park on in_doubt steps). */
  async waitFor(runId: string): Promise<RunResult | undefined> {
    return this.project.runs.waitFor(runId);
  }

  /**
   * Cancels a run going here, or one still waiting in an overlap queue (journaled as queued, so
   * its cancellation is journaled too, or a restart would start it). False when the run is
   * neither, or is already stopping.
   */
  cancelRun(runId: string, reason = 'cancelled by a person'): Promise<boolean> {
    return this.project.runs.cancel(runId, reason);
  }

  async decide(runId: string, stepId: string, action: 'retry' | 'skip'): Promise<void> {
    const h = await this.project.decide(runId, stepId, action);
    this.project.runs.track(h);
  }

  /**
   * A person's answer to an approval step, or with `callId` to a tool call of its agent loop (CLI
   * through the socket, HTTP, MCP, TUI): taken once, durably, then the run continues here.
   * Refusals are AmasErrors (see Engine.answer).
   */
  async answerApproval(runId: string, stepId: string, decision: ApprovalDecision, callId?: string): Promise<ApprovalRecord> {
    // On a PostgreSQL store another live process may drive the run: the answer is stored and that
    // process continues it (it looks for answers every second); resuming it here would drive it twice.
    if (!this.project.engine.get(runId) && (await this.project.driver?.drivenElsewhere(runId))) {
      const taken = await this.project.engine.takeAnswer(runId, stepId, decision, callId);
      this.changed();
      return taken;
    }
    const { record, handle } = await this.project.engine.answer(runId, stepId, decision, callId);
    if (!this.project.runs.isActive(runId)) this.project.runs.track(handle);
    this.changed();
    return record;
  }

  /** Unanswered approvals of unfinished runs, oldest first. */
  pendingApprovals(): Promise<ApprovalRecord[]> {
    return this.project.engine.pendingApprovals();
  }

  publish(input: PublishInput): string {
    return this.project.bus.publish(input);
  }

  // ── triggers ────────────────────────────────────────────────────────────────────────────
  private onBusEvent(e: BusEvent): void {
    if (this.state !== 'stopping' && this.opts.triggers !== false && this.roles.leading) this.triggers.busEvent(e);
  }

  private workflowSpecs(): WorkflowSpec[] {
    return [...this.model.workflows.values()].map((w) => w.spec);
  }

  /** The schedule lives in the leader: a standby refuses to change it. */
  private assertLeads(): void {
    if (this.role === 'standby') throw new AmasError('AMAS_NOT_LEADER', 'this amas up stands by: the leading amas up owns the schedule', { exitCode: 2, hint: 'pause or resume through the leader (its control socket or HTTP API); `amas status` shows which process leads' });
  }

  async pause(workflowId: string): Promise<void> {
    this.assertLeads();
    if (!this.model.workflows.has(workflowId)) throw unknownWorkflow(this.model, workflowId);
    await this.triggers.scheduler.pause(workflowId);
    this.logger.info('schedule paused', { workflow: workflowId });
    this.changed();
  }

  async resume(workflowId: string): Promise<void> {
    this.assertLeads();
    if (!this.model.workflows.has(workflowId)) throw unknownWorkflow(this.model, workflowId);
    await this.triggers.scheduler.resume(workflowId);
    this.logger.info('schedule resumed', { workflow: workflowId });
    this.changed();
  }

  schedule() {
    return this.triggers.scheduler.list();
  }

  // ── hot reload ──────────────────────────────────────────────────────────────────────────
  /** Re-validates the whole project; a valid change swaps in, an invalid one keeps the last good spec. */
  reload(): Promise<void> {
    this.reloading = this.reloading.then(() => reloadSpec(this, this.opts.env, (specs) => this.replan(specs))).catch((err: unknown) => {
      this.logger.error('reload failed', { error: errorMessage(err) });
    });
    return this.reloading;
  }

  /** A reload re-plans cron only where the scheduler runs (embedded, or the leader); a standby plans at takeover. */
  private async replan(specs: WorkflowSpec[]): Promise<ReplanResult> {
    if (this.project.store.kind !== 'postgres' || this.roles.leading) return this.triggers.setWorkflows(specs);
    this.triggers.applyWorkflows(specs);
    return { added: [], changed: [], removed: [], errors: [] };
  }

  // ── shutdown ────────────────────────────────────────────────────────────────────────────
  /**
   * Graceful stop: triggers stop, in-flight runs get `graceMs` to finish, the store is
   * checkpointed and closed. Runs still going after the grace period are stopped and resume on
   * the next start. A second call with graceMs 0 cuts the wait short.
   */
  stop(graceMs = 30_000): Promise<void> {
    if (this.stopping) {
      if (graceMs === 0) this.cutShort?.();
      return this.stopping;
    }
    this.state = 'stopping';
    this.project.runs.stopAccepting();
    this.changed();
    this.stopping = this.doStop(graceMs);
    return this.stopping;
  }

  private cutShort: (() => void) | undefined;
  private stoppedResolve: (() => void) | undefined;
  private readonly stoppedPromise = new Promise<void>((resolve) => (this.stoppedResolve = resolve));

  /** Resolves once the runtime has stopped (after `stop()`, by signal, TUI or control). */
  whenStopped(): Promise<void> {
    return this.stoppedPromise;
  }

  private async doStop(graceMs: number): Promise<void> {
    this.logger.info('stopping', { active_runs: this.project.runs.active().length, grace_ms: graceMs });
    // No new webhook runs while draining.
    await this.monitoring?.closeHttp();
    await this.triggers.stop();
    // The schedule is saved: a standby may lead now (this process's runs stay its own until it hands them over).
    await this.roles.stop();
    await this.watcher?.close();
    await drainRuns(this.project.runs.active(), graceMs, this.clock, (cut) => (this.cutShort = cut));
    const unfinished = this.project.runs.active().map((h) => h.id);
    if (unfinished.length) this.logger.warn('grace period over: unfinished runs are suspended and resume on the next start', { runs: unfinished });
    // Its tasks finish and write their results, unless the grace period ran out: then they go back to the queue.
    await this.worker?.stop({ wait: unfinished.length === 0 });
    await this.control?.close();
    await this.monitoring?.close();
    await this.cleanup.stop();
    // Runs still going are stopped, not ended: the journal keeps them unfinished for resume.
    // …and its agent pool closes the project's own MCP connections (no other project's).
    await this.project.close({ suspendRuns: true });
    this.logger.info('stopped');
    this.stoppedResolve?.();
  }

  /** True from the first stop request on. */
  get isStopping(): boolean {
    return this.stopping !== undefined;
  }

  /** The commands the TUI sends. */
  commands(): TuiCommands {
    return runtimeCommands(this);
  }
}
