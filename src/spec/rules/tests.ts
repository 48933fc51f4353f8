import type { TestSpec } from '../../core/index.ts';
import { compileSchema, errorLines, meanSuffix } from '../../schema/index.ts';
import { checked, type Rule, type RuleContext, type SpecEntry, type WorkflowEntry } from './base.ts';

export type TestEntry = SpecEntry<TestSpec>;

/** Names an `assert:` expression may start with (the finished run, see docs/testing.md). */
const ASSERT_ROOTS = ['inputs', 'steps', 'run'];

function checkInputs(ctx: RuleContext, t: TestEntry, wf: WorkflowEntry): void {
  const declared = wf.spec.inputs ?? {};
  const given = t.spec.inputs ?? {};
  for (const [name, value] of Object.entries(given)) {
    const schema = declared[name];
    if (schema === undefined) {
      const known = Object.keys(declared);
      ctx.at(t.file, ['inputs', name], 'AMAS353', `workflow \`${wf.spec.id}\` has no input \`${name}\`${meanSuffix(name, known)}`, {
        target: 'key',
        hint: known.length ? `its inputs: ${known.join(', ')}` : 'this workflow takes no inputs',
      });
      continue;
    }
    const c = compileSchema(schema);
    if (!c.ok || c.validate(value)) continue; // an invalid input schema is reported on the workflow
    ctx.at(t.file, ['inputs', name], 'AMAS353', `input \`${name}\` of workflow \`${wf.spec.id}\`: ${errorLines(c.validate.errors).map((l) => l.replace(/^\(root\) /, '')).join('; ')}`);
  }
  for (const [name, schema] of Object.entries(declared)) {
    if (Object.hasOwn(given, name) || 'default' in schema) continue;
    ctx.at(t.file, t.spec.inputs ? ['inputs'] : ['workflow'], 'AMAS353', `the test does not give \`${name}\`, a required input of workflow \`${wf.spec.id}\``, {
      target: 'key',
      hint: `add \`${name}:\` under \`inputs\``,
    });
  }
}

function checkMocks(ctx: RuleContext, t: TestEntry): void {
  for (const [cap, value] of Object.entries(t.spec.mock ?? {})) {
    const agents = ctx.providers.get(cap);
    if (!agents?.length) {
      if (ctx.looseCapabilities.has(cap)) continue;
      ctx.at(t.file, ['mock', cap], 'AMAS351', `no agent offers capability \`${cap}\`, so it cannot be mocked${meanSuffix(cap, [...ctx.providers.keys()])}`, { target: 'key' });
      continue;
    }
    for (const a of agents) {
      const output = a.spec.capabilities[cap]?.output;
      if (!output) continue;
      const c = compileSchema(output);
      if (!c.ok || c.validate(value)) continue;
      const of = agents.length > 1 ? ` of agent \`${a.spec.id}\`` : '';
      ctx.at(t.file, ['mock', cap], 'AMAS352', `mock of \`${cap}\` does not match its output schema${of}: ${errorLines(c.validate.errors).map((l) => l.replace(/^\(root\) /, '')).join('; ')}`);
    }
  }
}

/** `approve:` answers approval steps of the workflow, nothing else (a typo would leave the run waiting). */
function checkApprovals(ctx: RuleContext, t: TestEntry, wf: WorkflowEntry): void {
  const approvals = wf.spec.steps.filter((s) => s.approval !== undefined).map((s) => s.id);
  for (const id of Object.keys(t.spec.approve ?? {})) {
    if (approvals.includes(id)) continue;
    const isStep = wf.spec.steps.some((s) => s.id === id);
    const what = isStep ? `step \`${id}\` of workflow \`${wf.spec.id}\` is not an approval step` : `workflow \`${wf.spec.id}\` has no step \`${id}\`${meanSuffix(id, approvals)}`;
    ctx.at(t.file, ['approve', id], 'AMAS356', `approve: ${what}`, {
      target: 'key',
      hint: approvals.length ? `its approval steps: ${approvals.join(', ')}` : 'the workflow has no approval step; remove `approve:`',
    });
  }
}

function checkExpect(ctx: RuleContext, t: TestEntry, wf: WorkflowEntry): void {
  const stepIds = wf.spec.steps.map((s) => s.id);
  for (const id of Object.keys(t.spec.expect?.steps ?? {})) {
    if (stepIds.includes(id)) continue;
    ctx.at(t.file, ['expect', 'steps', id], 'AMAS355', `workflow \`${wf.spec.id}\` has no step \`${id}\`${meanSuffix(id, stepIds)}`, { target: 'key' });
  }
  const inputs = Object.keys(wf.spec.inputs ?? {});
  (t.spec.expect?.assert ?? []).forEach((text, i) => {
    const path = ['expect', 'assert', i];
    const { refs, errors } = ctx.refs(text);
    for (const e of errors) ctx.inValue(t.file, path, text, e.offset, e.length, 'AMAS354', `assert: ${e.message}`);
    if (errors.length) return;
    for (const r of refs) {
      if (!ASSERT_ROOTS.includes(r.root)) {
        const suggestion = r.root === 'outputs' ? '; the run\'s outputs are `run.outputs`' : meanSuffix(r.root, ASSERT_ROOTS);
        ctx.inValue(t.file, path, text, r.offset, r.length, 'AMAS354', `assert: \`${r.root}\` is not available here${suggestion}`, {
          hint: `an assertion reads ${ASSERT_ROOTS.join(', ')} (run has id, workflow, status and outputs)`,
        });
      } else if (r.root === 'steps' && r.path[0] !== undefined && !stepIds.includes(r.path[0])) {
        ctx.inValue(t.file, path, text, r.offset, r.length, 'AMAS355', `assert: workflow \`${wf.spec.id}\` has no step \`${r.path[0]}\`${meanSuffix(r.path[0], stepIds)}`);
      } else if (r.root === 'inputs' && r.path[0] !== undefined && !inputs.includes(r.path[0])) {
        ctx.inValue(t.file, path, text, r.offset, r.length, 'AMAS354', `assert: workflow \`${wf.spec.id}\` has no input \`${r.path[0]}\`${meanSuffix(r.path[0], inputs)}`);
      }
    }
  });
}

/**
 * AMAS350–AMAS356: a test in tests.d/ names a declared workflow, gives inputs it accepts, mocks
 * capabilities that exist with values their output schema accepts, and expects steps and
 * assertions that can be evaluated, and answers only approval steps.
 */
export const tests: Rule = {
  name: 'tests',
  codes: ['AMAS350', 'AMAS351', 'AMAS352', 'AMAS353', 'AMAS354', 'AMAS355', 'AMAS356'],
  check(ctx) {
    const byId = new Map(ctx.workflows.map((w) => [w.spec.id, w]));
    for (const t of checked(ctx.tests ?? [])) {
      checkMocks(ctx, t);
      const wf = byId.get(t.spec.workflow);
      if (!wf) {
        ctx.at(t.file, ['workflow'], 'AMAS350', `no workflow \`${t.spec.workflow}\`${meanSuffix(t.spec.workflow, [...byId.keys()])}`);
        continue;
      }
      checkInputs(ctx, t, wf);
      checkExpect(ctx, t, wf);
      checkApprovals(ctx, t, wf);
    }
  },
};
