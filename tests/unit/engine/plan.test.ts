import { describe, expect, it } from 'vitest';
import type { StepSpec } from '../../../src/core/index.ts';
import { compilePlan, Engine, openNeeds, type Plan } from '../../../src/engine/index.ts';
import { hasExpressions, render } from '../../../src/expr/index.ts';
import { layered, wf } from './fixtures.ts';
import { FnAgents } from './harness.ts';

const agents = new FnAgents([{ id: 'w', concurrency: 100, caps: { noop: (_i, ctx) => ({ step: ctx.stepId }) } }]);
const expr = { render: (v: unknown, s: Record<string, unknown>) => render(v, s), hasExpressions };
const compile = (steps: StepSpec[]): Plan => compilePlan(wf('p', steps), { agents, expr });

/** needs and dependents of every step, read back from the flat arrays. */
function graph(plan: Plan): { needs: string[][]; dependents: string[][] } {
  const e = plan.edges;
  const ids = plan.steps.map((s) => s.id);
  const needs = plan.steps.map((s) => Array.from(e.needs.subarray(e.needStart[s.group], e.needStart[s.group + 1]), (j) => ids[j]!));
  const dependents = plan.steps.map((_, i) => {
    const out: string[] = [];
    for (let k = e.depStart[i]!; k < e.depStart[i + 1]!; k++) {
      const g = e.dependentGroups[k]!;
      for (let m = e.memberStart[g]!; m < e.memberStart[g + 1]!; m++) out.push(ids[e.members[m]!]!);
    }
    return out.sort();
  });
  return { needs, dependents };
}

describe('plan edges', () => {
  it('stores a needs list shared by many steps once, with the same graph as separate lists', () => {
    const shared = ['a', 'b'];
    const one = compile([{ id: 'a', task: 'noop' }, { id: 'b', task: 'noop' }, { id: 'c', task: 'noop', needs: shared }, { id: 'd', task: 'noop', needs: shared }, { id: 'e', task: 'noop', needs: ['c'] }]);
    const apart = compile([{ id: 'a', task: 'noop' }, { id: 'b', task: 'noop' }, { id: 'c', task: 'noop', needs: ['a', 'b'] }, { id: 'd', task: 'noop', needs: ['a', 'b'] }, { id: 'e', task: 'noop', needs: ['c'] }]);
    expect(graph(one)).toEqual(graph(apart));
    expect(graph(one).dependents).toEqual([['c', 'd'], ['c', 'd'], ['e'], [], []]);
    expect(one.edges.needs.length).toBe(3);
    expect(apart.edges.needs.length).toBe(5);
  });

  it('a layered spec whose layers share their needs list holds width × layers entries, not width² × layers', () => {
    const steps: StepSpec[] = [];
    let prev: string[] | undefined;
    for (let l = 0; l < 5; l++) {
      const ids = Array.from({ length: 20 }, (_, w) => `l${l}_${w}`);
      for (const id of ids) steps.push({ id, task: 'noop', ...(prev ? { needs: prev } : {}) });
      prev = ids;
    }
    const plan = compile(steps);
    expect(plan.edges.needs.length).toBe(4 * 20);
    expect(graph(plan)).toEqual(graph(compilePlan(layered(5, 20), { agents, expr })));
  });

  it('counts a need named twice twice on both sides, so the step still becomes ready', async () => {
    const spec = wf('dup', [{ id: 'a', task: 'noop' }, { id: 'b', task: 'noop', needs: ['a', 'a'] }]);
    expect(graph(compile(spec.steps)).dependents[0]).toEqual(['b', 'b']);
    const r = await new Engine({ agents }).run(spec);
    expect(r.status).toBe('completed');
    expect(r.steps.b?.status).toBe('completed');
  });

  it('names the step whose shared list holds an unknown id, and the steps on a cycle', () => {
    const shared = ['a', 'nope'];
    expect(() => compile([{ id: 'a', task: 'noop' }, { id: 'b', task: 'noop', needs: shared }, { id: 'c', task: 'noop', needs: shared }])).toThrow('step "b" needs unknown step "nope"');
    const loop = ['x'];
    expect(() => compile([{ id: 'x', task: 'noop', needs: ['y'] }, { id: 'y', task: 'noop', needs: loop }, { id: 'z', task: 'noop', needs: loop }])).toThrow('cycle through x, y, z');
  });

  it('counts open needs per step: all of them in a new run, the unfinished ones on a resume', () => {
    const shared = ['a', 'b'];
    const plan = compile([{ id: 'a', task: 'noop' }, { id: 'b', task: 'noop' }, { id: 'c', task: 'noop', needs: shared }, { id: 'd', task: 'noop', needs: shared }, { id: 'e', task: 'noop', needs: ['a', 'c', 'a'] }]);
    expect(Array.from(openNeeds(plan, undefined))).toEqual([0, 0, 2, 2, 3]);
    expect(Array.from(openNeeds(plan, (j) => j === 0))).toEqual([0, 0, 1, 1, 1]);
  });

  it('runs steps that share a needs list once each, after all of that list', async () => {
    const shared = ['a', 'b'];
    const r = await new Engine({ agents }).run(wf('s', [{ id: 'a', task: 'noop' }, { id: 'b', task: 'noop' }, { id: 'c', task: 'noop', needs: shared }, { id: 'd', task: 'noop', needs: shared }]));
    expect(r.status).toBe('completed');
    expect(Object.values(r.steps).map((s) => s.status)).toEqual(['completed', 'completed', 'completed', 'completed']);
  });
});
