import type { Plan, PlanStep } from './plan.ts';
import type { KnowledgeDraft } from './ports.ts';
import type { RunResult, RunRow, StepError, StepResult, StepRow } from './types.ts';

/** Built field by field: object spreads per step were a visible share of a run's garbage. */
export function stepResult(r: StepRow, durationMs?: number): StepResult {
  switch (r.status) {
    case 'pending':
      return { status: 'pending', attempt: r.attempt };
    case 'running':
    case 'retrying': {
      const out: StepResult = { status: r.status, attempt: r.attempt };
      if (r.agent !== undefined) out.agent = r.agent;
      if (r.error) out.error = r.error;
      return out;
    }
    case 'completed': {
      const d = durationMs ?? Math.max(0, (r.endedAt ?? 0) - (r.startedAt ?? 0));
      return r.agent === undefined ? { status: 'completed', attempt: r.attempt, output: r.output, durationMs: d } : { status: 'completed', attempt: r.attempt, agent: r.agent, output: r.output, durationMs: d };
    }
    case 'failed': {
      const error = r.error ?? { kind: 'error', message: 'failed' };
      return r.agent === undefined ? { status: 'failed', attempt: r.attempt, error } : { status: 'failed', attempt: r.attempt, agent: r.agent, error };
    }
    case 'skipped':
      return { status: 'skipped', attempt: r.attempt, reason: r.reason ?? 'skipped' };
    case 'cancelled': {
      const out: StepResult = { status: 'cancelled', attempt: r.attempt };
      if (r.error) out.error = r.error;
      return out;
    }
    case 'in_doubt': {
      const error = r.error ?? inDoubtError();
      return r.agent === undefined ? { status: 'in_doubt', attempt: r.attempt, error } : { status: 'in_doubt', attempt: r.attempt, agent: r.agent, error };
    }
    case 'waiting':
      return { status: 'waiting', attempt: r.attempt };
  }
}

export function inDoubtError(): StepError {
  return { kind: 'in_doubt', message: 'was in flight when the process stopped and is not idempotent: retry or skip it (amas runs retry|skip)' };
}

export function buildResult(row: RunRow, plan: Plan, rows: StepRow[]): RunResult {
  const steps: Record<string, StepResult> = {};
  const waiting: string[] = [];
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    steps[plan.steps[i]!.id] = stepResult(r);
    if (r.status === 'in_doubt' || r.status === 'waiting') waiting.push(r.stepId);
  }
  return {
    id: row.id,
    workflow: row.workflow,
    status: row.status,
    outputs: row.outputs,
    ...(row.usage === undefined ? {} : { usage: row.usage }),
    steps,
    ...(row.error === undefined ? {} : { error: row.error }),
    waiting,
    attempt: row.attempt,
    startedAt: row.startedAt,
    ...(row.endedAt === undefined ? {} : { endedAt: row.endedAt }),
  };
}

/** The seed's `task_execution` record: one per executed step (task, input, result, duration, success). */
export function taskKnowledge(run: RunRow, ps: PlanStep, row: StepRow, input: unknown, output: unknown, durationMs: number, error: StepError | undefined): KnowledgeDraft {
  return {
    category: 'task_execution',
    agentId: row.agent ?? ps.spec.agent ?? 'engine',
    content: { task: ps.capability, input, result: error ? { error: error.message } : output, duration: durationMs / 1000, success: !error },
    metadata: { run_id: run.id, workflow: run.workflow, step: ps.id, attempt: row.attempt },
    source: 'engine',
  };
}

/** Knowledge and events carry at most this many step results; bigger runs are summarised. */
export const MAX_RESULTS = 100;

/** Step outputs (completed) or statuses, by step id, capped at MAX_RESULTS entries. */
export function resultsOf(rows: StepRow[]): { results: Record<string, unknown>; omitted: number } {
  const results: Record<string, unknown> = {};
  let n = 0;
  for (const r of rows) {
    if (n++ >= MAX_RESULTS) break;
    results[r.stepId] = r.status === 'completed' ? { status: r.status, output: r.output } : { status: r.status, ...(r.error ? { error: r.error.message } : {}) };
  }
  return { results, omitted: Math.max(0, rows.length - MAX_RESULTS) };
}

/** The seed's `workflow_execution` record: name, step count, duration, success, agents used, step results. */
export function workflowKnowledge(run: RunRow, rows: StepRow[]): KnowledgeDraft {
  const agents = [...new Set(rows.map((r) => r.agent).filter((a): a is string => a !== undefined))];
  const { results, omitted } = resultsOf(rows);
  return {
    category: 'workflow_execution',
    agentId: 'engine',
    content: {
      name: run.workflow,
      step_count: rows.length,
      duration: ((run.endedAt ?? run.startedAt) - run.startedAt) / 1000,
      success: run.status === 'completed',
      status: run.status,
      agents_used: agents,
      step_results: results,
      ...(omitted ? { step_results_omitted: omitted } : {}),
    },
    metadata: { run_id: run.id, attempt: run.attempt },
    source: 'engine',
  };
}
