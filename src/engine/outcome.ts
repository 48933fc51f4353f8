// How a run ends: closing the steps it left open, rendering its outputs, journaling the outcome
// and announcing it on the bus.
import { checkJsonLimits, DEFAULT_JSON_LIMITS, errorMessage, type Logger } from '../core/index.ts';
import type { JournalBuffer } from './journal.ts';
import type { Plan } from './plan.ts';
import type { EventPort } from './ports.ts';
import { buildResult, resultsOf, workflowKnowledge } from './results.ts';
import type { RunDeps } from './run-deps.ts';
import type { RunRow } from './types.ts';
import type { RunResult, RunStatus, StepRow } from './types.ts';
import { FINISHED_STEP } from './types.ts';

/**
 * Closes the steps a run ended without: skipped when it failed (they never got their turn),
 * cancelled otherwise (a resume may run them).
 */
export function closeOpenSteps(rows: StepRow[], status: RunStatus, now: number, journal: JournalBuffer): void {
  const closeAs = status === 'failed' ? 'skipped' : 'cancelled';
  for (const row of rows) {
    if (FINISHED_STEP.has(row.status)) continue;
    row.status = closeAs;
    if (closeAs === 'skipped') row.reason = 'the run failed before it started';
    row.endedAt = now;
    void journal.step(row, false);
  }
}

/** Announces a finished run on the bus: task_complete, or error_occurred with the partial results. */
export function publishOutcome(ev: EventPort, logger: Logger, result: RunResult, rows: StepRow[]): void {
  const durationMs = (result.endedAt ?? result.startedAt) - result.startedAt;
  const { results, omitted } = resultsOf(rows);
  const more = omitted ? { results_omitted: omitted } : {};
  try {
    if (result.status === 'completed') {
      ev.publish({ type: 'task_complete', source: 'engine', data: { run_id: result.id, workflow: result.workflow, duration_ms: durationMs, outputs: result.outputs, results, ...more } });
    } else {
      ev.publish({ type: 'error_occurred', source: 'engine', priority: 'high', data: { run_id: result.id, workflow: result.workflow, status: result.status, reason: result.error, partial_results: results, ...more } });
    }
  } catch (err) {
    logger.warn('event publish failed', { error: errorMessage(err) });
  }
}

/**
 * Ends a run: closes its open steps, renders its outputs (a completed run whose outputs fail
 * fails), journals the outcome, announces it and hands the result to `done`.
 */
export async function concludeRun(
  deps: RunDeps,
  plan: Plan,
  row: RunRow,
  rows: StepRow[],
  scope: Record<string, unknown>,
  stopped: { status: RunStatus; error: string } | undefined,
  done: (r: RunResult) => void,
): Promise<void> {
  const { clock, journal, expr } = deps;
  let status: RunStatus = stopped?.status ?? 'completed';
  let error = stopped?.error;
  closeOpenSteps(rows, status, clock.now(), journal);
  let outputs: Record<string, unknown> | undefined;
  if (status === 'completed' && plan.workflow.outputs) {
    try {
      outputs = expr.render(plan.workflow.outputs, scope) as Record<string, unknown>;
      const problem = checkJsonLimits(outputs, DEFAULT_JSON_LIMITS);
      if (problem) {
        outputs = undefined;
        throw new Error(`the run's outputs are ${problem.reason}`);
      }
    } catch (err) {
      status = 'failed';
      error = `outputs: ${errorMessage(err)}`;
    }
  }
  Object.assign(row, { status, error, outputs, endedAt: clock.now() });
  if (deps.recordKnowledge && journal.enabled) journal.addKnowledge(workflowKnowledge(row, rows));
  let unjournaled: string | undefined;
  try {
    await journal.run(row, true);
  } catch (err) {
    unjournaled = errorMessage(err);
    deps.logger.error('run journal write failed', { runId: row.id, error: unjournaled });
  }
  const result = buildResult(row, plan, rows);
  if (unjournaled !== undefined) {
    // An answer is an acknowledgement: an outcome the store did not take (a fenced store) is not
    // reported as reached. The store still holds the run as unfinished, so a restart resumes it.
    result.status = 'failed';
    result.error = `journal: the run's outcome could not be written, the store keeps it as unfinished: ${unjournaled}`;
  }
  if (deps.events) publishOutcome(deps.events, deps.logger, result, rows);
  if (deps.listening()) deps.emit({ type: 'run_finished', runId: row.id, result });
  done(result);
}
