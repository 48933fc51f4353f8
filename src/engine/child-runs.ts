// Child runs: a `workflow:` step (or an agent's workflow tool) runs another workflow as a run of
// its own, linked to its parent run and step.
import { hash } from 'node:crypto';
import { AmasError, type WorkflowSpec } from '../core/index.ts';
import type { RunJournal } from './ports.ts';
import type { BudgetLink } from './run-deps.ts';
import type { RunExecution } from './run.ts';
import { FINISHED_RUN, type RunParent, type RunResult, type RunRow, type RunTrigger, type StepRow } from './types.ts';
import { stepResult } from './results.ts';

interface ChildHandle {
  result: Promise<RunResult>;
}

/** What starting or re-attaching a child run needs of its engine. */
export interface ChildHost {
  active: ReadonlyMap<string, RunExecution>;
  journal: RunJournal | undefined;
  workflows: ((id: string) => { spec: WorkflowSpec; hash: string } | undefined) | undefined;
  resume(row: RunRow, link: BudgetLink | undefined): Promise<ChildHandle>;
  start(wf: { spec: WorkflowSpec; hash: string }, inputs: Record<string, unknown>, opts: { runId: string; trigger: RunTrigger; parent: RunParent }, link: BudgetLink | undefined): ChildHandle;
}

/**
 * Runs `workflowId` as a child of a parent run's step and resolves with its result: a run of
 * its own (listed, journaled, resumable), linked to the parent, its id derived from parent run,
 * step and `key` — so a resumed parent re-attaches to the child it had started (running, or
 * already ended) instead of starting another. Its executor attempts and tokens count against
 * the parent's budgets too (through `link`, when the parent runs in this engine); `signal`
 * (the parent step's attempt: cancel, timeout, budget) stops it.
 */
export async function runChild(
  host: ChildHost,
  parent: { runId: string; stepId: string; key?: string },
  workflowId: string,
  inputs: Record<string, unknown>,
  signal: AbortSignal,
  link?: BudgetLink,
): Promise<RunResult> {
  const id = childRunId(parent);
  const stop = () => {
    const ex = host.active.get(id);
    if (ex?.stoppable) ex.stopWith(stopReason(parent, signal.reason));
  };
  let handle: ChildHandle;
  const live = host.active.get(id);
  if (live) {
    handle = { result: live.done };
  } else {
    const stored = host.journal ? await host.journal.getRun(id) : undefined;
    if (stored && FINISHED_RUN.has(stored.status)) return storedResult(stored, await host.journal!.getSteps(id));
    if (stored && stored.status !== 'queued') {
      handle = await host.resume(stored, link);
    } else {
      const wf = host.workflows?.(workflowId);
      if (!wf) throw new AmasError('AMAS_WORKFLOW_UNKNOWN', `no workflow "${workflowId}" to run as a child of run ${parent.runId}`);
      if (signal.aborted) throw signal.reason;
      handle = host.start(wf, inputs, { runId: id, trigger: { kind: 'workflow' }, parent: { runId: parent.runId, stepId: parent.stepId } }, link);
    }
  }
  if (signal.aborted) stop();
  signal.addEventListener('abort', stop, { once: true });
  try {
    return await handle.result;
  } finally {
    signal.removeEventListener('abort', stop);
  }
}

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
