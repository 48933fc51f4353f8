import type { AgentSpec, StepSpec, WorkflowSpec } from '../../../src/core/index.ts';

/** An agent offering the given tasks (template executors; the renderers never look inside). */
export function agent(id: string, tasks: string[], extra: Partial<AgentSpec> = {}): AgentSpec {
  return { id, capabilities: Object.fromEntries(tasks.map((t) => [t, { run: { template: {} } }])), ...extra };
}

export function workflow(id: string, steps: StepSpec[], extra: Partial<WorkflowSpec> = {}): WorkflowSpec {
  const [first, ...rest] = steps;
  if (!first) throw new Error('a workflow needs a step');
  return { id, steps: [first, ...rest], ...extra };
}

export function step(id: string, task: string, extra: Partial<StepSpec> = {}): StepSpec {
  return { id, task, ...extra };
}
