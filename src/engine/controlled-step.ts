// Steps that run their executor more than once: `for_each` (once per item) and `repeat` (until a
// condition holds). Each item or iteration is a unit with a journal row of its own (`social[2]`,
// `draft#1`), so a resumed run re-runs only the units that had not completed.
import { runForEach } from './for-each.ts';
import type { PlanStep } from './plan.ts';
import { runRepeat } from './repeat.ts';
import type { RunDeps } from './run-deps.ts';
import type { StepError, StepRow } from './types.ts';

export type UnitOutcome = { kind: 'ok'; output: unknown; durationMs: number } | { kind: 'failed'; error: StepError } | { kind: 'stopped'; failure?: unknown };

/** What a run offers the for_each and repeat runners (RunExecution implements it). */
export interface UnitHost {
  readonly runId: string;
  readonly runStopped: boolean;
  readonly runSuspended: boolean;
  readonly runScope: Record<string, unknown>;
  readonly runDeps: RunDeps;
  unitRow(ps: PlanStep, unit: string): StepRow;
  runUnit(ps: PlanStep, row: StepRow, input: unknown, unit: string, extraScope?: Record<string, unknown>): Promise<UnitOutcome>;
  abortUnits(rows: Iterable<StepRow>, reason: unknown): void;
  /** Renders `value` in `scope` and checks the result against the data limits. */
  renderData(value: unknown, scope: Record<string, unknown>): unknown;
}

export function runControlled(host: UnitHost, ps: PlanStep): Promise<UnitOutcome> {
  if (ps.forEach !== undefined) return runForEach(host, ps, ps.forEach);
  if (ps.repeat !== undefined) return runRepeat(host, ps, ps.repeat);
  return Promise.resolve({ kind: 'failed', error: { kind: 'non_retriable', message: `step ${ps.id} has neither for_each nor repeat` } });
}

/** Ends a unit row: completed, failed or cancelled (journaled durably for side-effecting steps before the step goes on). */
export async function settleUnit(host: UnitHost, ps: PlanStep, row: StepRow, o: UnitOutcome): Promise<void> {
  const { clock, journal } = host.runDeps;
  if (o.kind === 'stopped' && host.runSuspended) return; // the journal keeps it running: a resume re-runs it
  switch (o.kind) {
    case 'ok':
      row.status = 'completed';
      row.output = o.output;
      break;
    case 'failed':
      row.status = 'failed';
      row.error = o.error;
      break;
    case 'stopped':
      row.status = 'cancelled';
      row.error = { kind: 'cancelled', message: 'the run stopped' };
      break;
  }
  row.endedAt = clock.now();
  const w = journal.step(row, ps.sideEffects);
  if (w) await w.catch(() => undefined);
}
