// Step tasks handed to `amas worker` processes through a PostgreSQL store's work queue
// (src/store/pg/queue.ts), and their outcomes.

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
}

export interface TaskError {
  code?: string;
  message: string;
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
