// The narrow port the MCP server talks to. Two implementations live in src/runtime: one over the
// control socket of a running `amas up`, one that opens the project itself (the single writer).
import type { AgentSpec, Diagnostic, Snapshot, Transcript, WorkflowSpec } from '../core/index.ts';
import type { KnowledgeEntry, KnowledgeInput, RetrieveQuery, SearchHit, SearchQuery, StoreResult } from '../store/index.ts';

export type SpecKind = 'agent' | 'workflow' | 'project';

/** One agent or workflow as declared: its id, file (relative to the project) and YAML text. */
export interface CatalogEntry<S> {
  id: string;
  file: string;
  text: string;
  spec: S;
}

export interface Catalog {
  agents: CatalogEntry<AgentSpec>[];
  workflows: CatalogEntry<WorkflowSpec>[];
}

export interface RunStepView {
  status: string;
  attempt: number;
  agent: string | null;
  output?: unknown;
  error: string | null;
}

/** A run as MCP clients see it, the same whether it is still live or read back from the store. */
export interface RunView {
  run_id: string;
  workflow: string;
  status: string;
  /** The run reached a final status (completed, failed, cancelled, budget_exceeded). */
  done: boolean;
  outputs: unknown;
  error: string | null;
  started_at: number | null;
  ended_at: number | null;
  steps: Record<string, RunStepView>;
  /** Steps waiting for a person (in_doubt after a crash). */
  waiting: string[];
  /** Agent loops' transcripts by loop key (the llm step's id), when the run had any. */
  transcripts?: Record<string, Transcript>;
  /** Child runs started by the run's `workflow:` steps. */
  children?: (RunSummary & { parent_step: string })[];
}

export interface RunSummary {
  run_id: string;
  workflow: string;
  status: string;
  started_at: number | null;
  ended_at: number | null;
}

export type DiagnosticView = Pick<Diagnostic, 'file' | 'line' | 'column' | 'severity' | 'code' | 'message'> & { hint?: string };

export interface ValidationReport {
  ok: boolean;
  errors: number;
  warnings: number;
  diagnostics: DiagnosticView[];
  /** The diagnostics as `amas validate` prints them (no colour). */
  text: string;
}

/** A dynamic workflow either failed validation (nothing ran) or started. */
export type DynamicOutcome = { ok: false; validation: ValidationReport } | { ok: true; run: RunView };

export interface EventInput {
  type: string;
  data?: unknown;
  priority?: string;
  target?: string;
  source?: string;
}

export interface ApprovalAnswerInput {
  approved: boolean;
  /** Who answers: the MCP client's name. */
  by: string;
  comment?: string;
  input?: Record<string, unknown>;
  /** The tool call answered, when the step's agent loop waits on several. */
  call?: string;
}

export interface McpBackend {
  /** How this backend reaches the project, for status output. */
  readonly mode: 'local' | 'remote';
  status(): Promise<Snapshot>;
  catalog(): Promise<Catalog>;
  /** Starts a declared workflow and waits up to `waitMs` for it to end (`done` says whether it did). */
  startRun(workflow: string, inputs: Record<string, unknown>, opts: { waitMs: number }): Promise<RunView>;
  /** Validates a whole workflow (YAML/JSON text or an object) like a file, then runs it. */
  runDynamic(source: string | object, inputs: Record<string, unknown>, opts: { waitMs: number }): Promise<DynamicOutcome>;
  getRun(runId: string): Promise<RunView | undefined>;
  listRuns(limit: number): Promise<RunSummary[]>;
  /** false: no such active run. */
  cancelRun(runId: string, reason: string): Promise<boolean>;
  storeKnowledge(input: KnowledgeInput): Promise<StoreResult>;
  retrieveKnowledge(q: RetrieveQuery): Promise<KnowledgeEntry[]>;
  searchKnowledge(query: string, q: SearchQuery): Promise<SearchHit[]>;
  /** Publishes an event on the bus; resolves with its id. */
  publishEvent(e: EventInput): Promise<string>;
  validateSpec(kind: SpecKind, source: string | object): Promise<ValidationReport>;
  /** A person's (the MCP client's) answer to a step waiting for approval; resolves with the approval as answered. */
  answerApproval(runId: string, stepId: string, answer: ApprovalAnswerInput): Promise<Record<string, unknown>>;
  /** Steps waiting for approval, oldest first. */
  pendingApprovals(): Promise<Record<string, unknown>[]>;
  /** Called after the project's specs changed (a hot reload took effect). */
  onChange(listener: () => void): () => void;
  /**
   * `value` with the project's secrets masked (the MCP transport's one choke point). A backend
   * whose answers are masked already (through the control socket) returns it as it is.
   */
  mask<T>(value: T): T;
  close(): Promise<void>;
}

/** Run statuses after which nothing more happens to a run. */
export const FINAL_STATUSES: ReadonlySet<string> = new Set(['completed', 'failed', 'cancelled', 'budget_exceeded']);
