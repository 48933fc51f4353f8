// Child runs: a `workflow:` step (or an agent's workflow tool) runs another workflow as a run of
// its own, linked to its parent run and step.
import { hash } from 'node:crypto';
import type { RunResult, RunRow, StepRow } from './types.ts';
import { stepResult } from './results.ts';

/**
 * The child run's id, derived from its parent run, step and key (a for_each item `[2]`, a repeat
 * iteration `#1`, a tool call id): a resumed parent asks for the same child again and re-attaches
 * to it instead of starting another.
 */
export function childRunId(parent: { runId: string; stepId: string; key?: string | undefined }): string {
  return `run_${hash('sha256', `child/${parent.runId}/${parent.stepId}/${parent.key ?? ''}`).slice(0, 26)}`;
}

/** The result of a child run that already ended, as the journal holds it. */
export function storedResult(row: RunRow, steps: StepRow[]): RunResult {
  const out: RunResult = {
    id: row.id,
    workflow: row.workflow,
    status: row.status,
    outputs: row.outputs,
    steps: Object.fromEntries(steps.map((s) => [s.stepId, stepResult(s)])),
    waiting: [],
    attempt: row.attempt,
    startedAt: row.startedAt,
  };
  if (row.usage !== undefined) out.usage = row.usage;
  if (row.error !== undefined) out.error = row.error;
  if (row.endedAt !== undefined) out.endedAt = row.endedAt;
  return out;
}

/** Why a child run stops when its parent's attempt is aborted (cancel, timeout, budget, failure elsewhere). */
export function stopReason(parent: { runId: string; stepId: string }, reason: unknown): { status: 'cancelled' | 'budget_exceeded'; error: string } {
  const r = reason as { name?: string; status?: string; message?: string } | undefined;
  if (r?.name === 'RunStoppedError' && r.status === 'budget_exceeded') return { status: 'budget_exceeded', error: `parent run ${parent.runId}: ${r.message ?? 'budget exceeded'}` };
  const why = r?.message ?? 'cancelled';
  return { status: 'cancelled', error: `parent run ${parent.runId} step ${parent.stepId} stopped: ${why}` };
}
