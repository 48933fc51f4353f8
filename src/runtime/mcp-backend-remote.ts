import type { Snapshot } from '../core/index.ts';
import type { ApprovalAnswerInput, Catalog, DynamicOutcome, EventInput, McpBackend, RunSummary, RunView, SpecKind, ValidationReport } from '../mcp/index.ts';
import type { KnowledgeEntry, KnowledgeInput, RetrieveQuery, SearchHit, SearchQuery, StoreResult } from '../store/index.ts';
import type { ControlClient } from './control/index.ts';

import { STREAM_NOTIFICATION } from './control-stream.ts';

/** `amas mcp` while `amas up` runs on the project: every call goes through its control socket. */
export class RemoteMcpBackend implements McpBackend {
  readonly mode = 'remote' as const;
  private readonly listeners = new Set<() => void>();
  private subscribed: Promise<unknown> | undefined;

  constructor(private readonly client: ControlClient) {
    client.onNotification((method, params) => {
      // A valid reload of the running amas up changes the resources MCP clients list.
      const e = params as { type?: string; ok?: boolean } | null;
      if (method === STREAM_NOTIFICATION && e?.type === 'reload' && e.ok === true) for (const l of this.listeners) l();
    });
  }

  status(): Promise<Snapshot> {
    return this.client.call('status');
  }
  catalog(): Promise<Catalog> {
    return this.client.call('mcp.catalog');
  }
  startRun(workflow: string, inputs: Record<string, unknown>, opts: { waitMs: number }): Promise<RunView> {
    return this.client.call('mcp.execute', { workflow, inputs, waitMs: opts.waitMs });
  }
  runDynamic(source: string | object, inputs: Record<string, unknown>, opts: { waitMs: number }): Promise<DynamicOutcome> {
    return this.client.call('mcp.dynamic', { source, inputs, waitMs: opts.waitMs });
  }
  async getRun(runId: string): Promise<RunView | undefined> {
    return (await this.client.call<RunView | null>('mcp.run', { runId })) ?? undefined;
  }
  listRuns(limit: number): Promise<RunSummary[]> {
    return this.client.call('mcp.runs', { limit });
  }
  async cancelRun(runId: string, reason: string): Promise<boolean> {
    return (await this.client.call<{ cancelled: boolean }>('mcp.cancel', { runId, reason })).cancelled;
  }
  answerApproval(runId: string, stepId: string, a: ApprovalAnswerInput): Promise<Record<string, unknown>> {
    return this.client.call('approvals.answer', { runId, stepId, ...a });
  }
  pendingApprovals(): Promise<Record<string, unknown>[]> {
    return this.client.call('approvals.pending', {});
  }
  storeKnowledge(input: KnowledgeInput): Promise<StoreResult> {
    return this.client.call('knowledge.put', input);
  }
  retrieveKnowledge(q: RetrieveQuery): Promise<KnowledgeEntry[]> {
    return this.client.call('knowledge.list', q);
  }
  searchKnowledge(query: string, q: SearchQuery): Promise<SearchHit[]> {
    return this.client.call('knowledge.search', { ...q, query });
  }
  async publishEvent(e: EventInput): Promise<string> {
    return (await this.client.call<{ id: string }>('emit', { ...e, source: e.source ?? 'mcp' })).id;
  }
  validateSpec(kind: SpecKind, source: string | object): Promise<ValidationReport> {
    return this.client.call('mcp.validate', { kind, source });
  }
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    // Reloads reach us as `reload` events of the runtime's stream; subscribe once, on first interest.
    this.subscribed ??= this.client.call('events.stream', { types: ['reload'] }).catch(() => (this.subscribed = undefined));
    return () => this.listeners.delete(listener);
  }
  /** Answers come through the control socket, which masks them already. */
  mask<T>(value: T): T {
    return value;
  }

  async close(): Promise<void> {
    this.client.close();
  }
}
