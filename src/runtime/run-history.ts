// Runs as the snapshot shows them, rebuilt from the store: for `amas status` without a runtime,
// and for the history a starting runtime shows before any run of its own has finished (the
// TUI would otherwise say "no runs yet" beside `amas runs list` showing twenty).
import { stepLabel, type RunSnapshot, type RunStatus, type StepSnapshot, type WorkflowSpec } from '../core/index.ts';
import { FINISHED_RUN, type RunRow, type StepRow } from '../engine/index.ts';
import type { StoreBackend } from '../store/index.ts';
import { orderSteps } from './snapshot-builder.ts';
import { StoreJournal } from './store-journal.ts';

/** Offline nothing runs: an unfinished run waits for the next `amas up` to resume it. */
function runStatus(s: RunRow['status']): RunStatus {
  return s === 'pending' || s === 'running' ? 'queued' : s;
}

export function runSnapshot(row: RunRow, steps: StepRow[]): RunSnapshot {
  const byId = new Map(steps.map((s) => [s.stepId, s]));
  // A run whose pinned spec the store lost shows the steps it stored (it will not resume).
  const specSteps = row.spec ? orderSteps(row.spec) : steps.map((s) => ({ id: s.stepId, task: '?' }) as WorkflowSpec['steps'][number]);
  const list: StepSnapshot[] = specSteps.map((s) => {
    const r = byId.get(s.id);
    return {
      id: s.id, task: stepLabel(s), agentId: r?.agent ?? s.agent ?? null, status: r?.status ?? 'pending', attempt: r?.attempt ?? 0,
      maxAttempts: s.retry?.attempts ?? 3, retryAt: null, startedAt: r?.startedAt ?? null, endedAt: r?.endedAt ?? null, needs: s.needs ?? [],
      error: r?.status === 'skipped' ? (r.reason ?? null) : (r?.error?.message ?? null),
    };
  });
  const done = list.filter((s) => s.status === 'completed' || s.status === 'failed' || s.status === 'skipped' || s.status === 'cancelled').length;
  const waiting = list.some((s) => s.status === 'in_doubt' || s.status === 'waiting') && !FINISHED_RUN.has(row.status);
  return {
    id: row.id, workflowId: row.workflow, status: waiting ? 'waiting' : runStatus(row.status),
    // The store does not keep what started a run.
    trigger: 'manual',
    startedAt: row.startedAt, endedAt: row.endedAt ?? null, progress: { done, total: list.length }, steps: list, error: row.error ?? null,
    parent: row.parent ? { runId: row.parent.runId, stepId: row.parent.stepId } : null,
  };
}

/** The `limit` most recent finished runs in the store, newest first. */
export async function recentFinishedRuns(store: StoreBackend, limit: number): Promise<RunSnapshot[]> {
  const j = await StoreJournal.open(store);
  const out: RunSnapshot[] = [];
  for (const r of await j.listRuns({ status: [...FINISHED_RUN], limit })) out.push(runSnapshot(r, await j.getSteps(r.id)));
  return out;
}
