import type { PathSeg } from '../locate.ts';
import type { SourceFile } from '../source.ts';
import { checked, strings, type AgentEntry, type RuleContext, type WorkflowEntry } from './base.ts';

/** Which names an expression may read depends on where it sits (docs/architecture.md "Specs: loading and validation"). */
export type SiteScope =
  | { kind: 'step'; wf: WorkflowEntry; stepIndex: number }
  | { kind: 'outputs'; wf: WorkflowEntry }
  | { kind: 'capability'; agent: AgentEntry; cap: string }
  | { kind: 'project' };

export interface Site {
  file: SourceFile;
  path: PathSeg[];
  text: string;
  scope: SiteScope;
}

const OPEN = '${{';

const hasOpen = (s: string) => s.includes(OPEN);

/** `…llm.tools[i].approval.when`: evaluated on a tool call's arguments. */
export function isApprovalWhen(path: readonly (string | number)[]): boolean {
  const n = path.length;
  return n >= 4 && path[n - 1] === 'when' && path[n - 2] === 'approval' && path[n - 4] === 'tools';
}
const memo = new WeakMap<RuleContext, Site[]>();

/** Every string holding an expression in the checked specs, with the scope it is evaluated in (computed once per check). */
export function expressionSites(ctx: RuleContext): Site[] {
  const hit = memo.get(ctx);
  if (hit) return hit;
  const out: Site[] = [];
  if (ctx.projectFile) {
    const file = ctx.projectFile;
    for (const s of strings(ctx.project, [], hasOpen)) out.push({ file, ...s, scope: { kind: 'project' } });
  }
  for (const agent of checked(ctx.agents)) {
    for (const [cap, spec] of Object.entries(agent.spec.capabilities)) {
      for (const s of strings(spec.run, ['capabilities', cap, 'run'], hasOpen)) {
        // A tool's `approval.when` sees the call's `args`, not the capability's scope (rules/tool-approvals.ts).
        if (isApprovalWhen(s.path)) continue;
        out.push({ file: agent.file, ...s, scope: { kind: 'capability', agent, cap } });
      }
    }
  }
  for (const wf of checked(ctx.workflows)) {
    for (let i = 0; i < wf.spec.steps.length; i++) {
      const step = wf.spec.steps[i]!;
      const scope: SiteScope = { kind: 'step', wf, stepIndex: i };
      for (const s of strings(step.with, ['steps', i, 'with'], hasOpen)) out.push({ file: wf.file, ...s, scope });
      if (typeof step.if === 'string' && hasOpen(step.if)) out.push({ file: wf.file, path: ['steps', i, 'if'], text: step.if, scope });
      if (typeof step.for_each === 'string' && hasOpen(step.for_each)) out.push({ file: wf.file, path: ['steps', i, 'for_each'], text: step.for_each, scope });
      if (Array.isArray(step.for_each)) for (const s of strings(step.for_each, ['steps', i, 'for_each'], hasOpen)) out.push({ file: wf.file, ...s, scope });
      if (typeof step.repeat?.until === 'string' && hasOpen(step.repeat.until)) out.push({ file: wf.file, path: ['steps', i, 'repeat', 'until'], text: step.repeat.until, scope });
      // An approval's prompt is rendered in the step's scope (steps it needs, inputs, env…).
      const prompt = step.approval?.prompt;
      if (typeof prompt === 'string' && hasOpen(prompt)) out.push({ file: wf.file, path: ['steps', i, 'approval', 'prompt'], text: prompt, scope });
    }
    for (const s of strings(wf.spec.outputs, ['outputs'], hasOpen)) out.push({ file: wf.file, ...s, scope: { kind: 'outputs', wf } });
  }
  memo.set(ctx, out);
  return out;
}
