import { errorMessage, type Logger } from '../core/index.ts';
import type { JournalBuffer } from './journal.ts';
import type { EventPort } from './ports.ts';
import { resultsOf } from './results.ts';
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
