// `repeat: { until, max }`: a step re-run until a condition over its output holds.
import { errorMessage } from '../core/index.ts';
import { settleUnit, type UnitHost, type UnitOutcome } from './controlled-step.ts';
import type { PlanStep } from './plan.ts';

/**
 * Runs iterations 0, 1, … of a `repeat` step. In `with` (and the executor's expressions)
 * `repeat.index` and `repeat.previous` (the previous iteration's output, null at first) are in
 * scope; in `until`, `output` is this iteration's output. The step's output is the last
 * iteration's. Each iteration is journaled on its own row (`draft#1`), so a resumed run goes on
 * at the first unfinished one. Reaching `max` without `until` holding completes the step with the
 * last output and emits `step_repeat_exhausted` (docs/guide.md "Control flow").
 */
export async function runRepeat(host: UnitHost, ps: PlanStep, rp: { until: string; max: number }): Promise<UnitOutcome> {
  const t0 = performance.now();
  const { emit, listening, expr, logger } = host.runDeps;
  let previous: unknown = null;
  for (let k = 0; k < rp.max; k++) {
    if (host.runStopped) return { kind: 'stopped' };
    const unit = `#${k}`;
    const row = host.unitRow(ps, unit);
    const repeat = { index: k, previous };
    let output: unknown;
    if (row.status === 'completed') {
      output = row.output;
    } else {
      let o: UnitOutcome;
      try {
        const input = host.renderData(ps.spec.with ?? {}, { ...host.runScope, repeat });
        o = await host.runUnit(ps, row, input, unit, { repeat });
      } catch (err) {
        o = { kind: 'failed', error: { kind: 'expression', message: `step ${ps.id} iteration ${k}: ${errorMessage(err)}` } };
      }
      await settleUnit(host, ps, row, o);
      if (o.kind !== 'ok') return o.kind === 'failed' ? { kind: 'failed', error: { kind: o.error.kind, message: `iteration ${k}: ${o.error.message}` } } : o;
      output = o.output;
    }
    let done: boolean;
    try {
      done = Boolean(expr.render(rp.until, { ...host.runScope, output, repeat }));
    } catch (err) {
      return { kind: 'failed', error: { kind: 'expression', message: `step ${ps.id}: repeat.until: ${errorMessage(err)}` } };
    }
    if (listening()) emit({ type: 'step_iteration_finished', runId: host.runId, stepId: ps.id, index: k, max: rp.max, done });
    previous = output;
    if (done) return { kind: 'ok', output, durationMs: performance.now() - t0 };
  }
  logger.warn('repeat reached max without until holding', { runId: host.runId, step: ps.id, max: rp.max });
  if (listening()) emit({ type: 'step_repeat_exhausted', runId: host.runId, stepId: ps.id, max: rp.max });
  return { kind: 'ok', output: previous, durationMs: performance.now() - t0 };
}
