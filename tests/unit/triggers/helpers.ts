import type { TriggerSpec, WorkflowSpec } from '../../../src/core/index.ts';

/** A workflow with one step and the given triggers. */
export function workflow(id: string, on: TriggerSpec[], extra: Partial<WorkflowSpec> = {}): WorkflowSpec {
  return { id, on, steps: [{ id: 'work', task: 'do' }], ...extra };
}

export const iso = (t: number) => new Date(t).toISOString();
export const at = (s: string) => Date.parse(s);
export const MIN = 60_000;
export const HOUR = 3_600_000;
