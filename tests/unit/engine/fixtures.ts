import type { StepSpec, WorkflowSpec } from '../../../src/core/index.ts';

/** Small factories for workflow shapes used across the engine tests and the benchmark. */
export function wf(id: string, steps: StepSpec[], extra: Partial<WorkflowSpec> = {}): WorkflowSpec {
  return { id, ...extra, steps: steps as [StepSpec, ...StepSpec[]] };
}

export function chain(n: number, task = 'noop'): WorkflowSpec {
  return wf('chain', Array.from({ length: n }, (_, i) => ({ id: `s${i}`, task, ...(i ? { needs: [`s${i - 1}`] } : {}) })));
}

export function fan(n: number, task = 'noop'): WorkflowSpec {
  const mids = Array.from({ length: n - 2 }, (_, i) => ({ id: `m${i}`, task, needs: ['src'] }));
  return wf('fan', [{ id: 'src', task }, ...mids, { id: 'sink', task, needs: mids.map((m) => m.id) }]);
}

export function layered(layers: number, width: number, task = 'noop'): WorkflowSpec {
  const steps: StepSpec[] = [];
  for (let l = 0; l < layers; l++) {
    for (let w = 0; w < width; w++) {
      steps.push({ id: `l${l}_${w}`, task, ...(l ? { needs: Array.from({ length: width }, (_, k) => `l${l - 1}_${k}`) } : {}) });
    }
  }
  return wf('layered', steps);
}
