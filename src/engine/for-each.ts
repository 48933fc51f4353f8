// `for_each`: a step run once per item of a list, up to `concurrency` items at once.
import { errorMessage } from '../core/index.ts';
import { settleUnit, type UnitHost, type UnitOutcome } from './controlled-step.ts';
import { RunStoppedError } from './errors.ts';
import type { PlanStep } from './plan.ts';
import type { StepError, StepRow } from './types.ts';

/**
 * Runs the items of a `for_each` step; the output is the list of their outputs in item order.
 * `item` and `index` are in scope in `with` and in the executor's expressions; the step's `if`
 * was decided once, before the list was read. Items a previous attempt completed keep their
 * outputs (after a crash only unfinished items run again). One failed item fails the step and
 * cancels the items in flight — unless the step has `continue_on_error`: then its slot is `null`
 * and the other items go on (docs/guide.md "Control flow").
 */
export async function runForEach(host: UnitHost, ps: PlanStep, fe: { list: unknown; concurrency: number }): Promise<UnitOutcome> {
  const t0 = performance.now();
  let list: unknown;
  try {
    list = host.runDeps.expr.render(fe.list, host.runScope);
  } catch (err) {
    return { kind: 'failed', error: { kind: 'expression', message: `step ${ps.id}: for_each: ${errorMessage(err)}` } };
  }
  if (!Array.isArray(list)) {
    return { kind: 'failed', error: { kind: 'expression', message: `step ${ps.id}: for_each must give a list, got ${list === null ? 'null' : typeof list}` } };
  }
  const items: unknown[] = list;
  const n = items.length;
  const outputs = new Array<unknown>(n).fill(null);
  const rows = items.map((_, k) => host.unitRow(ps, `[${k}]`));
  const keepGoing = ps.spec.continue_on_error === true;
  let finished = 0;
  const todo: number[] = [];
  for (let k = 0; k < n; k++) {
    const st = rows[k]!.status;
    if (st === 'completed') outputs[k] = rows[k]!.output;
    else if (st === 'failed' && keepGoing) outputs[k] = null;
    else {
      todo.push(k);
      continue;
    }
    finished++;
  }
  let failure: { index: number; error: StepError } | undefined;
  const inFlight = new Set<StepRow>();
  let next = 0;
  const { emit, listening } = host.runDeps;
  const worker = async (): Promise<void> => {
    while (next < todo.length && failure === undefined && !host.runStopped) {
      const k = todo[next++]!;
      const row = rows[k]!;
      const extra = { item: items[k], index: k };
      let o: UnitOutcome;
      try {
        const input = host.renderData(ps.spec.with ?? {}, { ...host.runScope, ...extra });
        inFlight.add(row);
        o = await host.runUnit(ps, row, input, `[${k}]`, extra);
      } catch (err) {
        o = { kind: 'failed', error: { kind: 'expression', message: `step ${ps.id} item ${k}: ${errorMessage(err)}` } };
      }
      inFlight.delete(row);
      // A sibling failed meanwhile and aborted this item: it is cancelled, not failed.
      const settled: UnitOutcome = failure !== undefined && o.kind !== 'ok' ? { kind: 'stopped' } : o;
      await settleUnit(host, ps, row, settled);
      if (settled.kind === 'stopped') continue;
      if (o.kind === 'ok') outputs[k] = o.output;
      else if (o.kind === 'failed' && !keepGoing) {
        failure = { index: k, error: o.error };
        host.abortUnits(inFlight, new RunStoppedError('cancelled', `item ${k} of step ${ps.id} failed`));
      }
      finished++;
      if (listening()) {
        const status = o.kind === 'ok' ? 'completed' : 'failed';
        emit({ type: 'step_item_finished', runId: host.runId, stepId: ps.id, index: k, status, finished, total: n, ...(o.kind === 'failed' ? { error: o.error } : {}) });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(fe.concurrency, todo.length) }, worker));
  if (host.runStopped) return { kind: 'stopped' };
  if (failure) return { kind: 'failed', error: { kind: failure.error.kind, message: `item ${failure.index}: ${failure.error.message}` } };
  return { kind: 'ok', output: outputs, durationMs: performance.now() - t0 };
}
