// AMAS337–339: the shape of for_each, concurrency and repeat on a step.
import { docOf } from '../loader/parse.ts';
import { originalPath } from '../schema/partial.ts';
import { checked, type Rule, type RuleContext, type WorkflowEntry } from './base.ts';

type Schema = { type?: unknown; properties?: Record<string, Schema> } | undefined;

/** Whether a JSON Schema says for sure that its value is not an array (a `type` without "array"). */
function notArray(schema: Schema): string | undefined {
  if (!schema || typeof schema !== 'object' || schema.type === undefined) return undefined;
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  return types.includes('array') ? undefined : types.join(' | ');
}

/** `${{ inputs.x }}`, `${{ steps.s.output }}` or `${{ steps.s.output.f }}` alone: the schema its value has, when known. */
function schemaOf(ctx: RuleContext, wf: WorkflowEntry, text: string): { schema: Schema; what: string } | undefined {
  const m = /^\$\{\{\s*([a-z_][\w.-]*)\s*\}\}$/i.exec(text.trim());
  if (!m) return undefined;
  const parts = m[1]!.split('.');
  if (parts[0] === 'inputs' && parts.length === 2) return { schema: wf.spec.inputs?.[parts[1]!] as Schema, what: `input \`${parts[1]}\`` };
  if (parts[0] === 'steps' && parts[2] === 'output' && parts.length <= 4) {
    const step = wf.spec.steps.find((s) => s.id === parts[1]);
    if (step?.task === undefined || step.for_each !== undefined) return undefined;
    const providers = step.agent !== undefined ? [ctx.agentById.get(step.agent)].filter((a) => a !== undefined) : (ctx.providers.get(step.task) ?? []);
    const outs = providers.map((a) => a.spec.capabilities[step.task!]?.output as Schema);
    if (outs.length === 0 || outs.some((o) => o === undefined)) return undefined;
    // Every agent that could run it must agree; the first one's schema is read.
    let schema = outs[0];
    if (parts[3] !== undefined) schema = schema?.properties?.[parts[3]];
    return { schema, what: `the output of \`${step.task}\`${parts[3] === undefined ? '' : ` field \`${parts[3]}\``}` };
  }
  return undefined;
}

/** Whether the file itself sets `concurrency` on the step (the schema default fills it in everywhere). */
function writesConcurrency(wf: WorkflowEntry, i: number): boolean {
  const doc = docOf(wf.file);
  return doc?.hasIn(originalPath(['steps', i, 'concurrency'], wf.file.indexMap)) === true;
}

export const forEach: Rule = {
  name: 'for-each',
  codes: ['AMAS337', 'AMAS338', 'AMAS339'],
  check(ctx) {
    for (const wf of checked(ctx.workflows)) {
      wf.spec.steps.forEach((step, i) => {
        if (step.for_each !== undefined && step.repeat !== undefined) {
          ctx.at(wf.file, ['steps', i, 'repeat'], 'AMAS339', `step \`${step.id}\` has both \`for_each\` and \`repeat\``, { target: 'key', hint: 'loop inside a sub-workflow: `for_each` over a `workflow:` step whose workflow has the `repeat` step' });
        }
        if (step.for_each === undefined && writesConcurrency(wf, i)) {
          ctx.at(wf.file, ['steps', i, 'concurrency'], 'AMAS338', `\`concurrency\` does nothing without \`for_each\` (step \`${step.id}\`)`, { target: 'key', severity: 'warning' });
        }
        const fe = step.for_each;
        if (typeof fe !== 'string') return;
        if (!fe.includes('${{')) {
          ctx.at(wf.file, ['steps', i, 'for_each'], 'AMAS337', `\`for_each\` of step \`${step.id}\` is a string, not a list`, { hint: 'write a YAML list, or an expression that gives one: `${{ inputs.platforms }}`' });
          return;
        }
        const known = schemaOf(ctx, wf, fe);
        const type = known && notArray(known.schema);
        if (known && type) ctx.at(wf.file, ['steps', i, 'for_each'], 'AMAS337', `\`for_each\` of step \`${step.id}\` reads ${known.what}, whose schema says ${type}, not a list`, { hint: 'give it `type: array`, or loop over a list' });
      });
    }
  },
};
