import { AmasError, errorMessage, type Snapshot } from '../core/index.ts';
import { validateSpecSource, type ApprovalAnswerInput, type Catalog, type DynamicOutcome, type EventInput, type McpBackend, type RunSummary, type RunView, type SpecKind, type ValidationReport } from '../mcp/index.ts';
import { loadProject } from '../spec/index.ts';
import type { KnowledgeEntry, KnowledgeInput, RetrieveQuery, SearchHit, SearchQuery, StoreResult } from '../store/index.ts';
import { connectControl, controlSocketPath } from './control/index.ts';
import { LocalMcpBackend, type LocalBackendOptions } from './mcp-backend-local.ts';
import { catalogOf } from './mcp-runs.ts';
import { RemoteMcpBackend } from './mcp-backend-remote.ts';
import { ProjectInvalidError } from './project.ts';

/**
 * The backend `amas mcp` serves: through the control socket of a running `amas up` when there is
 * one, else the project opened here (this process then holds the writer lock). Chosen on first
 * use and again whenever the current one is gone — `amas up` stopped, or the lock was busy — so
 * the server outlives the runtime it talks to, and never opens the store as a second writer.
 */
export class AutoMcpBackend implements McpBackend {
  private active: McpBackend | undefined;
  private resolving: Promise<McpBackend> | undefined;
  private readonly listeners = new Set<() => void>();
  private closed = false;

  constructor(
    readonly dir: string,
    private readonly opts: LocalBackendOptions,
  ) {}

  get mode(): 'local' | 'remote' {
    return this.active?.mode ?? 'local';
  }

  /** The backend in use, connecting or opening one first. Rejects with why neither is possible. */
  current(): Promise<McpBackend> {
    if (this.closed) return Promise.reject(new AmasError('AMAS_MCP_CLOSED', 'the MCP server is shutting down'));
    if (this.active) return Promise.resolve(this.active);
    this.resolving ??= this.resolve().finally(() => (this.resolving = undefined));
    return this.resolving;
  }

  private async resolve(): Promise<McpBackend> {
    const client = await connectControl(controlSocketPath(this.dir));
    let b: McpBackend;
    if (client) {
      b = new RemoteMcpBackend(client);
      client.onClose(() => {
        if (this.active !== b) return;
        this.active = undefined;
        this.opts.logger.info('amas up went away; the next call reconnects or opens the project here');
      });
      this.opts.logger.info('using the running amas up through its control socket', { socket: controlSocketPath(this.dir) });
    } else {
      try {
        b = await LocalMcpBackend.open(this.dir, this.opts);
      } catch (err) {
        throw explainOpenFailure(err);
      }
      this.opts.logger.info('opened the project (no amas up is running); this process is its writer until it exits', { dir: this.dir });
    }
    this.active = b;
    b.onChange(() => this.emit());
    return b;
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }

  private async use<T>(fn: (b: McpBackend) => Promise<T>): Promise<T> {
    return fn(await this.current());
  }

  status(): Promise<Snapshot> {
    return this.use((b) => b.status());
  }
  /** Specs can be read without the store: when the project cannot be opened, they come from the files. */
  async catalog(): Promise<Catalog> {
    try {
      return await this.use((b) => b.catalog());
    } catch (err) {
      if (!(err instanceof AmasError) || err.code === 'AMAS_MCP_CLOSED') throw err;
      return catalogOf((await loadProject(this.dir, this.opts.env ? { env: this.opts.env } : {})).model);
    }
  }
  startRun(workflow: string, inputs: Record<string, unknown>, o: { waitMs: number }): Promise<RunView> {
    return this.use((b) => b.startRun(workflow, inputs, o));
  }
  runDynamic(source: string | object, inputs: Record<string, unknown>, o: { waitMs: number }): Promise<DynamicOutcome> {
    return this.use((b) => b.runDynamic(source, inputs, o));
  }
  getRun(runId: string): Promise<RunView | undefined> {
    return this.use((b) => b.getRun(runId));
  }
  listRuns(limit: number): Promise<RunSummary[]> {
    return this.use((b) => b.listRuns(limit));
  }
  cancelRun(runId: string, reason: string): Promise<boolean> {
    return this.use((b) => b.cancelRun(runId, reason));
  }
  answerApproval(runId: string, stepId: string, a: ApprovalAnswerInput): Promise<Record<string, unknown>> {
    return this.use((b) => b.answerApproval(runId, stepId, a));
  }
  pendingApprovals(): Promise<Record<string, unknown>[]> {
    return this.use((b) => b.pendingApprovals());
  }
  storeKnowledge(input: KnowledgeInput): Promise<StoreResult> {
    return this.use((b) => b.storeKnowledge(input));
  }
  retrieveKnowledge(q: RetrieveQuery): Promise<KnowledgeEntry[]> {
    return this.use((b) => b.retrieveKnowledge(q));
  }
  searchKnowledge(query: string, q: SearchQuery): Promise<SearchHit[]> {
    return this.use((b) => b.searchKnowledge(query, q));
  }
  publishEvent(e: EventInput): Promise<string> {
    return this.use((b) => b.publishEvent(e));
  }
  async validateSpec(kind: SpecKind, source: string | object): Promise<ValidationReport> {
    try {
      return await this.use((b) => b.validateSpec(kind, source));
    } catch (err) {
      if (!(err instanceof AmasError) || err.code === 'AMAS_MCP_CLOSED') throw err;
      const { model } = await loadProject(this.dir, this.opts.env ? { env: this.opts.env } : {});
      return validateSpecSource(model, kind, source, this.opts.env);
    }
  }
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  mask<T>(value: T): T {
    return this.active ? this.active.mask(value) : value;
  }

  async close(): Promise<void> {
    this.closed = true;
    const b = this.active ?? (await this.resolving?.catch(() => undefined));
    this.active = undefined;
    await b?.close();
  }
}

function explainOpenFailure(err: unknown): Error {
  if (err instanceof ProjectInvalidError) {
    const first = err.diagnostics
      .filter((d) => d.severity === 'error')
      .slice(0, 5)
      .map((d) => `${d.file}:${d.line}:${d.column} ${d.code} ${d.message}`);
    return new AmasError(err.code, `${err.message}: ${first.join('; ')}`, { hint: 'fix the specs (validate_spec or `amas validate` shows every problem); the next call tries again' });
  }
  if (err instanceof AmasError && err.code === 'AMAS_STORE_LOCKED') {
    return new AmasError(err.code, `${err.message}, and it serves no control socket to go through`, {
      hint: 'another `amas mcp` or `amas run` is using this project; stop it, or run `amas up` so that every client goes through one runtime. The next call tries again.',
    });
  }
  return err instanceof Error ? err : new Error(errorMessage(err));
}

export function openMcpBackend(dir: string, opts: LocalBackendOptions): AutoMcpBackend {
  return new AutoMcpBackend(dir, opts);
}
