// AMAS332–336: `workflow:` steps name a workflow that exists, give it the inputs it declares, and
// never lead back to themselves.
import { compileSchema, meanSuffix } from '../../schema/index.ts';
import { mapSchemaErrors } from '../schema/errors.ts';
import { checked, strings, type Rule, type RuleContext, type WorkflowEntry } from './base.ts';

const hasExpr = (v: unknown): boolean => strings(v).some((s) => s.text.includes('${{'));

/** AMAS332–334: a sub-workflow step's `with` against the child's declared `inputs` (the rules `prepareInputs` applies at run time). */
function checkWith(ctx: RuleContext, wf: WorkflowEntry, i: number, child: WorkflowEntry): void {
  const step = wf.spec.steps[i]!;
  const declared = child.spec.inputs ?? {};
  const names = Object.keys(declared);
  const given = (step.with ?? {}) as Record<string, unknown>;
  for (const [key, value] of Object.entries(given)) {
    const schema = declared[key];
    if (schema === undefined) {
      const hint = names.length ? `workflow \`${child.spec.id}\` takes ${names.map((n) => `\`${n}\``).join(', ')}` : `workflow \`${child.spec.id}\` takes no inputs`;
      ctx.at(wf.file, ['steps', i, 'with', key], 'AMAS332', `workflow \`${child.spec.id}\` has no input \`${key}\` (step \`${step.id}\`)${meanSuffix(key, names)}`, { target: 'key', hint });
      continue;
    }
    if (hasExpr(value)) continue; // known only at run time
    const compiled = compileSchema(schema);
    if (!compiled.ok || compiled.validate(value)) continue;
    const basePath = ['steps', i, 'with', key];
    for (const d of mapSchemaErrors(compiled.validate.errors ?? [], { file: wf.file, data: wf.spec, basePath, code: 'AMAS334', prefix: `input \`${key}\` of workflow \`${child.spec.id}\`: ` })) ctx.report(d);
  }
  for (const [key, schema] of Object.entries(declared)) {
    if (Object.hasOwn(given, key) || 'default' in schema) continue;
    const path = step.with ? ['steps', i, 'with'] : ['steps', i, 'workflow'];
    ctx.at(wf.file, path, 'AMAS333', `step \`${step.id}\` does not give \`${key}\`, a required input of workflow \`${child.spec.id}\``, { target: 'key', hint: `add \`${key}:\` under \`with\`` });
  }
}

/** The workflows each workflow runs through its `workflow:` steps, with the first step that does. */
function callGraph(wfs: WorkflowEntry[]): Map<string, Map<string, number>> {
  const g = new Map<string, Map<string, number>>();
  for (const wf of wfs) {
    const calls = new Map<string, number>();
    wf.spec.steps.forEach((s, i) => {
      if (s.workflow !== undefined && !calls.has(s.workflow)) calls.set(s.workflow, i);
    });
    if (!g.has(wf.spec.id)) g.set(wf.spec.id, calls);
  }
  return g;
}

/** A path from `from` back to `target` through the call graph, or undefined. */
function pathBack(g: Map<string, Map<string, number>>, from: string, target: string): string[] | undefined {
  const seen = new Set<string>();
  const walk = (at: string, trail: string[]): string[] | undefined => {
    for (const next of g.get(at)?.keys() ?? []) {
      if (next === target) return [...trail, next];
      if (seen.has(next)) continue;
      seen.add(next);
      const p = walk(next, [...trail, next]);
      if (p) return p;
    }
    return undefined;
  };
  return walk(from, [from]);
}

export const subWorkflows: Rule = {
  name: 'sub-workflows',
  codes: ['AMAS332', 'AMAS333', 'AMAS334', 'AMAS335', 'AMAS336'],
  check(ctx) {
    const byId = new Map<string, WorkflowEntry>();
    for (const w of ctx.workflows) if (!byId.has(w.spec.id)) byId.set(w.spec.id, w);
    const graph = callGraph(ctx.workflows);
    for (const wf of checked(ctx.workflows)) {
      wf.spec.steps.forEach((step, i) => {
        if (step.workflow === undefined) return;
        const child = byId.get(step.workflow);
        if (!child) {
          ctx.at(wf.file, ['steps', i, 'workflow'], 'AMAS335', `no workflow \`${step.workflow}\` (step \`${step.id}\`)${meanSuffix(step.workflow, byId.keys())}`, {
            hint: byId.size > 1 ? undefined : 'declare it in workflows.d/',
          });
          return;
        }
        checkWith(ctx, wf, i, child);
      });
      // One report per workflow on a cycle, at its step that enters the cycle.
      for (const [callee, i] of graph.get(wf.spec.id) ?? []) {
        const back = callee === wf.spec.id ? [wf.spec.id] : pathBack(graph, callee, wf.spec.id);
        if (!back) continue;
        const path = [wf.spec.id, ...back].join(' → ');
        ctx.at(wf.file, ['steps', i, 'workflow'], 'AMAS336', `workflow \`${wf.spec.id}\` runs itself through \`workflow:\` steps: ${path}`, { hint: 'a sub-workflow must not lead back to a workflow that runs it' });
        break;
      }
    }
  },
};
