import type { TriggerSummary, WorkflowInput, WorkflowSnapshot, WorkflowSpec } from '../core/index.ts';

/** The static part of a workflow's snapshot: description, triggers in words, declared inputs. */
export function describeWorkflow(spec: WorkflowSpec): Pick<WorkflowSnapshot, 'id' | 'description' | 'triggers' | 'inputs'> {
  return { id: spec.id, description: spec.description ?? null, triggers: (spec.on ?? []).map(summarizeTrigger), inputs: workflowInputs(spec) };
}

function summarizeTrigger(t: NonNullable<WorkflowSpec['on']>[number]): TriggerSummary {
  if (t.cron !== undefined) return { kind: 'cron', detail: `${t.cron}${t.timezone && t.timezone !== 'UTC' ? ` (${t.timezone})` : ''}` };
  if (t.event !== undefined) return { kind: 'event', detail: `${t.event}${t.where ? ` where ${JSON.stringify(t.where)}` : ''}` };
  if (t.file !== undefined) return { kind: 'file', detail: Array.isArray(t.file) ? t.file.join(', ') : String(t.file) };
  return { kind: 'manual', detail: 'manual' };
}

function workflowInputs(spec: WorkflowSpec): WorkflowInput[] {
  return Object.entries(spec.inputs ?? {}).map(([name, schema]) => {
    const s = schema as { type?: unknown; default?: unknown; description?: unknown };
    const input: WorkflowInput = {
      name,
      type: typeof s.type === 'string' ? s.type : null,
      required: !Object.hasOwn(s, 'default'),
      description: typeof s.description === 'string' ? s.description : null,
    };
    if (Object.hasOwn(s, 'default')) input.default = s.default;
    return input;
  });
}

/** An approval's `input` form (a JSON Schema of an object) as the fields a prompt asks for, in declaration order. */
export function approvalFields(schema: Record<string, unknown> | undefined): WorkflowInput[] | undefined {
  const props = schema?.['properties'];
  if (!props || typeof props !== 'object') return undefined;
  const required = new Set(Array.isArray(schema['required']) ? schema['required'].filter((x): x is string => typeof x === 'string') : []);
  const fields = Object.entries(props as Record<string, unknown>).map(([name, prop]) => {
    const s = (prop ?? {}) as { type?: unknown; default?: unknown; description?: unknown };
    const field: WorkflowInput = { name, type: typeof s.type === 'string' ? s.type : null, required: required.has(name), description: typeof s.description === 'string' ? s.description : null };
    if (Object.hasOwn(s, 'default')) field.default = s.default;
    return field;
  });
  return fields.length ? fields : undefined;
}
