import type { Logger, Snapshot } from '../core/index.ts';
import { validateSpecSource, type ApprovalAnswerInput, type Catalog, type DynamicOutcome, type EventInput, type McpBackend, type RunSummary, type RunView, type SpecKind, type ValidationReport } from '../mcp/index.ts';
import type { EventType, Priority } from '../bus/index.ts';
import type { KnowledgeEntry, KnowledgeInput, RetrieveQuery, SearchHit, SearchQuery, StoreResult } from '../store/index.ts';
import { mcpDynamic, mcpExecute } from './mcp-control.ts';
import { catalogOf, findRun, summaryOf } from './mcp-runs.ts';
import { approvalView } from './approval-control.ts';
import { Runtime } from './runtime.ts';

export interface LocalBackendOptions {
  logger: Logger;
  env?: Record<string, string | undefined>;
  /** Watch the spec files and reload on change (default true). */
  watch?: boolean;
  reloadDebounceMs?: number;
}

/**
 * `amas mcp` without a running `amas up`: this process opens the project and becomes its one
 * writer (it holds the store lock until it closes). It is a `Runtime` without triggers, control
 * socket or monitoring: runs start by hand only — cron, event and file triggers are `amas up`'s
 * job — but through the same run path (overlap gate, tracking, shutdown grace, trigger record)
 * and the same hot reload (agents, `amas.yaml`, `.env`, module executors) as `amas up`.
 */
export class LocalMcpBackend implements McpBackend {
  readonly mode = 'local' as const;
  private readonly listeners = new Set<() => void>();
  private closed = false;

  private constructor(
    private readonly rt: Runtime,
    private readonly env: Record<string, string | undefined> | undefined,
  ) {
    // A valid reload changes the resources MCP clients list.
    rt.project.stream.subscribe((e) => {
      if (e.type === 'reload' && e.ok) for (const l of this.listeners) l();
    });
  }

  static async open(dir: string, opts: LocalBackendOptions): Promise<LocalMcpBackend> {
    const rt = await Runtime.start(dir, {
      logger: opts.logger,
      ...(opts.env ? { env: opts.env } : {}),
      control: false,
      triggers: false,
      monitoring: { monitor: false, http: false },
      ...(opts.watch === undefined ? {} : { watch: opts.watch }),
      ...(opts.reloadDebounceMs === undefined ? {} : { reloadDebounceMs: opts.reloadDebounceMs }),
    });
    return new LocalMcpBackend(rt, opts.env);
  }

  get project() {
    return this.rt.project;
  }

  async status(): Promise<Snapshot> {
    return this.rt.snapshotNow();
  }

  async catalog(): Promise<Catalog> {
    return catalogOf(this.rt.model);
  }

  startRun(workflow: string, inputs: Record<string, unknown>, opts: { waitMs: number }): Promise<RunView> {
    return mcpExecute(this.rt, workflow, inputs, opts.waitMs);
  }

  runDynamic(source: string | object, inputs: Record<string, unknown>, opts: { waitMs: number }): Promise<DynamicOutcome> {
    return mcpDynamic(this.rt, source, inputs, opts.waitMs);
  }

  getRun(runId: string): Promise<RunView | undefined> {
    return findRun(this.project, runId);
  }

  async listRuns(limit: number): Promise<RunSummary[]> {
    await this.project.engine.flush();
    return (await this.project.store.runs.list({ limit })).map(summaryOf);
  }

  cancelRun(runId: string, reason: string): Promise<boolean> {
    return this.rt.cancelRun(runId, reason);
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

  async answerApproval(runId: string, stepId: string, a: ApprovalAnswerInput): Promise<Record<string, unknown>> {
    const { call, ...decision } = a;
    return approvalView(await this.rt.answerApproval(runId, stepId, decision, call));
  }

  async pendingApprovals(): Promise<Record<string, unknown>[]> {
    return (await this.rt.pendingApprovals()).map(approvalView);
  }

  validateSpec(kind: SpecKind, source: string | object): Promise<ValidationReport> {
    return validateSpecSource(this.rt.model, kind, source, this.env);
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Re-validates the project the way `amas up` does (one reload for both). */
  reload(): Promise<void> {
    return this.rt.reload();
  }

  mask<T>(value: T): T {
    return this.project.redactor.redactDeep(value);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // A closing MCP session is not a shutdown with a grace: runs still going are cancelled, as before.
    await this.rt.stop(0);
  }
}
