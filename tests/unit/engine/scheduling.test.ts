import { describe, expect, it } from 'vitest';
import type { AmasError } from '../../../src/core/index.ts';
import { Engine, type EngineEvent } from '../../../src/engine/index.ts';
import { chain, fan, layered, wf } from './fixtures.ts';
import { FnAgents } from './harness.ts';

function tracking() {
  const order: string[] = [];
  let running = 0;
  let peak = 0;
  const agents = new FnAgents([
    {
      id: 'worker',
      concurrency: 1000,
      caps: {
        noop: async (_i, ctx) => {
          running++;
          peak = Math.max(peak, running);
          order.push(ctx.stepId);
          await Promise.resolve();
          running--;
          return { step: ctx.stepId };
        },
        add: (i: { a: number; b: number }) => ({ sum: i.a + i.b }),
        echo: (i) => i,
      },
    },
  ]);
  return { agents, order, peak: () => peak };
}

describe('DAG shapes', () => {
  it('runs a chain strictly in order', async () => {
    const t = tracking();
    const r = await new Engine({ agents: t.agents }).run(chain(20));
    expect(r.status).toBe('completed');
    expect(t.order).toEqual(Array.from({ length: 20 }, (_, i) => `s${i}`));
    expect(t.peak()).toBe(1);
  });

  it('fans out in parallel and joins once every branch is done', async () => {
    const t = tracking();
    const r = await new Engine({ agents: t.agents }).run(fan(12));
    expect(r.status).toBe('completed');
    expect(t.order[0]).toBe('src');
    expect(t.order.at(-1)).toBe('sink');
    expect(t.peak()).toBe(10);
  });

  it('passes outputs through a diamond and renders workflow outputs', async () => {
    const t = tracking();
    const spec = wf(
      'diamond',
      [
        { id: 'a', task: 'add', with: { a: '${{ inputs.x }}', b: 1 } },
        { id: 'b', task: 'add', needs: ['a'], with: { a: '${{ steps.a.output.sum }}', b: 10 } },
        { id: 'c', task: 'add', needs: ['a'], with: { a: '${{ steps.a.output.sum }}', b: 100 } },
        { id: 'd', task: 'add', needs: ['b', 'c'], with: { a: '${{ steps.b.output.sum }}', b: '${{ steps.c.output.sum }}' } },
      ],
      { inputs: { x: { type: 'number', default: 1 } }, outputs: { total: '${{ steps.d.output.sum }}', label: 'd=${{ steps.d.output.sum }}' } },
    );
    const r = await new Engine({ agents: t.agents }).run(spec, { x: 2 });
    expect(r.status).toBe('completed');
    expect(r.outputs).toEqual({ total: 116, label: 'd=116' });
    expect(r.steps.d?.output).toEqual({ sum: 116 });
    expect(Object.values(r.steps).map((s) => s.status)).toEqual(['completed', 'completed', 'completed', 'completed']);
  });

  it('runs a layered DAG layer by layer', async () => {
    const t = tracking();
    const r = await new Engine({ agents: t.agents }).run(layered(4, 5));
    expect(r.status).toBe('completed');
    const layerOf = (id: string) => Number(id.slice(1, id.indexOf('_')));
    const layers = t.order.map(layerOf);
    expect(layers).toEqual([...layers].sort((a, b) => a - b));
    expect(t.peak()).toBe(5);
  });

  it('reports progress as finished/all through events', async () => {
    const t = tracking();
    const engine = new Engine({ agents: t.agents });
    const seen: EngineEvent[] = [];
    engine.on((e) => seen.push(e));
    await engine.run(chain(3));
    const fin = seen.filter((e) => e.type === 'step_finished');
    expect(fin.map((e) => (e.type === 'step_finished' ? `${e.finished}/${e.total}` : ''))).toEqual(['1/3', '2/3', '3/3']);
    expect(seen[0]?.type).toBe('run_started');
    expect(seen.at(-1)?.type).toBe('run_finished');
  });
});

describe('conditions and skips', () => {
  const spec = wf(
    'cond',
    [
      { id: 'a', task: 'echo', with: { n: '${{ inputs.n }}' } },
      { id: 'big', task: 'echo', needs: ['a'], if: '${{ steps.a.output.n > 10 }}', with: { v: 'big' } },
      { id: 'after_big', task: 'echo', needs: ['big'], with: { v: 'after' } },
      { id: 'fallback', task: 'echo', needs: ['big'], if: "steps.big.status == 'skipped'", with: { v: 'fallback' } },
      { id: 'tail', task: 'echo', needs: ['after_big', 'fallback'] },
    ],
    { inputs: { n: { type: 'number' } } },
  );

  it('skips a false condition and propagates the skip to steps without a condition', async () => {
    const r = await new Engine({ agents: tracking().agents }).run(spec, { n: 3 });
    expect(r.status).toBe('completed');
    expect(r.steps.big).toMatchObject({ status: 'skipped', reason: 'condition was false' });
    expect(r.steps.after_big).toMatchObject({ status: 'skipped', reason: 'needs big, which was skipped' });
    expect(r.steps.fallback).toMatchObject({ status: 'completed', output: { v: 'fallback' } });
    expect(r.steps.tail?.status).toBe('skipped');
  });

  it('runs the guarded branch when the condition holds', async () => {
    const r = await new Engine({ agents: tracking().agents }).run(spec, { n: 30 });
    expect(r.steps.big?.status).toBe('completed');
    expect(r.steps.after_big?.status).toBe('completed');
    expect(r.steps.fallback?.status).toBe('skipped');
    expect(r.steps.tail?.status).toBe('skipped');
  });
});

describe('inputs and outputs', () => {
  const spec = wf('io', [{ id: 'a', task: 'echo', with: { t: '${{ inputs.topic }}' } }], {
    inputs: { topic: { type: 'string', default: 'weekly' }, count: { type: 'integer', minimum: 1, default: 1 } },
    outputs: { t: '${{ steps.a.output.t }}' },
  });

  it('merges given inputs over defaults', async () => {
    const engine = new Engine({ agents: tracking().agents });
    expect((await engine.run(spec)).outputs).toEqual({ t: 'weekly' });
    expect((await engine.run(spec, { topic: 'x' })).outputs).toEqual({ t: 'x' });
  });

  it('refuses unknown and invalid inputs as bad usage before anything runs', () => {
    const t = tracking();
    const engine = new Engine({ agents: t.agents });
    const bad = (inputs: Record<string, unknown>) => {
      try {
        engine.start(spec, inputs);
      } catch (e) {
        return e as AmasError;
      }
      throw new Error('no error');
    };
    expect(bad({ topik: 'x' }).message).toMatch(/unknown input "topik" \(inputs: topic, count\)/);
    expect(bad({ count: 0 }).message).toMatch(/input "count": must be >= 1/);
    expect(bad({ count: 0 }).exitCode).toBe(2);
    expect(t.order).toEqual([]);
  });

  it('fails the run when an output expression cannot be evaluated', async () => {
    const s = wf('bad-out', [{ id: 'a', task: 'echo', with: { text: '{' } }], { outputs: { x: '${{ fromJSON(steps.a.output.text) }}' } });
    const r = await new Engine({ agents: tracking().agents }).run(s);
    expect(r.status).toBe('failed');
    expect(r.error).toMatch(/^outputs: /);
  });

  it('refuses a step whose capability no agent has', () => {
    expect(() => new Engine({ agents: tracking().agents }).start(wf('x', [{ id: 'a', task: 'nope' }]))).toThrow(/no agent has capability "nope"/);
  });
});
