// Resuming unfinished runs from the journal after a restart (Engine.resumeRuns): finished steps
// keep their outcome, steps in flight run again — or, handed to a worker, are re-attached as the
// same attempt — and non-idempotent ones that may have had their effect wait `in_doubt`.
import { AmasError, type Clock, type Logger } from '../core/index.ts';
import { callIdempotencyKey, stepIdempotencyKey } from './attempt.ts';
import type { JournalBuffer } from './journal.ts';
import type { Plan, PlanStep } from './plan.ts';
import type { RunHandle } from './engine.ts';
import type { AgentPort, RunJournal } from './ports.ts';
import { inDoubtError } from './results.ts';
import type { BudgetLink } from './run-deps.ts';
import { FINISHED_RUN, pendingStep, type RunRow, type RunStatus, type StepRow } from './types.ts';

export type InDoubtAction = 'retry' | 'skip';

/** What resuming needs of its engine. */
export interface ResumeHost {
  journal: RunJournal;
  buffer: JournalBuffer;
  agents: AgentPort;
  clock: Clock;
  logger: Logger;
  isActive(runId: string): boolean;
  planFor(spec: NonNullable<RunRow['spec']>, hash: string): Plan;
  /** Starts the rebuilt execution and returns its handle. */
  launch(plan: Plan, row: RunRow, steps: StepRow[], unitRows: StepRow[], link: BudgetLink | undefined): RunHandle;
}

/**
 * Resumes unfinished runs (all, or one): see Engine.resumeRuns. Children resume through their
 * parent's step; a run whose pinned spec is gone fails (resuming all) or throws (resuming one).
 */
export async function resumeRuns(host: ResumeHost, filter: { runId?: string; decisions?: Record<string, InDoubtAction> }): Promise<RunHandle[]> {
  const rows = filter.runId === undefined ? await host.journal.listRuns({ status: ['pending', 'running'] }) : [await loadRun(host, filter.runId)];
  const handles: RunHandle[] = [];
  for (const row of rows) {
    if (host.isActive(row.id)) continue;
    if (row.parent && filter.runId === undefined) {
      // A child resumes through its parent's step, which re-attaches to it; one whose parent
      // ended meanwhile (a crash between the two outcomes) ends as cancelled.
      await settleOrphan(host, row);
      continue;
    }
    if (row.spec === undefined && filter.runId === undefined) {
      // Resuming everything (start-up): one run that cannot resume must not stop the others.
      await failUnpinned(host, row);
      continue;
    }
    handles.push(await resumeOne(host, row, filter.runId === undefined ? {} : (filter.decisions ?? {})));
  }
  return handles;
}

async function loadRun(host: ResumeHost, runId: string): Promise<RunRow> {
  const row = await host.journal.getRun(runId);
  if (!row) throw new AmasError('AMAS_RUN_UNKNOWN', `no run "${runId}"`, { exitCode: 2, hint: 'list runs with `amas runs list`' });
  return row;
}

async function settleOrphan(host: ResumeHost, row: RunRow): Promise<void> {
  const parent = await host.journal.getRun(row.parent!.runId);
  if (parent && !FINISHED_RUN.has(parent.status)) return;
  Object.assign(row, { status: 'cancelled', error: `parent run ${row.parent!.runId} ended`, endedAt: host.clock.now() });
  await host.buffer.run(row, true);
}

/** Rebuilds one run from the journal and launches it (a child run re-attached by its parent passes `link`). */
export async function resumeOne(host: ResumeHost, row: RunRow, decisions: Record<string, InDoubtAction>, link?: BudgetLink): Promise<RunHandle> {
  const unfinished: RunStatus[] = ['pending', 'running'];
  if (!unfinished.includes(row.status)) {
    throw new AmasError('AMAS_RUN_FINISHED', `run ${row.id} already ended as ${row.status}`, { exitCode: 2 });
  }
  // Pinned: the plan is rebuilt from the spec stored with the run, whatever the file says now.
  if (row.spec === undefined) throw missingSpec(row);
  const plan = host.planFor(row.spec, row.specHash);
  const storedRows = await host.journal.getSteps(row.id);
  const stored = new Map(storedRows.map((s) => [s.stepId, s]));
  // Rows of for_each items and repeat iterations (`social[2]`, `draft#1`): not plan steps.
  const unitRows = storedRows.filter((s) => !plan.byId.has(s.stepId));
  for (const stepId of Object.keys(decisions)) {
    const s = stored.get(stepId);
    if (!plan.byId.has(stepId)) throw new AmasError('AMAS_STEP_UNKNOWN', `run ${row.id} has no step "${stepId}"`, { exitCode: 2 });
    if (s?.status !== 'in_doubt') {
      throw new AmasError('AMAS_STEP_NOT_IN_DOUBT', `step ${stepId} of run ${row.id} is ${s?.status ?? 'pending'}, not in_doubt`, { exitCode: 2 });
    }
  }
  const now = host.clock.now();
  const inDoubtLoops = await loopsInDoubt(host, row.id, stored);
  const reattached = await reattach(host, row.id, plan, stored, unitRows);
  const steps: StepRow[] = plan.steps.map((ps) => {
    const s: StepRow = { ...pendingStep(row.id, ps.id), ...stored.get(ps.id) };
    const decision = decisions[ps.id];
    if (decision === 'skip') Object.assign(s, { status: 'skipped', reason: 'skipped by a person', endedAt: now, error: undefined });
    else if (decision === 'retry') Object.assign(s, { status: 'pending', error: undefined });
    else if (s.status === 'running') {
      const call = inDoubtLoops.get(ps.id);
      if (reattached.has(ps.id)) s.status = 'pending';
      else if (ps.sideEffects && !ps.idempotent) Object.assign(s, { status: 'in_doubt', error: inDoubtError() });
      else if (call) Object.assign(s, { status: 'in_doubt', error: { kind: 'in_doubt', message: `its agent loop's call ${call} was in flight when the process stopped and is not idempotent: retry or skip it (amas runs retry|skip)` } });
      else s.status = 'pending';
    } else if (s.status === 'retrying') s.status = 'pending';
    if (s.status !== stored.get(ps.id)?.status) void host.buffer.step(s, false);
    return s;
  });
  row.attempt += 1;
  row.status = 'running';
  void host.buffer.run(row, true);
  host.logger.info('resuming run', { runId: row.id, workflow: row.workflow, attempt: row.attempt });
  return host.launch(plan, row, steps, unitRows, link);
}

/**
 * Steps (and items/iterations) whose running attempt was handed to a worker: they are handed off
 * again as the same attempt — the job is deduplicated and a result already written is taken — so
 * the row's attempt is set back by one, which the next attempt's increment restores. Whether a
 * non-idempotent task is in doubt is the worker's call (it knows whether it was claimed before).
 * A for_each/repeat step is re-attached when every one of its running units was handed off.
 */
async function reattach(host: ResumeHost, runId: string, plan: Plan, stored: Map<string, StepRow>, unitRows: StepRow[]): Promise<Set<string>> {
  const out = new Set<string>();
  const { agents } = host;
  if (agents.handsOff !== true || agents.handedOff === undefined) return out;
  const handedOff = (r: StepRow): Promise<boolean> => (r.attempt > 0 ? agents.handedOff!(stepIdempotencyKey(runId, r.stepId), r.attempt) : Promise.resolve(false));
  for (const s of stored.values()) {
    const ps: PlanStep | undefined = plan.steps[plan.byId.get(s.stepId) ?? -1];
    if (!ps || s.status !== 'running') continue;
    if (ps.forEach !== undefined || ps.repeat !== undefined) {
      const running = unitRows.filter((u) => u.status === 'running' && unitOf(u.stepId, ps.id));
      const all = running.length > 0 && (await Promise.all(running.map(handedOff))).every(Boolean);
      if (!all) continue;
      for (const u of running) u.attempt -= 1;
      out.add(ps.id);
    } else if (await handedOff(s)) {
      s.attempt -= 1;
      out.add(ps.id);
    }
  }
  return out;
}

/** Whether a unit row's id (`social[2]`, `draft#1`) belongs to step `stepId`. */
function unitOf(rowId: string, stepId: string): boolean {
  return rowId.length > stepId.length && rowId.startsWith(stepId) && (rowId[stepId.length] === '[' || rowId[stepId.length] === '#');
}

/** Steps that were running with a non-idempotent agent-loop tool call in flight (and not handed to a worker): step id → the call, named. */
async function loopsInDoubt(host: ResumeHost, runId: string, stored: Map<string, StepRow>): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const { journal, agents } = host;
  if (!journal.getLoop || ![...stored.values()].some((s) => s.status === 'running')) return out;
  const { calls } = await journal.getLoop(runId);
  for (const c of calls) {
    const stepId = c.loop.split('/')[0]!;
    if (c.status !== 'running' || c.idempotent || stored.get(stepId)?.status !== 'running') continue;
    // Handed to a worker: the loop's next run of the call re-attaches to its task (attempt 1 first).
    if (agents.handsOff === true && (await agents.handedOff?.(callIdempotencyKey(runId, c.loop, c.callId), 1))) continue;
    out.set(stepId, `${c.callId} (${c.tool})`);
  }
  return out;
}

/** Ends a run whose pinned spec is gone as failed, naming the hash: it never "completes" with no steps. */
async function failUnpinned(host: ResumeHost, row: RunRow): Promise<void> {
  const err = missingSpec(row);
  host.logger.error('cannot resume run', { runId: row.id, workflow: row.workflow, error: err.message });
  Object.assign(row, { status: 'failed', error: err.message, endedAt: host.clock.now() });
  await host.buffer.run(row, true);
}

function missingSpec(row: RunRow): AmasError {
  return new AmasError('AMAS_SPEC_MISSING', `run ${row.id} is pinned to workflow spec ${row.specHash || '(no hash)'}, which the store does not hold`, {
    exitCode: 1,
    hint: 'the run cannot resume; start the workflow again (restore a backup of the store to keep its history)',
  });
}
