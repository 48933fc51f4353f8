import { checkSchema, compileSchema, meanSuffix } from '../../schema/index.ts';
import { mapSchemaErrors } from '../schema/errors.ts';
import { checked, strings, type CapabilitySpec, type Rule, type RuleContext, type WorkflowEntry } from './base.ts';

function hasExpr(v: unknown): boolean {
  for (const s of strings(v)) if (s.text.includes('${{')) return true;
  return false;
}

/** The capabilities a step may be routed to: the pinned agent's, or every provider's (distinct schemas). */
function candidates(ctx: RuleContext, agent: string | undefined, task: string): { agent: string; cap: CapabilitySpec }[] {
  const list = agent !== undefined ? [ctx.agentById.get(agent)].filter((a) => a !== undefined) : (ctx.providers.get(task) ?? []);
  const out: { agent: string; cap: CapabilitySpec }[] = [];
  for (const a of list) {
    const cap = a.spec.capabilities[task];
    if (cap?.input) out.push({ agent: a.spec.id, cap });
  }
  return out;
}

function checkStep(ctx: RuleContext, wf: WorkflowEntry, i: number): void {
  const step = wf.spec.steps[i]!;
  if (step.task === undefined) return;
  const cands = candidates(ctx, step.agent, step.task);
  for (const { agent, cap } of cands) {
    const input = cap.input as Record<string, unknown>;
    if (!checkSchema(input).ok) continue; // AMAS207 says why
    const of = cands.length > 1 ? `\`${step.task}\` of agent \`${agent}\`` : `\`${step.task}\``;
    const given = (step.with ?? {}) as Record<string, unknown>;
    const required = Array.isArray(input.required) ? (input.required as unknown[]).filter((k): k is string => typeof k === 'string') : [];
    const props = (input.properties ?? {}) as Record<string, { default?: unknown } | undefined>;
    for (const key of required) {
      if (Object.hasOwn(given, key) || props[key]?.default !== undefined) continue;
      const path = step.with ? ['steps', i, 'with'] : ['steps', i, 'task'];
      ctx.at(wf.file, path, 'AMAS308', `step \`${step.id}\` does not give \`${key}\`, a required input of ${of}`, { target: 'key', hint: `add \`${key}:\` under \`with\`` });
    }
    if (!step.with) continue;
    const closed = input.additionalProperties === false && input.patternProperties === undefined;
    for (const [key, value] of Object.entries(given)) {
      if (hasExpr(value)) continue; // known only at run time
      const sub = props[key];
      if (sub === undefined) {
        if (closed) ctx.at(wf.file, ['steps', i, 'with', key], 'AMAS309', `input of ${of}: unknown key \`${key}\` in \`with\` of step \`${step.id}\`${meanSuffix(key, Object.keys(props))}`, { target: 'key' });
        continue;
      }
      if (typeof sub !== 'object' || sub === null) continue;
      // Each property's schema alone: small, and shared between agents by content, so compiling stays cheap.
      const compiled = compileSchema(sub);
      if (!compiled.ok || compiled.validate(value)) continue;
      const basePath = ['steps', i, 'with', key];
      for (const d of mapSchemaErrors(compiled.validate.errors ?? [], { file: wf.file, data: wf.spec, basePath, code: 'AMAS309', prefix: `input of ${of}: ` })) ctx.report(d);
    }
  }
}

/** AMAS308/AMAS309: a step's `with` can satisfy the input schema of the capability it runs. */
export const stepWith: Rule = {
  name: 'step-with',
  codes: ['AMAS308', 'AMAS309'],
  check(ctx) {
    for (const wf of checked(ctx.workflows)) for (let i = 0; i < wf.spec.steps.length; i++) checkStep(ctx, wf, i);
  },
};
