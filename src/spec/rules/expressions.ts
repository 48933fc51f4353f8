import { ROOTS } from '../../expr/index.ts';
import { meanSuffix } from '../../schema/index.ts';
import { writtenInputNames, writtenStepIds, type Rule, type RuleContext, type WorkflowEntry } from './base.ts';
import { expressionSites, type Site, type SiteScope } from './sites.ts';

const RUN_FIELDS = ['id', 'workflow', 'attempt'];
const STEP_FIELDS = ['output', 'status'];

const ALLOWED: Record<SiteScope['kind'], readonly string[]> = {
  step: ['inputs', 'steps', 'env', 'secrets', 'run', 'knowledge'],
  outputs: ['inputs', 'steps', 'env', 'secrets', 'run', 'knowledge'],
  capability: ['input', 'env', 'secrets', 'run', 'knowledge'],
  project: ['env', 'secrets'],
};

/** Steps each step may read: everything it needs, directly or through other needs. */
const upstreamCache = new WeakMap<WorkflowEntry, Map<string, Set<string>>>();
export function upstream(wf: WorkflowEntry): Map<string, Set<string>> {
  const hit = upstreamCache.get(wf);
  if (hit) return hit;
  const needs = new Map(wf.spec.steps.map((s) => [s.id, s.needs ?? []] as const));
  const out = new Map<string, Set<string>>();
  for (const s of wf.spec.steps) {
    const seen = new Set<string>();
    const stack = [...(s.needs ?? [])];
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (seen.has(n)) continue;
      seen.add(n);
      stack.push(...(needs.get(n) ?? []));
    }
    out.set(s.id, seen);
  }
  upstreamCache.set(wf, out);
  return out;
}

function notHere(root: string, scope: SiteScope['kind']): string {
  if (scope === 'project') return `\`${root}\` is not available in amas.yaml; only \`env\` and \`secrets\` are`;
  if (scope === 'capability') return `\`${root}\` is not available inside a capability; it sees \`input\`, \`env\`, \`secrets\`, \`run\` and \`knowledge()\``;
  return root === 'input' ? '`input` exists only inside a capability; did you mean `inputs`?' : `\`${root}\` is not available in a workflow`;
}

/** Names a for_each or repeat step adds to the scope of its `with`, `repeat.until` (docs/guide.md "Control flow"). */
const FLOW_NAMES = ['item', 'index', 'repeat', 'output'];
const REPEAT_FIELDS = ['index', 'previous'];

/**
 * AMAS330/331: `item` and `index` exist only in the `with` of a `for_each` step; `repeat` only in
 * the `with` and `until` of a `repeat` step; `output` only in `repeat.until`. Returns false when
 * the name was reported.
 */
function checkFlowName(site: Site & { scope: { kind: 'step' } }, ref: { root: string; path: (string | number)[] }, report: (code: 'AMAS330' | 'AMAS331' | 'AMAS406', msg: string, hint?: string) => void): void {
  const step = site.scope.wf.spec.steps[site.scope.stepIndex]!;
  const field = site.path[2];
  if (ref.root === 'item' || ref.root === 'index') {
    if (step.for_each === undefined) return report('AMAS330', `\`${ref.root}\` is only in scope in a \`for_each\` step; step \`${step.id}\` has none`, 'add `for_each:` to the step, or read the value another way');
    if (field !== 'with') {
      const why = field === 'if' ? 'the condition decides for the whole step, before its items' : 'the list is read before there are items';
      return report('AMAS330', `\`${ref.root}\` is not in scope in \`${String(field)}\`: ${why}`, 'use it in `with`');
    }
    return;
  }
  if (ref.root === 'repeat') {
    if (step.repeat === undefined) return report('AMAS331', `\`repeat\` is only in scope in a \`repeat\` step; step \`${step.id}\` has none`);
    if (field !== 'with' && field !== 'repeat') return report('AMAS331', `\`repeat\` is not in scope in \`${String(field)}\``, 'use it in `with` or `repeat.until`');
    const first = ref.path[0];
    if (first !== undefined && !REPEAT_FIELDS.includes(String(first))) report('AMAS406', `\`repeat\` has no field \`${String(first)}\`${meanSuffix(String(first), REPEAT_FIELDS)}`, 'use repeat.index or repeat.previous');
    return;
  }
  // output
  if (step.repeat === undefined || field !== 'repeat') return report('AMAS331', '`output` is only in scope in `repeat.until` (the iteration\'s output)', 'read another step\'s result as `steps.<id>.output`');
}

function checkSite(ctx: RuleContext, site: Site): void {
  const { errors, refs } = ctx.refs(site.text);
  const report = (offset: number, length: number, code: Parameters<RuleContext['at']>[2], msg: string, hint?: string) =>
    ctx.inValue(site.file, site.path, site.text, offset, length, code, msg, { hint });
  for (const e of errors) report(e.offset, e.length, 'AMAS401', e.message);
  const scope = site.scope;
  for (const ref of refs) {
    if (FLOW_NAMES.includes(ref.root) && scope.kind === 'step') {
      checkFlowName(site as Site & { scope: { kind: 'step' } }, ref, (code, msg, hint) => report(ref.offset, code === 'AMAS406' ? ref.length : ref.root.length, code, msg, hint));
      continue;
    }
    if (!ROOTS.includes(ref.root)) {
      report(ref.offset, ref.root.length, 'AMAS402', `unknown name \`${ref.root}\`${meanSuffix(ref.root, ALLOWED[scope.kind])}`, `expressions here start with ${ALLOWED[scope.kind].join(', ')}`);
      continue;
    }
    if (!ALLOWED[scope.kind].includes(ref.root)) {
      report(ref.offset, ref.root.length, 'AMAS402', notHere(ref.root, scope.kind), scope.kind === 'capability' && ref.root !== 'input' ? "pass values from the workflow through the step's `with`" : undefined);
      continue;
    }
    const [first, second] = ref.path;
    if (ref.root === 'steps' && first !== undefined && (scope.kind === 'step' || scope.kind === 'outputs')) {
      const wf = scope.wf;
      const ids = wf.spec.steps.map((s) => s.id);
      if (!ids.includes(first)) {
        if (wf.file.indexMap && writtenStepIds(wf.file).has(first)) continue;
        report(ref.offset, ref.length, 'AMAS403', `unknown step \`${first}\` in \`steps.${first}\`${meanSuffix(first, ids)}`);
        continue;
      }
      if (scope.kind === 'step') {
        const self = wf.spec.steps[scope.stepIndex]!;
        if (first === self.id) {
          report(ref.offset, ref.length, 'AMAS404', `step \`${self.id}\` reads its own result`);
          continue;
        }
        if (!upstream(wf).get(self.id)?.has(first)) {
          report(ref.offset, ref.length, 'AMAS404', `step \`${self.id}\` reads \`steps.${first}\` but does not need it`, `add \`${first}\` to the \`needs\` of \`${self.id}\`, so that it has run first`);
          continue;
        }
      }
      if (second !== undefined && !STEP_FIELDS.includes(second)) {
        report(ref.offset, ref.length, 'AMAS406', `a step has no field \`${second}\`${meanSuffix(second, STEP_FIELDS)}`, 'use steps.<id>.output or steps.<id>.status');
      }
    } else if (ref.root === 'inputs' && first !== undefined && (scope.kind === 'step' || scope.kind === 'outputs')) {
      const names = Object.keys(scope.wf.spec.inputs ?? {});
      if (!names.includes(first) && !writtenInputNames(scope.wf.file).includes(first)) {
        const hint = names.length === 0 ? `workflow \`${scope.wf.spec.id}\` declares no inputs; add \`inputs: { ${first}: { type: string } }\`` : undefined;
        report(ref.offset, ref.length, 'AMAS405', `unknown workflow input \`${first}\`${meanSuffix(first, names)}`, hint);
      }
    } else if (ref.root === 'input' && first !== undefined && scope.kind === 'capability') {
      const schema = scope.agent.spec.capabilities[scope.cap]?.input as { properties?: Record<string, unknown> } | undefined;
      const props = schema?.properties;
      if (props && !Object.hasOwn(props, first)) {
        report(ref.offset, ref.length, 'AMAS407', `\`input.${first}\` is not declared in the input schema of \`${scope.cap}\`${meanSuffix(first, Object.keys(props))}`);
      }
    } else if (ref.root === 'run' && first !== undefined && !RUN_FIELDS.includes(first)) {
      report(ref.offset, ref.length, 'AMAS406', `\`run\` has no field \`${first}\`${meanSuffix(first, RUN_FIELDS)}`, `run has ${RUN_FIELDS.join(', ')}`);
    }
  }
}

/** AMAS401–407, AMAS330/331: expressions parse, and read only names that exist where they are evaluated. */
export const expressions: Rule = {
  name: 'expressions',
  codes: ['AMAS401', 'AMAS402', 'AMAS403', 'AMAS404', 'AMAS405', 'AMAS406', 'AMAS407', 'AMAS330', 'AMAS331'],
  check(ctx) {
    for (const site of expressionSites(ctx)) checkSite(ctx, site);
  },
};
