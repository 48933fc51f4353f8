// A step is one of three kinds (the workflow schema requires exactly one of `task`, `approval`,
// `workflow`); displays and rules that name what a step does read it through these.
import type { StepSpec } from './spec-types.generated.ts';

export type StepKind = 'task' | 'approval' | 'workflow';

export function stepKind(step: Pick<StepSpec, 'task' | 'approval' | 'workflow'>): StepKind {
  if (step.approval !== undefined) return 'approval';
  if (step.workflow !== undefined) return 'workflow';
  return 'task';
}

/** What a step does, for tables, graphs and logs: the capability, `approval`, or `workflow <id>`. */
export function stepLabel(step: Pick<StepSpec, 'task' | 'approval' | 'workflow'>): string {
  switch (stepKind(step)) {
    case 'approval':
      return 'approval';
    case 'workflow':
      return `workflow ${step.workflow ?? ''}`;
    case 'task':
      return step.task ?? '';
  }
}
