// Step tasks handed to `amas worker` processes through a PostgreSQL store's work queue
// (src/store/pg/queue.ts), and their outcomes.
import type { ModelCallReport } from '../core/index.ts';

/** One step attempt handed to a worker. */
export interface StepTask {
  runId: string;
  stepId: string;
  attempt: number;
  capability: string;
  /** A pinned agent, else a preferred domain. */
  agentId?: string;
  domain?: string;
  /** The step's idempotency key (stable across its attempts); with `attempt` it keys the task: see taskKeyOf. */
  idempotencyKey: string;
  /** false: a job found claimed before (its worker died) is not executed again — its result is `in_doubt`. */
  idempotent: boolean;
  /** Epoch ms after which the attempt is cancelled. */
  deadline?: number;
  input: unknown;
  /** The workflow of the run, and the attempt's timeout (what the executor context reports). */
  workflowId?: string;
  timeoutMs?: number;
  /**
   * The non-secret part of the scope the executor renders its spec with: `run`, a for_each's
   * `item`/`index`, a repeat's `repeat`. The worker adds its own `env` and `secrets`; a task whose
   * input or scope holds a secret value is never handed off (task payloads are stored).
   */
  scope?: Record<string, unknown>;
  /** Handed over again by a resumed run: its result may exist already (the worker then runs nothing). */
  resumed?: boolean;
}

export interface TaskError {
  /** TIMEOUT (the deadline passed), NON_RETRIABLE (retries would not help), ABORTED, or the error's own code. */
  code?: string;
  message: string;
  /** A RetryAfterError's wait. */
  retryAfterMs?: number;
}

/**
 * What a worker reports as a task's `usage`: the agent that ran it, the LLM tokens it spent, and
 * each model request its executor made (the driving process emits them as `model_call` events).
 */
export interface TaskUsage {
  agentId: string;
  promptTokens: number;
  completionTokens: number;
  modelCalls?: ModelCallReport[];
}

export type TaskOutcome =
  | { status: 'ok'; output: unknown; usage?: unknown }
  | { status: 'error'; error: TaskError; usage?: unknown }
  | { status: 'in_doubt'; error: TaskError };

export type TaskResult = TaskOutcome & { taskKey: string; runId: string; stepId: string; attempt: number; workerId: string | null; createdAt: number };


/**
 * The key of one step attempt's task: its job key (handing it over again while queued or running
 * is a no-op) and its result's key. A retry (the next attempt) is a new task; the same attempt
 * handed over again finds its result and is not executed again.
 */
export function taskKeyOf(t: { idempotencyKey: string; attempt: number }): string {
  return `${t.idempotencyKey}#${t.attempt}`;
}
