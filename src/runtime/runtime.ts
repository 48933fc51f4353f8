import path from 'node:path';
import type { BusEvent, PublishInput } from '../bus/index.ts';
import {
  errorMessage,
  newId,
  parseDuration,
  silentLogger,
  systemClock,
  type Clock,
  type Logger,
  type Snapshot,
  type SnapshotSource,
  type TriggerKind,
  type TuiCommands,
  type WorkflowSpec,
} from '../core/index.ts';
import { closeMcpClients, reloadModules } from '../agents/index.ts';
import type { RunHandle, RunResult } from '../engine/index.ts';
import { loadProject, type ProjectModel } from '../spec/index.ts';
import { CronScheduler, FileTriggers, RunGate, concurrencyOf, matchEvent, storeTriggerState, type CronFire, type FireResult, type TriggerOutcome } from '../triggers/index.ts';
import { controlSocketPath, serveControl, type ControlServer } from './control/index.ts';
import { controlHandlers } from './control-handlers.ts';
import { openProject, unknownWorkflow, type Project } from './project.ts';
import { swapAgents } from './agent-swap.ts';
import { runtimeCommands } from './tui-commands.ts';
import { SnapshotBuilder } from './snapshot-builder.ts';
import { describeWorkflow } from './workflow-info.ts';
import { watchFiles, watchProject, type ProjectWatcher } from './watcher.ts';
import { startMonitoring, type Monitoring, type MonitoringOptions } from './monitoring.ts';

export interface RuntimeOptions {
  /** Database path (default from amas.yaml) or ':memory:'. */
  store?: string;
  clock?: Clock;
  logger?: Logger;
  env?: Record<string, string | undefined>;
  /** Serve the control socket (default true). */
  control?: boolean;
  /** Watch spec files and hot-reload (default true). */
  watch?: boolean;
  /** Debounce of the spec watcher in ms. */
  reloadDebounceMs?: number;
  /** Metrics, alerts and the HTTP API (src/monitor); `http` overrides amas.yaml `http.listen`. */
  monitoring?: Omit<MonitoringOptions, 'env'>;
}

interface Fire {
  inputs: Record<string, unknown>;
  trigger: TriggerKind;
}

/** How a start request through the gate ended. */
export type StartOutcome = { kind: 'started' | 'queued'; runId: string } | { kind: 'skipped'; runId: string; reason: string };

/**
 * `amas up`: the project's one writer. Wires the opened project (spec, store, bus, agents,
 * engine) to triggers, hot reload and the control socket, and owns the state snapshot that the
 * TUI, `amas status`, the control API and MCP read.
 */
export class Runtime implements SnapshotSource {
  readonly dir: string;
  readonly startedAt: number;
  readonly builder = new SnapshotBuilder();
  model: ProjectModel;
  private state: Snapshot['state'] = 'running';
  private readonly listeners = new Set<() => void>();
  private readonly handles = new Map<string, RunHandle>();
  private readonly gates = new Map<string, RunGate<Fire>>();
  /** Runs started (or queued) by a cron fire: their outcome becomes the trigger's last outcome. */
  private readonly cronRuns = new Map<string, { workflowId: string; triggerKey: string; scheduledTime: number }>();
  private readonly scheduler: CronScheduler;
  private readonly fileTriggers: FileTriggers;
  private watcher: ProjectWatcher | undefined;
  private fileWatcher: ProjectWatcher | undefined;
  private control: ControlServer | undefined;
  private stopping: Promise<void> | undefined;
  /** The monitor and HTTP API, once booted (undefined when monitoring is off). */
  monitoring: Monitoring | undefined;
  private reloading: Promise<void> = Promise.resolve();

  private constructor(
    readonly project: Project,
    readonly clock: Clock,
    readonly logger: Logger,
    private readonly opts: RuntimeOptions,
  ) {
    this.dir = project.dir;
    this.model = project.model;
    this.startedAt = clock.now();
    this.scheduler = new CronScheduler({
      clock,
      logger,
      store: storeTriggerState(project.store.triggers),
      onFire: (fire) => this.cronFire(fire),
    });
    this.fileTriggers = new FileTriggers(clock, (fire) => {
      if (this.scheduler.isPaused(fire.workflowId)) return;
      const wf = this.model.workflows.get(fire.workflowId);
      if (!wf) return;
      this.fireOutcome(fire.workflowId, { inputs: withDeclared(wf.spec, fire.inputs, 'changed_files', fire.paths), trigger: 'file' });
    });
  }

  static async start(dir: string, opts: RuntimeOptions = {}): Promise<Runtime> {
    const clock = opts.clock ?? systemClock;
    const logger = opts.logger ?? silentLogger;
    const ref: { rt?: Runtime } = {};
    const project = await openProject(dir, {
      clock,
      logger,
      onUsage: (u) => ref.rt?.monitoring?.monitor?.addTokens(u.promptTokens + u.completionTokens),
      ...(opts.store === undefined ? {} : { store: opts.store }),
      ...(opts.env === undefined ? {} : { env: opts.env }),
    });
    const rt = new Runtime(project, clock, logger, opts);
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
    project.onEvent((e) => {
      if (e.type === 'run_started' && !this.handlesKnown(e.runId)) {
        const wf = this.model.workflows.get(e.workflow);
        if (wf) this.builder.runStarting(e.runId, wf.spec, 'manual', this.clock.now());
      }
      this.builder.engineEvent(e, this.clock.now());
      if (e.type === 'run_finished') {
        this.logRun(e.result);
        if (e.result.waiting.length === 0) this.cronRunEnded(e.result);
      }
      this.changed();
    });
    project.bus.subscribeAll((e) => this.onBusEvent(e), { includeTargeted: true });
    this.builder.reload({ at: this.clock.now(), ok: true, diagnostics: [] });
    this.applyWorkflows([...this.model.workflows.values()].map((w) => w.spec));
    // Resumed runs take their overlap slots before any catch-up fire asks for one.
    const resumed = await project.resume();
    for (const h of resumed) this.adoptResumed(h);
    if (resumed.length) logger.info('resumed unfinished runs', { runs: resumed.map((h) => h.id) });
    const { catchUp } = await this.scheduler.start(this.workflowSpecs());
    for (const c of catchUp) if (c.missed > 0) logger.info('caught up missed cron fires', { ...c });
    if (this.opts.watch !== false) {
      this.watcher = watchProject(this.dir, () => void this.reload(), { logger, ...(this.opts.reloadDebounceMs === undefined ? {} : { debounceMs: this.opts.reloadDebounceMs }) });
      await this.watcher.ready;
      await this.syncFileWatcher();
    }
    if (this.opts.control !== false) this.control = await serveControl(controlSocketPath(this.dir), controlHandlers(this), logger);
    this.monitoring = await startMonitoring(this, { ...this.opts.monitoring, ...(this.opts.env === undefined ? {} : { env: this.opts.env }) });
    logger.info('amas is up', { project: this.name, agents: this.model.agents.size, workflows: this.model.workflows.size, dir: this.dir });
  }

  get name(): string {
    return this.model.project.name ?? path.basename(this.dir);
  }

  // ── snapshot ────────────────────────────────────────────────────────────────────────────
  getSnapshot = (): Snapshot => {
    const paused = new Set<string>();
    const next = new Map<string, number>();
    for (const e of this.scheduler.list()) {
      if (e.paused) paused.add(e.workflowId);
      if (e.nextFire !== undefined) next.set(e.workflowId, Math.min(next.get(e.workflowId) ?? Infinity, e.nextFire));
    }
    return this.builder.build({
      now: this.clock.now(),
      state: this.state,
      project: { name: this.name, dir: this.dir },
      startedAt: this.startedAt,
      agents: this.project.agents.snapshot(),
      workflows: [...this.model.workflows.values()].map(({ spec }) => ({
        ...describeWorkflow(spec),
        nextFire: paused.has(spec.id) ? null : (next.get(spec.id) ?? null),
        paused: paused.has(spec.id),
      })),
    });
  };

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
  /** Starts a run through the workflow's overlap gate (what every trigger does). */
  fire(workflowId: string, fire: Fire): StartOutcome {
    const wf = this.model.workflows.get(workflowId);
    if (!wf) throw unknownWorkflow(this.model, workflowId);
    if (this.state === 'stopping') return { kind: 'skipped', runId: '', reason: 'amas is stopping' };
    const gate = this.gateFor(wf.spec);
    const runId = newId('run_');
    const d = gate.request(runId, fire);
    switch (d.kind) {
      case 'skip':
        this.logger.info('run skipped by overlap policy', { workflow: workflowId, trigger: fire.trigger, reason: d.reason });
        return { kind: 'skipped', runId, reason: d.reason };
      case 'queue':
        this.logger.info('run queued by overlap policy', { workflow: workflowId, position: d.position });
        return { kind: 'queued', runId };
      case 'cancel-previous-then-start':
        for (const id of d.cancel) this.handles.get(id)?.cancel('cancelled by a newer run (overlap: cancel-previous)');
        break;
      case 'start':
        break;
    }
    try {
      this.launch(wf.spec, wf.hash, runId, fire);
    } catch (err) {
      this.afterRun(workflowId, runId);
      throw err;
    }
    return { kind: 'started', runId };
  }

  /** Starts a run for a trigger; errors are logged, never thrown into the bus or a timer. */
  private fireOutcome(workflowId: string, fire: Fire): FireResult {
    return this.tryFire(workflowId, fire).result;
  }

  private tryFire(workflowId: string, fire: Fire): { result: FireResult; outcome?: StartOutcome } {
    try {
      const o = this.fire(workflowId, fire);
      return { result: o.kind === 'skipped' ? 'skipped' : o.kind, outcome: o };
    } catch (err) {
      this.logger.error('trigger could not start a run', { workflow: workflowId, trigger: fire.trigger, error: errorMessage(err) });
      return { result: 'error' };
    }
  }

  private cronFire(fire: CronFire): FireResult {
    const { result, outcome } = this.tryFire(fire.workflowId, { inputs: fire.inputs, trigger: 'cron' });
    if (outcome && outcome.kind !== 'skipped') {
      this.cronRuns.set(outcome.runId, { workflowId: fire.workflowId, triggerKey: fire.triggerKey, scheduledTime: fire.scheduledTime });
    }
    return result;
  }

  /** A cron-started run ended: its status becomes the trigger's last outcome (if no later fire came). */
  private cronRunEnded(r: RunResult): void {
    const c = this.cronRuns.get(r.id);
    if (!c) return;
    this.cronRuns.delete(r.id);
    const last = this.scheduler.list().find((e) => e.workflowId === c.workflowId && e.triggerKey === c.triggerKey)?.lastFire;
    if (last !== c.scheduledTime) return;
    const outcome: TriggerOutcome = r.status === 'completed' ? 'succeeded' : r.status === 'cancelled' ? 'cancelled' : 'failed';
    this.scheduler.recordOutcome(c.workflowId, c.triggerKey, outcome);
  }

  private launch(spec: WorkflowSpec, hash: string, runId: string, fire: Fire): void {
    this.builder.runStarting(runId, spec, fire.trigger, this.clock.now());
    let handle: RunHandle;
    try {
      handle = this.project.engine.start(spec, fire.inputs, { runId, hash });
    } catch (err) {
      this.builder.engineEvent({ type: 'run_finished', runId, result: { id: runId, workflow: spec.id, status: 'failed', outputs: undefined, steps: {}, error: errorMessage(err), waiting: [], attempt: 1, startedAt: this.clock.now(), endedAt: this.clock.now() } }, this.clock.now());
      this.changed();
      throw err;
    }
    this.logger.info('run started', { run: runId, workflow: spec.id, trigger: fire.trigger });
    this.track(handle, spec.id);
  }

  private track(handle: RunHandle, workflowId?: string): void {
    this.handles.set(handle.id, handle);
    handle.result.then(
      (r) => this.afterRun(workflowId ?? r.workflow, handle.id),
      (err: unknown) => {
        this.logger.error('run crashed', { run: handle.id, error: errorMessage(err) });
        if (workflowId) this.afterRun(workflowId, handle.id);
      },
    );
  }

  /** A run resumed from the store holds a slot of its workflow's gate (if still declared). */
  private adoptResumed(h: RunHandle): void {
    const workflowId = this.project.engine.get(h.id)?.workflow;
    const wf = workflowId === undefined ? undefined : this.model.workflows.get(workflowId);
    if (wf) this.gateFor(wf.spec).adopt(h.id);
    this.track(h, wf?.spec.id);
  }

  private handlesKnown(runId: string): boolean {
    return this.handles.has(runId) || this.builder.activeRunIds().includes(runId);
  }

  private afterRun(workflowId: string, runId: string): void {
    this.handles.delete(runId);
    const gate = this.gates.get(workflowId);
    if (!gate) return;
    for (const next of gate.runEnded(runId)) {
      const wf = this.model.workflows.get(workflowId);
      if (!wf || this.state === 'stopping') {
        gate.runEnded(next.runId);
        continue;
      }
      try {
        this.launch(wf.spec, wf.hash, next.runId, next.fire);
      } catch (err) {
        this.logger.error('queued run could not start', { workflow: workflowId, error: errorMessage(err) });
        gate.runEnded(next.runId);
      }
    }
  }

  private logRun(r: RunResult): void {
    const fields = { run: r.id, workflow: r.workflow, status: r.status, ...(r.error ? { error: r.error } : {}) };
    if (r.status === 'completed') this.logger.info('run finished', fields);
    else if (r.waiting.length) this.logger.warn('run waiting for a person', { ...fields, in_doubt: r.waiting });
    else this.logger.warn('run finished', fields);
  }

  /** Waits for a run to end (or park on in_doubt steps). */
  async waitFor(runId: string): Promise<RunResult | undefined> {
    return this.handles.get(runId)?.result;
  }

  /** False when the run is not going here or is already stopping. */
  cancelRun(runId: string, reason = 'cancelled by a person'): boolean {
    if (!this.handles.has(runId)) return false;
    return this.project.engine.cancel(runId, reason);
  }

  async decide(runId: string, stepId: string, action: 'retry' | 'skip'): Promise<void> {
    const h = await this.project.decide(runId, stepId, action);
    this.track(h);
  }

  publish(input: PublishInput): string {
    return this.project.bus.publish(input);
  }

  // ── triggers ────────────────────────────────────────────────────────────────────────────
  private onBusEvent(e: BusEvent): void {
    this.builder.busEvent(e);
    this.changed();
    if (this.state === 'stopping') return;
    for (const { spec } of this.model.workflows.values()) {
      for (const t of spec.on ?? []) {
        if (t.event === undefined || !matchEvent(t, e) || this.scheduler.isPaused(spec.id)) continue;
        // A run's own completion events must not start that workflow again (a loop).
        if (e.source === `workflow:${spec.id}`) continue;
        this.fireOutcome(spec.id, { inputs: withDeclared(spec, t.inputs ?? {}, 'event', e.data), trigger: 'event' });
      }
    }
  }

  private workflowSpecs(): WorkflowSpec[] {
    return [...this.model.workflows.values()].map((w) => w.spec);
  }

  private gateFor(spec: WorkflowSpec): RunGate<Fire> {
    let gate = this.gates.get(spec.id);
    if (!gate) {
      gate = new RunGate<Fire>(concurrencyOf(spec));
      this.gates.set(spec.id, gate);
    }
    return gate;
  }

  private applyWorkflows(specs: WorkflowSpec[]): void {
    this.fileTriggers.setWorkflows(specs);
    for (const spec of specs) {
      const gate = this.gates.get(spec.id);
      if (!gate) continue;
      for (const next of gate.setLimits(concurrencyOf(spec))) {
        const wf = this.model.workflows.get(spec.id);
        if (wf) this.launch(wf.spec, wf.hash, next.runId, next.fire);
      }
    }
  }

  private async syncFileWatcher(): Promise<void> {
    const wanted = this.workflowSpecs().some((s) => (s.on ?? []).some((t) => t.file !== undefined));
    if (wanted && !this.fileWatcher && this.opts.watch !== false) {
      this.fileWatcher = watchFiles(this.dir, (rel) => this.fileTriggers.changed(rel), { logger: this.logger });
      await this.fileWatcher.ready;
    } else if (!wanted && this.fileWatcher) {
      await this.fileWatcher.close();
      this.fileWatcher = undefined;
    }
  }

  async pause(workflowId: string): Promise<void> {
    if (!this.model.workflows.has(workflowId)) throw unknownWorkflow(this.model, workflowId);
    await this.scheduler.pause(workflowId);
    this.logger.info('schedule paused', { workflow: workflowId });
    this.changed();
  }

  async resume(workflowId: string): Promise<void> {
    if (!this.model.workflows.has(workflowId)) throw unknownWorkflow(this.model, workflowId);
    await this.scheduler.resume(workflowId);
    this.logger.info('schedule resumed', { workflow: workflowId });
    this.changed();
  }

  schedule() {
    return this.scheduler.list();
  }

  // ── hot reload ──────────────────────────────────────────────────────────────────────────
  /** Re-validates the whole project; a valid change swaps in, an invalid one keeps the last good spec. */
  reload(): Promise<void> {
    this.reloading = this.reloading.then(() => this.doReload()).catch((err: unknown) => {
      this.logger.error('reload failed', { error: errorMessage(err) });
    });
    return this.reloading;
  }

  private async doReload(): Promise<void> {
    if (this.state === 'stopping') return;
    const loaded = await loadProject(this.dir, this.opts.env === undefined ? {} : { env: this.opts.env });
    // stop() may have begun while the files were read: swapping agents in now would race it.
    if (this.stoppingNow()) return;
    const diagnostics = loaded.diagnostics.map(({ file, line, column, severity, code, message }) => ({ file, line, column, severity, code, message }));
    if (!loaded.ok) {
      this.builder.reload({ at: this.clock.now(), ok: false, diagnostics });
      const first = loaded.diagnostics.find((d) => d.severity === 'error');
      this.logger.warn('reload rejected: the change has errors; the last good spec keeps running', {
        errors: loaded.diagnostics.filter((d) => d.severity === 'error').length,
        ...(first ? { first: `${first.file}:${first.line}:${first.column} ${first.code} ${first.message}` } : {}),
      });
      this.publish({ type: 'system_status', priority: 'high', source: 'runtime', data: { kind: 'reload_failed', diagnostics: diagnostics.slice(0, 20) } });
      this.changed();
      return;
    }
    const after = loaded.model;
    const { added, changed, removed } = swapAgents(this.project.agents, this.model, after, this.logger);
    this.model = after;
    this.project.setModel(after);
    // module executors import the project's JS afresh from now on (runs going keep theirs).
    reloadModules();
    const replan = this.scheduler.setWorkflows(this.workflowSpecs());
    this.applyWorkflows(this.workflowSpecs());
    await this.syncFileWatcher();
    this.builder.reload({ at: this.clock.now(), ok: true, diagnostics });
    this.logger.info('reloaded', {
      agents_added: added, agents_changed: changed, agents_removed: removed,
      schedules_added: replan.added, schedules_changed: replan.changed, schedules_removed: replan.removed,
    });
    this.publish({ type: 'system_status', priority: 'normal', source: 'runtime', data: { kind: 'reloaded', agents: { added, changed, removed } } });
    this.changed();
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
    this.changed();
    this.stopping = this.doStop(graceMs);
    return this.stopping;
  }

  private cutShort: (() => void) | undefined;
  private stoppedResolve: (() => void) | undefined;
  private readonly stoppedPromise = new Promise<void>((resolve) => (this.stoppedResolve = resolve));

  private stoppingNow(): boolean {
    return this.state === 'stopping';
  }

  /** Resolves once the runtime has stopped (after `stop()`, by signal, TUI or control). */
  whenStopped(): Promise<void> {
    return this.stoppedPromise;
  }

  private async doStop(graceMs: number): Promise<void> {
    this.logger.info('stopping', { active_runs: this.handles.size, grace_ms: graceMs });
    // No new webhook runs while draining.
    await this.monitoring?.closeHttp();
    await this.scheduler.stop();
    this.fileTriggers.stop();
    await this.watcher?.close();
    await this.fileWatcher?.close();
    for (const g of this.gates.values()) g.clearQueue();
    const pending = [...this.handles.values()].map((h) => h.result.catch(() => undefined));
    if (pending.length && graceMs > 0) {
      await new Promise<void>((resolve) => {
        this.cutShort = resolve;
        const t = this.clock.setTimeout(resolve, graceMs);
        void Promise.all(pending).then(() => {
          this.clock.clearTimeout(t);
          resolve();
        });
      });
    }
    const unfinished = [...this.handles.keys()];
    if (unfinished.length) this.logger.warn('grace period over: unfinished runs are suspended and resume on the next start', { runs: unfinished });
    await this.control?.close();
    await this.monitoring?.close();
    // Runs still going are stopped, not ended: the journal keeps them unfinished for resume.
    await this.project.close({ suspendRuns: true });
    await closeMcpClients();
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

/**
 * Adds what a trigger knows (the event's data, the changed files) as the input `name` — only
 * when the workflow declares that input: run inputs are checked, and an undeclared one would
 * make every fire fail.
 */
function withDeclared(spec: WorkflowSpec, inputs: Record<string, unknown>, name: string, value: unknown): Record<string, unknown> {
  return spec.inputs && Object.hasOwn(spec.inputs, name) ? { ...inputs, [name]: value } : { ...inputs };
}

export function shutdownGraceMs(model: ProjectModel): number {
  const g = model.project.runtime?.shutdown_grace;
  return g ? parseDuration(g) : 30_000;
}
