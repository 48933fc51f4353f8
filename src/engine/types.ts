import type { ModelCallReport, ToolKind, WorkflowSpec } from '../core/index.ts';

/**
 * Lifecycle of a run. `queued`: accepted by an overlap gate and journaled, not started yet (the
 * runtime starts it, after a restart too). `running` also covers a run parked on `in_doubt`
 * steps after a crash.
 */
export type RunStatus = 'queued' | 'pending' | 'running' | 'completed' | 'failed' | 'cancelled' | 'budget_exceeded';
/** `waiting`: an approval step (or tool call) waits for a person; the run stays `running`. */
export type StepStatus = 'pending' | 'running' | 'retrying' | 'completed' | 'failed' | 'skipped' | 'cancelled' | 'in_doubt' | 'waiting';

export const FINISHED_RUN: ReadonlySet<RunStatus> = new Set(['completed', 'failed', 'cancelled', 'budget_exceeded']);
export const FINISHED_STEP: ReadonlySet<StepStatus> = new Set(['completed', 'failed', 'skipped', 'cancelled']);

export interface StepError {
  /** timeout | non_retriable | error | cancelled | budget | input | in_doubt */
  kind: string;
  message: string;
}

/**
 * What one step came to, always narrowed on `status`. Every member declares `output` so that
 * `run.steps.x.output` reads without narrowing (undefined unless completed).
 */
export type StepResult =
  | { status: 'pending'; attempt: number; output?: undefined; error?: undefined }
  | { status: 'running' | 'retrying'; attempt: number; agent?: string; output?: undefined; error?: StepError }
  | { status: 'completed'; attempt: number; agent?: string; output: unknown; durationMs: number; error?: undefined }
  | { status: 'failed'; attempt: number; agent?: string; output?: undefined; error: StepError }
  | { status: 'skipped'; attempt: number; output?: undefined; error?: undefined; reason: string }
  | { status: 'cancelled'; attempt: number; output?: undefined; error?: StepError }
  | { status: 'in_doubt'; attempt: number; agent?: string; output?: undefined; error: StepError }
  | { status: 'waiting'; attempt: number; output?: undefined; error?: undefined };

/** The result `project.run()` resolves with. */
/** LLM tokens spent, as executors report them. */
export interface TokenCount {
  prompt: number;
  completion: number;
  total: number;
}

/** Token usage of a run: in all, by step and by agent (feeds `budget.tokens`). */
export interface RunUsage extends TokenCount {
  steps: Record<string, TokenCount>;
  agents: Record<string, TokenCount>;
}

export interface RunResult {
  id: string;
  workflow: string;
  status: RunStatus;
  outputs: Record<string, unknown> | undefined;
  /** Present once some step reported LLM tokens. */
  usage?: RunUsage;
  steps: Record<string, StepResult>;
  /** Why the run did not complete. */
  error?: string;
  /**
   * Steps waiting for a person: `in_doubt` ones (`amas runs retry|skip`, after a crash of a
   * non-idempotent step) and `waiting` approvals (`amas runs approve|reject`).
   */
  waiting: string[];
  attempt: number;
  startedAt: number;
  endedAt?: number;
}

/** A run as the journal keeps it: pinned to the spec it started with. */
export interface RunRow {
  id: string;
  workflow: string;
  specHash: string;
  /** Undefined only when read back from a store that no longer holds the pinned spec: such a run cannot resume. */
  spec: WorkflowSpec | undefined;
  inputs: Record<string, unknown>;
  status: RunStatus;
  /** 1 on the first start; +1 on every resume after a crash. */
  attempt: number;
  usage?: RunUsage | undefined;
  outputs?: Record<string, unknown> | undefined;
  error?: string | undefined;
  startedAt: number;
  endedAt?: number | undefined;
  /** What started the run; a cron fire's id lets a restart tell that the fire already ran. */
  trigger?: RunTrigger | undefined;
  /** Set on a child run (a `workflow:` step's sub-run, or an agent's workflow tool call): the run and step that started it. */
  parent?: RunParent | undefined;
}

/** The step of another run a child run belongs to. */
export interface RunParent {
  runId: string;
  stepId: string;
}

export interface RunTrigger {
  kind: string;
  fireId?: string;
}

/** A step row with every field present from the start: rows then share one object shape instead of growing one field at a time. */
export function pendingStep(runId: string, stepId: string): StepRow {
  return { runId, stepId, status: 'pending', attempt: 0, agent: undefined, output: undefined, error: undefined, reason: undefined, startedAt: undefined, endedAt: undefined };
}

export interface StepRow {
  runId: string;
  stepId: string;
  status: StepStatus;
  attempt: number;
  agent?: string | undefined;
  output?: unknown;
  error?: StepError | undefined;
  reason?: string | undefined;
  startedAt?: number | undefined;
  endedAt?: number | undefined;
}

/** Progress and transitions, for the CLI's live lines, the TUI and logs. */
export type EngineEvent =
  /** `trigger`: what started the run (manual, cron, event, file, queue…; the journal's trigger kind); `parent`: a child run's parent step. */
  | { type: 'run_started'; runId: string; workflow: string; attempt: number; total: number; trigger: string; parent?: RunParent }
  /** The step got an agent and its executor starts now. */
  /** `maxAttempts`: the step's effective retry policy (step, then capability, then amas.yaml). */
  | { type: 'step_started'; runId: string; stepId: string; attempt: number; maxAttempts: number; agent: string }
  | { type: 'step_retrying'; runId: string; stepId: string; attempt: number; maxAttempts: number; delayMs: number; error: StepError }
  | { type: 'step_finished'; runId: string; stepId: string; result: StepResult; finished: number; total: number }
  /** One item of a `for_each` step settled (`finished` of `total` items are done). */
  | { type: 'step_item_finished'; runId: string; stepId: string; index: number; status: 'completed' | 'failed' | 'cancelled'; finished: number; total: number; error?: StepError }
  /** One iteration of a `repeat` step completed; `done`: its `until` held. */
  | { type: 'step_iteration_finished'; runId: string; stepId: string; index: number; max: number; done: boolean }
  /** A `repeat` step used all `max` iterations without `until` holding: it completes with the last output. */
  | { type: 'step_repeat_exhausted'; runId: string; stepId: string; max: number }
  | { type: 'run_finished'; runId: string; result: RunResult }
  /** One model request of a step's attempt (an llm executor's chat completion), once it answered or failed. */
  | ({ type: 'model_call'; runId: string; stepId: string; attempt: number; agent: string } & ModelCallReport)
  /** An agent loop's tool call starts (after it was journaled as running). `stepId` is the llm step's. */
  | { type: 'tool_call_started'; runId: string; stepId: string; callId: string; tool: string; kind: ToolKind; args: unknown }
  | { type: 'tool_call_finished'; runId: string; stepId: string; callId: string; tool: string; kind: ToolKind; args: unknown; ok: boolean; durationMs: number; error?: string }
  /**
   * An approval step (or, with `callId`, a tool call) now waits for a person; `path` is where the
   * HTTP API takes the answer. `restored`: the wait was re-armed after a restart (announced before).
   */
  | { type: 'approval_requested'; runId: string; workflow: string; stepId: string; callId?: string; prompt: string; requestedAt: number; deadline?: number; path: string; restored?: boolean }
  | { type: 'approval_answered'; runId: string; workflow: string; stepId: string; callId?: string; prompt: string; approved: boolean; by: string; at: number };
