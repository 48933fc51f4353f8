// What starts runs on their own: cron, bus events and file changes, each through the
// workflow's overlap gate. Kept apart from runtime.ts, which owns the runs themselves.
import type { BusEvent } from '../bus/index.ts';
import { errorMessage, type Clock, type Logger, type WorkflowSpec } from '../core/index.ts';
import type { RunResult } from '../engine/index.ts';
import type { ProjectModel } from '../spec/index.ts';
import {
  CronScheduler,
  FileTriggers,
  matchEvent,
  type CronFire,
  type FireResult,
  type ReplanResult,
  type TriggerOutcome,
  type TriggerStateStore,
} from '../triggers/index.ts';
import type { Fire, RunPath, StartOutcome } from './run-path.ts';
import { watchFiles, type ProjectWatcher } from './watcher.ts';

export type { Fire, StartOutcome } from './run-path.ts';

/** What the triggers need of the runtime; callbacks, so its run bookkeeping stays private. */
export interface TriggerHost {
  readonly dir: string;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The current model (a reload replaces it). */
  model(): ProjectModel;
  /** The project's run path: triggers start runs through its `fire` (the gate) like every face. */
  readonly runs: RunPath;
  /** Whether file changes are watched at all (`watch: false` turns them off). */
  readonly watch: boolean;
  readonly triggerState: TriggerStateStore;
  /** Whether a run of this cron fire exists already (started before a crash). */
  firedBefore(fireId: string): Promise<boolean>;
}

export class TriggerWiring {
  readonly scheduler: CronScheduler;
  private readonly fileTriggers: FileTriggers;
  /** Runs started (or queued) by a cron fire: their outcome becomes the trigger's last outcome. */
  private readonly cronRuns = new Map<string, { workflowId: string; triggerKey: string; scheduledTime: number }>();
  private fileWatcher: ProjectWatcher | undefined;

  constructor(private readonly host: TriggerHost) {
    this.scheduler = new CronScheduler({
      clock: host.clock,
      logger: host.logger,
      store: host.triggerState,
      onFire: (fire) => this.cronFire(fire),
    });
    this.fileTriggers = new FileTriggers(host.clock, (fire) => {
      if (this.scheduler.isPaused(fire.workflowId)) return;
      const wf = host.model().workflows.get(fire.workflowId);
      if (!wf) return;
      this.fireOutcome(fire.workflowId, { inputs: withDeclared(wf.spec, fire.inputs, 'changed_files', fire.paths), trigger: 'file' });
    });
  }

  /** Starts a run for a trigger; errors are logged, never thrown into the bus or a timer. */
  private fireOutcome(workflowId: string, fire: Fire): FireResult {
    return this.tryFire(workflowId, fire).result;
  }

  private tryFire(workflowId: string, fire: Fire): { result: FireResult; outcome?: StartOutcome } {
    try {
      const o = this.host.runs.fire(workflowId, fire);
      if (o.kind === 'queued') {
        o.durable.catch((err: unknown) => this.host.logger.error('queued run could not be journaled', { workflow: workflowId, trigger: fire.trigger, error: errorMessage(err) }));
      }
      return { result: o.kind === 'skipped' ? 'skipped' : o.kind, outcome: o };
    } catch (err) {
      this.host.logger.error('trigger could not start a run', { workflow: workflowId, trigger: fire.trigger, error: errorMessage(err) });
      return { result: 'error' };
    }
  }

  private cronFire(fire: CronFire): FireResult | Promise<FireResult> {
    // A fire caught up after a restart may have started its run before the crash, just before
    // its time was saved: that run is resumed, not started twice. Only such a fire waits for the store.
    if (fire.reason !== 'misfire') return this.startCron(fire);
    return this.host.firedBefore(fire.fireId).then((ran) => {
      if (!ran) return this.startCron(fire);
      this.host.logger.info('cron fire already ran before the restart', { workflow: fire.workflowId, trigger: fire.triggerKey, scheduled: new Date(fire.scheduledTime).toISOString() });
      return 'skipped';
    });
  }

  private startCron(fire: CronFire): FireResult {
    const { result, outcome } = this.tryFire(fire.workflowId, { inputs: fire.inputs, trigger: 'cron', fireId: fire.fireId });
    if (outcome && outcome.kind !== 'skipped') {
      this.cronRuns.set(outcome.runId, { workflowId: fire.workflowId, triggerKey: fire.triggerKey, scheduledTime: fire.scheduledTime });
    }
    return result;
  }

  /** A cron-started run ended: its status becomes the trigger's last outcome (if no later fire came). */
  runEnded(r: RunResult): void {
    const c = this.cronRuns.get(r.id);
    if (!c) return;
    this.cronRuns.delete(r.id);
    const last = this.scheduler.list().find((e) => e.workflowId === c.workflowId && e.triggerKey === c.triggerKey)?.lastFire;
    if (last !== c.scheduledTime) return;
    const outcome: TriggerOutcome = r.status === 'completed' ? 'succeeded' : r.status === 'cancelled' ? 'cancelled' : 'failed';
    this.scheduler.recordOutcome(c.workflowId, c.triggerKey, outcome);
  }

  /** Starts the runs whose event triggers match `e`. */
  busEvent(e: BusEvent): void {
    for (const { spec } of this.host.model().workflows.values()) {
      for (const t of spec.on ?? []) {
        if (t.event === undefined || !matchEvent(t, e) || this.scheduler.isPaused(spec.id)) continue;
        // A run's own completion events must not start that workflow again (a loop).
        if (e.source === `workflow:${spec.id}`) continue;
        this.fireOutcome(spec.id, { inputs: withDeclared(spec, t.inputs ?? {}, 'event', e.data), trigger: 'event' });
      }
    }
  }

  /** File triggers and overlap limits follow the workflows; a raised limit starts queued runs. */
  applyWorkflows(specs: WorkflowSpec[]): void {
    this.fileTriggers.setWorkflows(specs);
    this.host.runs.applyLimits(specs);
  }

  /** After a reload: cron re-plans, then file triggers, limits and the file watcher follow. */
  async setWorkflows(specs: WorkflowSpec[]): Promise<ReplanResult> {
    const replan = this.scheduler.setWorkflows(specs);
    this.applyWorkflows(specs);
    await this.syncFileWatcher(specs);
    return replan;
  }

  /** Watches project files only while some workflow has a file trigger. */
  async syncFileWatcher(specs: WorkflowSpec[]): Promise<void> {
    const wanted = specs.some((s) => (s.on ?? []).some((t) => t.file !== undefined));
    if (wanted && !this.fileWatcher && this.host.watch) {
      this.fileWatcher = watchFiles(this.host.dir, (rel) => this.fileTriggers.changed(rel), { logger: this.host.logger });
      await this.fileWatcher.ready;
    } else if (!wanted && this.fileWatcher) {
      await this.fileWatcher.close();
      this.fileWatcher = undefined;
    }
  }

  /** Per workflow: paused, and the earliest next cron fire (null when paused or none). */
  scheduleOf(): (workflowId: string) => { nextFire: number | null; paused: boolean } {
    // Every paused workflow, whatever its triggers: the schedule lists cron entries only, and an
    // event- or file-triggered workflow that is paused must not look active.
    const paused = new Set<string>(this.scheduler.pausedWorkflows());
    const next = new Map<string, number>();
    for (const e of this.scheduler.list()) {
      if (e.paused) paused.add(e.workflowId);
      if (e.nextFire !== undefined) next.set(e.workflowId, Math.min(next.get(e.workflowId) ?? Infinity, e.nextFire));
    }
    return (id) => ({ nextFire: paused.has(id) ? null : (next.get(id) ?? null), paused: paused.has(id) });
  }

  /**
   * This process stops leading (a PostgreSQL store's standby): cron and file triggers stop until
   * `scheduler.start` and `syncFileWatcher` again; runs going and queued keep their places.
   */
  async standBy(): Promise<void> {
    await this.scheduler.release();
    await this.fileWatcher?.close();
    this.fileWatcher = undefined;
  }

  /** Cron and file triggers stop and queued runs are dropped; runs going keep their slots. */
  async stop(): Promise<void> {
    await this.scheduler.stop();
    this.fileTriggers.stop();
    await this.fileWatcher?.close();
    this.host.runs.clearQueues();
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
