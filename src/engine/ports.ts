// The engine's narrow views of its collaborators. The runtime adapts the real agents pool,
// store and bus to these, so a later backend (PostgreSQL, a BullMQ worker fleet) is an adapter,
// not an engine rewrite.
import type { AgentLoopPort, ExecutorSpec, LoopCallRecord, LoopHistory, LoopTurnRecord, ModelCallReport, RetryPolicy } from '../core/index.ts';
import type { RunRow, RunStatus, StepRow } from './types.ts';

export type ExecutorKind = keyof ExecutorSpec;

/**
 * What the engine tells an agent about one attempt (the agents layer adds its own part of the
 * executor context). Its members may be prototype getters: read them, do not spread the object.
 */
export interface AttemptContext {
  /** Aborted on cancel, timeout, budget or shutdown. */
  signal: AbortSignal;
  runId: string;
  workflowId: string;
  stepId: string;
  capability: string;
  /** 1 for the first attempt; grows with retries and with re-runs after a crash. */
  attempt: number;
  /** Stable across attempts of one step of one run. */
  idempotencyKey: string;
  timeoutMs: number;
  /** env, secrets, run — for expressions inside the executor spec (the agent adds `input`). */
  scope: Record<string, unknown>;
  reportUsage(usage: { promptTokens: number; completionTokens: number }): void;
  /** Executors that call a model report each request here (the `model_call` event). */
  reportModelCall?(call: ModelCallReport): void;
  /** The agent-loop port (journal, routed tool calls) for an llm executor with `tools:`; created on first read. */
  readonly loop: AgentLoopPort;
}

export interface CapabilityInfo {
  kind: ExecutorKind | undefined;
  timeout?: string | undefined;
  retry?: RetryPolicy | undefined;
  /** What an agent loop offers the model for this capability as a tool. */
  description?: string | undefined;
  input?: Record<string, unknown> | undefined;
  /** `idempotent: false` on the capability: a tool call of it in flight at a crash waits as in_doubt. */
  idempotent?: boolean | undefined;
}

/** One agent reserved for one attempt; `release()` must be called exactly once. */
export interface AgentLease {
  agentId: string;
  /**
   * A port that hands attempts to other processes (`AgentPort.handsOff`): the task to journal
   * for this attempt, or undefined when the attempt runs here. The engine writes the attempt's
   * `running` row and this task in ONE durable journal write, then calls `execute`, which waits
   * for the task's result. The task is opaque to the engine (the runtime's StepTask).
   */
  handoff?(input: unknown, ctx: AttemptContext): unknown;
  execute(input: unknown, ctx: AttemptContext): Promise<unknown>;
  release(): void;
}

export interface AgentPort {
  /**
   * What the agents that could take a step declare for it: the executor kind when they all
   * agree (`template` steps are pure, so their journal writes may ride along with the next
   * group commit), and the capability's timeout/retry defaults. Undefined: no such capability.
   */
  describe(capability: string, agentId?: string): CapabilityInfo | undefined;
  /**
   * Waits for a free agent (pinned, else preferring the domain, least loaded); rejects when
   * `attempt.signal` aborts. Read `signal` only when you must wait: it is created on first read.
   */
  acquire(capability: string, prefs: { agentId?: string; domain?: string }, attempt: { readonly signal: AbortSignal }): Promise<AgentLease>;
  /**
   * A lease at once when an agent is free, else undefined (then `acquire` waits). Optional: it
   * saves a promise and a turn of the microtask queue per step when agents are not contended.
   */
  tryAcquire?(capability: string, prefs: { agentId?: string; domain?: string }): AgentLease | undefined;
  /** The capabilities of one agent (delegation tools of an agent loop); undefined: no such agent. */
  capabilitiesOf?(agentId: string): string[] | undefined;
  /**
   * True for a port whose leases may hand attempts to other processes (`AgentLease.handoff`): the
   * engine then acquires the lease before journaling the attempt, and a resume re-attaches to a
   * handed-off attempt (`handedOff`) instead of running it again.
   */
  readonly handsOff?: boolean;
  /**
   * Whether the attempt `attempt` of the unit keyed `idempotencyKey` was handed off (its task is
   * queued, running or has a result). A resume hands such an attempt off again AS THE SAME
   * attempt — the task is deduplicated, a result already written is taken — and leaves deciding
   * `in_doubt` to the worker, which knows whether the task was claimed before.
   */
  handedOff?(idempotencyKey: string, attempt: number): Promise<boolean>;
}

export interface KnowledgeDraft {
  category: 'task_execution' | 'workflow_execution';
  agentId: string;
  content: unknown;
  metadata?: Record<string, unknown>;
  source: string;
}

/** Rows written together in one transaction. Runs carry `spec` and `inputs` only when created. */
export interface JournalBatch {
  runs: RunRow[];
  steps: StepRow[];
  knowledge: KnowledgeDraft[];
  /** Agent-loop model turns and tool calls (absent or empty for most batches). */
  turns?: LoopTurnRecord[];
  calls?: LoopCallRecord[];
  /** Attempts handed to other processes (`AgentLease.handoff`), committed with the rows above. */
  tasks?: unknown[];
}

/**
 * How far a journal write must go before it resolves: `true` on disk (it survives the machine's
 * crash), `'written'` held by the journal file (it survives the process's crash; on disk within
 * 200 ms), `false` not waited for.
 */
export type JournalDurability = boolean | 'written';

/** The run journal: every transition is written here before it is acted on. */
export interface RunJournal {
  /**
   * Applies the batch; resolves once it has gone as far as `durable` asks. The rows are the
   * engine's live objects: they must be read (serialised) before `write` returns.
   */
  write(batch: JournalBatch, durable: JournalDurability): Promise<void>;
  getRun(id: string): Promise<RunRow | undefined>;
  getSteps(runId: string): Promise<StepRow[]>;
  listRuns(query: { status?: RunStatus[]; workflow?: string; limit?: number }): Promise<RunRow[]>;
  /** The agent-loop turns and calls of a run (of one loop when `loopKey` is given, else all), in order. Optional: a journal without it resumes loops from scratch. */
  getLoop?(runId: string, loopKey?: string): Promise<LoopHistory>;
}

export interface EventPort {
  publish(event: { type: 'task_complete' | 'error_occurred' | 'system_status'; source: string; data: unknown; priority?: 'low' | 'normal' | 'high' | 'urgent' }): void;
}

/** The expression layer as the engine uses it. */
export interface ExprPort {
  render(value: unknown, scope: Record<string, unknown>): unknown;
  hasExpressions(text: string): boolean;
}

/** What a step (or, with `callId`, a tool call) asks a person: journaled before anyone is told. */
export interface ApprovalRequest {
  runId: string;
  workflow: string;
  stepId: string;
  /** '' for an approval step; a tool call's id for per-tool approval. */
  callId: string;
  /** A tool call's: the tool the model called and its arguments (stored masked). */
  tool?: string | undefined;
  args?: unknown;
  prompt: string;
  /** The form the approver fills (`approval.input`), a JSON Schema of an object. */
  inputSchema?: Record<string, unknown> | undefined;
  requestedAt: number;
  /** requestedAt + timeout; undefined: waits until answered. */
  deadline?: number | undefined;
  onTimeout?: 'approve' | 'reject' | 'fail' | undefined;
}

export interface ApprovalAnswer {
  approved: boolean;
  /** Who answered: an OS user or `--by`, "http", an MCP client's name, "tui", or "timeout". */
  by: string;
  at: number;
  comment?: string | undefined;
  input?: Record<string, unknown> | undefined;
}

export interface ApprovalRecord extends ApprovalRequest {
  answer?: ApprovalAnswer | undefined;
}

/**
 * Where approval requests and their answers live (the store's `approvals` table in the
 * runtime). Every method resolves once its change is durable: an answer is taken exactly once.
 */
export interface ApprovalJournal {
  /** Records the request unless one exists for (run, step, call); resolves with the stored one (its `requestedAt` is the first). */
  request(r: ApprovalRequest): Promise<ApprovalRecord>;
  get(runId: string, stepId: string, callId: string): Promise<ApprovalRecord | undefined>;
  /** Sets the answer if there is none yet: `taken` false means another answer was there first (`record` holds it). */
  answer(runId: string, stepId: string, callId: string, answer: ApprovalAnswer): Promise<{ taken: boolean; record: ApprovalRecord | undefined }>;
  /** Unanswered requests of unfinished runs, oldest first. */
  pending(): Promise<ApprovalRecord[]>;
}
