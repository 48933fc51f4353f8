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
  /** The step attempt's idempotency key: the job key (a re-enqueue is a no-op) and the result's key. */
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

export type TaskResult = TaskOutcome & { idempotencyKey: string; runId: string; stepId: string; attempt: number; workerId: string | null; createdAt: number };

