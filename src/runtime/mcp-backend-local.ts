import path from 'node:path';
import { errorMessage, newId, systemClock, type Logger, type Snapshot, type WorkflowSpec } from '../core/index.ts';
import { prepareInputs } from '../engine/index.ts';
import { checkWorkflow, validateSpecSource, type ApprovalAnswerInput, type Catalog, type DynamicOutcome, type EventInput, type McpBackend, type RunSummary, type RunView, type SpecKind, type ValidationReport } from '../mcp/index.ts';
import { loadProject, type ProjectModel } from '../spec/index.ts';
import type { EventType, Priority } from '../bus/index.ts';
import type { KnowledgeEntry, KnowledgeInput, RetrieveQuery, SearchHit, SearchQuery, StoreResult } from '../store/index.ts';
import { findRun, summaryOf, waitForRun } from './mcp-runs.ts';
import { approvalView } from './approval-control.ts';
import { openProject, unknownWorkflow, type Project } from './project.ts';
import { SnapshotBuilder } from './snapshot-builder.ts';
import { watchProject, type ProjectWatcher } from './watcher.ts';
import { describeWorkflow } from './workflow-info.ts';

export function catalogOf(model: ProjectModel): Catalog {
  return {
    agents: [...model.agents.values()].map(({ spec, file }) => ({ id: spec.id, file, text: model.files.get(file) ?? '', spec })),
    workflows: [...model.workflows.values()].map(({ spec, file }) => ({ id: spec.id, file, text: model.files.get(file) ?? '', spec })),
  };
}

export interface LocalBackendOptions {
  logger: Logger;
  env?: Record<string, string | undefined>;
  /** Watch the spec files and reload on change (default true). */
  watch?: boolean;
  reloadDebounceMs?: number;
}

/**
 * `amas mcp` without a running `amas up`: this process opens the project and becomes its one
 * writer (it holds the store lock until it closes). Runs start by hand only — cron, event and
 * file triggers are `amas up`'s job.
 */
export class LocalMcpBackend implements McpBackend {
  readonly mode = 'local' as const;
  private readonly builder: SnapshotBuilder;
  private readonly listeners = new Set<() => void>();
  private readonly startedAt = systemClock.now();
  private watcher: ProjectWatcher | undefined;
  private reloading: Promise<void> = Promise.resolve();
  private closed = false;

  private constructor(
    readonly project: Project,
    private readonly opts: LocalBackendOptions,
  ) {
    this.builder = new SnapshotBuilder((v) => project.redactor.redactDeep(v));
  }

  static async open(dir: string, opts: LocalBackendOptions): Promise<LocalMcpBackend> {
    const project = await openProject(dir, { logger: opts.logger, ...(opts.env ? { env: opts.env } : {}) });
    const b = new LocalMcpBackend(project, opts);
    const now = () => systemClock.now();
    project.onEvent((e) => {
      b.builder.engineEvent(e, now());
      b.builder.invalidate();
    });
    project.bus.subscribeAll((e) => b.builder.busEvent(e), { includeTargeted: true });
    b.builder.reload({ at: now(), ok: true, diagnostics: [] });
    if (opts.watch !== false) {
      b.watcher = watchProject(project.dir, () => void b.reload(), { logger: opts.logger, ...(opts.reloadDebounceMs === undefined ? {} : { debounceMs: opts.reloadDebounceMs }) });
      await b.watcher.ready;
    }
    return b;
  }

  async status(): Promise<Snapshot> {
    const model = this.project.model;
    return this.builder.build({
      now: systemClock.now(),
      state: 'running',
      project: { name: model.project.name ?? path.basename(this.project.dir), dir: this.project.dir },
      startedAt: this.startedAt,
      agents: this.project.agents.snapshot(),
      workflows: [...model.workflows.values()].map(({ spec }) => ({ ...describeWorkflow(spec), nextFire: null, paused: false })),
    });
  }

  async catalog(): Promise<Catalog> {
    return catalogOf(this.project.model);
  }

  async startRun(workflow: string, inputs: Record<string, unknown>, opts: { waitMs: number }): Promise<RunView> {
    const wf = this.project.model.workflows.get(workflow);
    if (!wf) throw unknownWorkflow(this.project.model, workflow);
    return this.launch(wf.spec, inputs, wf.hash, opts.waitMs);
  }

  async runDynamic(source: string | object, inputs: Record<string, unknown>, opts: { waitMs: number }): Promise<DynamicOutcome> {
    const { spec, report } = checkWorkflow(this.project.model, source);
    if (!spec) return { ok: false, validation: report };
    return { ok: true, run: await this.launch(spec, inputs, undefined, opts.waitMs) };
  }

  private launch(spec: WorkflowSpec, inputs: Record<string, unknown>, hash: string | undefined, waitMs: number): Promise<RunView> {
    prepareInputs(spec, inputs); // bad inputs fail here, before the run shows anywhere
    const runId = newId('run_');
    this.builder.runStarting(runId, spec, 'manual', systemClock.now());
    const handle = this.project.engine.start(spec, inputs, { runId, ...(hash ? { hash } : {}) });
    return waitForRun(this.project, runId, spec.id, handle.result, waitMs);
  }

  getRun(runId: string): Promise<RunView | undefined> {
    return findRun(this.project, runId);
  }

  async listRuns(limit: number): Promise<RunSummary[]> {
    await this.project.engine.flush();
    return this.project.store.runs.list({ limit }).map(summaryOf);
  }

  async cancelRun(runId: string, reason: string): Promise<boolean> {
    return this.project.engine.cancel(runId, reason);
  }

  /** The run continues in this process (it is the project's writer while no `amas up` runs). */
  async answerApproval(runId: string, stepId: string, a: ApprovalAnswerInput): Promise<Record<string, unknown>> {
    const { record } = await this.project.engine.answer(runId, stepId, a);
    return approvalView(record);
  }

  async pendingApprovals(): Promise<Record<string, unknown>[]> {
    return (await this.project.engine.pendingApprovals()).map(approvalView);
  }

  storeKnowledge(input: KnowledgeInput): Promise<StoreResult> {
    return this.project.store.knowledge.store(input);
  }

  async retrieveKnowledge(q: RetrieveQuery): Promise<KnowledgeEntry[]> {
    return this.project.store.knowledge.retrieve(q);
  }

  async searchKnowledge(query: string, q: SearchQuery): Promise<SearchHit[]> {
    return this.project.store.knowledge.search(query, q);
  }

  async publishEvent(e: EventInput): Promise<string> {
    return this.project.bus.publish({
      type: e.type as EventType,
      data: e.data ?? {},
      priority: (e.priority ?? 'normal') as Priority,
      source: e.source ?? 'mcp',
      ...(e.target ? { target: e.target } : {}),
    });
  }

  validateSpec(kind: SpecKind, source: string | object): Promise<ValidationReport> {
    return validateSpecSource(this.project.model, kind, source, this.opts.env);
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Re-validates the project; a valid change swaps in (running runs keep their spec), an invalid one is logged and ignored. */
  reload(): Promise<void> {
    this.reloading = this.reloading.then(() => this.doReload()).catch((err: unknown) => this.opts.logger.error('reload failed', { error: errorMessage(err) }));
    return this.reloading;
  }

  private async doReload(): Promise<void> {
    if (this.closed) return;
    const loaded = await loadProject(this.project.dir, this.opts.env ? { env: this.opts.env } : {});
    const diagnostics = loaded.diagnostics.map(({ file, line, column, severity, code, message }) => ({ file, line, column, severity, code, message }));
    if (!loaded.ok) {
      this.builder.reload({ at: systemClock.now(), ok: false, diagnostics });
      this.opts.logger.warn('reload rejected: the change has errors; the last good spec stays', { errors: diagnostics.filter((d) => d.severity === 'error').length });
      return;
    }
    const before = this.project.model;
    const pool = this.project.agents;
    for (const [id, a] of loaded.model.agents) {
      const old = before.agents.get(id);
      if (!old) pool.add(a.spec);
      else if (old.hash !== a.hash) pool.replace(a.spec);
    }
    for (const id of before.agents.keys()) {
      if (!loaded.model.agents.has(id)) void pool.remove(id).catch((err: unknown) => this.opts.logger.warn('agent removal failed', { agent: id, error: errorMessage(err) }));
    }
    this.project.setModel(loaded.model);
    this.builder.reload({ at: systemClock.now(), ok: true, diagnostics });
    this.opts.logger.info('reloaded', { agents: loaded.model.agents.size, workflows: loaded.model.workflows.size });
    for (const l of this.listeners) l();
  }

  mask<T>(value: T): T {
    return this.project.redactor.redactDeep(value);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.watcher?.close();
    await this.reloading;
    await this.project.close();
  }
}
