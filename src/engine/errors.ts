import { errorMessage, NonRetriableError, RetryAfterError } from '../core/index.ts';
import type { StepError } from './types.ts';

/** The attempt's deadline passed; retried like any other failure. */
export class StepTimeoutError extends Error {
  constructor(stepId: string, ms: number) {
    super(`step ${stepId} timed out after ${ms} ms`);
    this.name = 'StepTimeoutError';
  }
}

/** The run stopped (cancel, budget, another step's failure): in-flight attempts end, never retried. */
export class RunStoppedError extends Error {
  constructor(
    readonly status: 'cancelled' | 'budget_exceeded' | 'failed',
    message: string,
    /** A shutdown, not an end: the run resumes later and its attempts with it (Run.suspend). */
    readonly suspended = false,
  ) {
    super(message);
    this.name = 'RunStoppedError';
  }
}

/**
 * The attempt's task was claimed by a worker that died mid-task and the step is not idempotent
 * (the worker's `in_doubt` result): it may have had its effect, so it is neither retried nor
 * failed — the step waits `in_doubt` for a person, as after a crash of the driving process.
 */
export class TaskInDoubtError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TaskInDoubtError';
  }
}

export type Classified =
  | { retry: false; error: StepError }
  | { retry: true; error: StepError; afterMs?: number };

/**
 * Decides whether a failed attempt may be retried. Errors are matched by name as well as by
 * class, because user modules throw their own `NonRetriableError` without importing ours.
 */
export function classify(err: unknown): Classified {
  const name = err instanceof Error ? err.name : '';
  const message = errorMessage(err);
  if (err instanceof RunStoppedError) return { retry: false, error: { kind: err.status === 'budget_exceeded' ? 'budget' : 'cancelled', message } };
  if (err instanceof TaskInDoubtError) return { retry: false, error: { kind: 'in_doubt', message } };
  if (err instanceof StepTimeoutError) return { retry: true, error: { kind: 'timeout', message } };
  if (err instanceof NonRetriableError || name === 'NonRetriableError') return { retry: false, error: { kind: 'non_retriable', message } };
  if (err instanceof RetryAfterError) return { retry: true, error: { kind: 'error', message }, afterMs: err.retryAfterMs };
  if (name === 'RetryAfterError' && typeof (err as { retryAfterMs?: unknown }).retryAfterMs === 'number') {
    return { retry: true, error: { kind: 'error', message }, afterMs: (err as { retryAfterMs: number }).retryAfterMs };
  }
  return { retry: true, error: { kind: 'error', message } };
}
