import { describe, expect, it } from 'vitest';
import type { WorkflowSpec } from '../../../src/core/index.ts';
import { Engine, specHash } from '../../../src/engine/index.ts';
import { wf } from './fixtures.ts';
import { FnAgents, MemoryJournal, type FnAgent } from './harness.ts';

const tick = async (n = 5) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};

function crashCopy(j: MemoryJournal): MemoryJournal {
  const c = new MemoryJournal();
  c.runs = structuredClone(j.runs);
  c.steps = structuredClone(j.steps);
  return c;
}

function engineWith(agents: FnAgent[], workflows: WorkflowSpec[], journal = new MemoryJournal()) {
  const byId = new Map(workflows.map((w) => [w.id, { spec: w, hash: specHash(w) }]));
  return { journal, engine: new Engine({ agents: new FnAgents(agents), journal, workflows: (id) => byId.get(id), recordKnowledge: false }) };
}

const child = wf('child', [{ id: 'double', task: 'double', with: { n: '${{ inputs.n }}' } }], {
  inputs: { n: { type: 'number' } },
  outputs: { result: '${{ steps.double.output.n }}' },
});

describe('sub-workflows', () => {
  it('runs the child as its own linked run; the step output is its outputs', async () => {
    const { engine, journal } = engineWith([{ id: 'a', caps: { double: (i: { n: number }) => ({ n: i.n * 2 }) } }], [child]);
    const parent = wf('parent', [{ id: 'sub', workflow: 'child', with: { n: 21 } }], { outputs: { r: '${{ steps.sub.output.result }}' } });
    const r = await engine.run(parent);
    expect(r.status).toBe('completed');
    expect(r.outputs).toEqual({ r: 42 });
    const kids = [...journal.runs.values()].filter((x) => x.parent?.runId === r.id);
    expect(kids).toHaveLength(1);
    expect(kids[0]).toMatchObject({ workflow: 'child', status: 'completed', parent: { runId: r.id, stepId: 'sub' } });
  });

  it('a failed child fails the step, naming the child run; wrong inputs fail it too', async () => {
    const { engine } = engineWith([{ id: 'a', caps: { double: () => { throw Object.assign(new Error('nope'), { name: 'NonRetriableError' }); } } }], [child]);
    const r = await engine.run(wf('parent', [{ id: 'sub', workflow: 'child', with: { n: 1 } }]));
    expect(r.status).toBe('failed');
    expect(r.steps.sub!.error?.message).toMatch(/child run run_\w+ \(workflow child\) failed/);
    const bad = await engine.run(wf('parent', [{ id: 'sub', workflow: 'child', with: { n: 'x' } }]));
    expect(bad.steps.sub!.status).toBe('failed');
  });

  it('cancelling the parent cancels the child', async () => {
    const { engine, journal } = engineWith([{ id: 'a', caps: { double: (_i, ctx) => new Promise((_, rej) => ctx.signal.addEventListener('abort', () => rej(ctx.signal.reason))) } }], [child]);
    const h = engine.start(wf('parent', [{ id: 'sub', workflow: 'child', with: { n: 1 } }]));
    await tick(10);
    h.cancel('stop it');
    const r = await h.result;
    expect(r.status).toBe('cancelled');
    await engine.flush();
    const kid = [...journal.runs.values()].find((x) => x.parent?.runId === h.id)!;
    expect(kid.status).toBe('cancelled');
    expect(kid.error).toMatch(/parent run/);
  });

  it("the child's tool calls count against the parent's budget", async () => {
    const three = wf('three', [{ id: 'a', task: 'one' }, { id: 'b', task: 'one', needs: ['a'] }, { id: 'c', task: 'one', needs: ['b'] }]);
    let calls = 0;
    const { engine, journal } = engineWith([{ id: 'a', caps: { one: () => ({ n: ++calls }) } }], [three]);
    const r = await engine.run(wf('parent', [{ id: 'sub', workflow: 'three' }], { budget: { tool_calls: 2 } }));
    expect(r.status).toBe('budget_exceeded');
    expect(calls).toBe(2);
    await engine.flush();
    expect([...journal.runs.values()].find((x) => x.parent?.runId === r.id)!.status).toBe('budget_exceeded');
  });

  it('tokens reported in the child add to the parent usage and budget', async () => {
    const { engine } = engineWith([{ id: 'a', caps: { double: (i: { n: number }, ctx) => (ctx.reportUsage({ promptTokens: 60, completionTokens: 0 }), { n: i.n }) } }], [child]);
    const ok = await engine.run(wf('parent', [{ id: 'sub', workflow: 'child', with: { n: 1 } }]));
    expect(ok.usage?.total).toBe(60);
    const over = await engine.run(wf('parent', [{ id: 'sub', workflow: 'child', for_each: [1, 2], with: { n: '${{ item }}' } }], { budget: { tokens: 100 } }));
    expect(over.status).toBe('budget_exceeded');
  });

  it('a resumed parent re-attaches to its running child instead of starting another', async () => {
    const log: string[] = [];
    let hang = true;
    const agents: FnAgent[] = [{ id: 'a', caps: { double: (i: { n: number }) => (log.push(`double ${i.n}`), hang ? new Promise(() => {}) : { n: i.n * 2 }) } }];
    const first = engineWith(agents, [child]);
    const h = first.engine.start(wf('parent', [{ id: 'sub', workflow: 'child', with: { n: 5 } }], { outputs: { r: '${{ steps.sub.output.result }}' } }));
    await tick(20);
    expect(log).toEqual(['double 5']);
    const saved = crashCopy(first.journal);
    hang = false;
    const second = engineWith(agents, [child], saved);
    const handles = await second.engine.resumeRuns();
    expect(handles.map((x) => x.id)).toEqual([h.id]);
    const r = await handles[0]!.result;
    expect(r.outputs).toEqual({ r: 10 });
    const kids = [...saved.runs.values()].filter((x) => x.parent?.runId === h.id);
    expect(kids).toHaveLength(1);
    expect(kids[0]!.attempt).toBe(2);
  });
});

describe('for_each', () => {
  it('runs each item, at most `concurrency` at once, outputs in item order', async () => {
    let running = 0;
    let peak = 0;
    const agents: FnAgent[] = [
      {
        id: 'a',
        concurrency: 10,
        caps: {
          post: async (i: { p: string; n: number }) => {
            peak = Math.max(peak, ++running);
            await new Promise((r) => setTimeout(r, 5 * (5 - i.n)));
            running--;
            return `${i.p}#${i.n}`;
          },
        },
      },
    ];
    const { engine } = engineWith(agents, []);
    const r = await engine.run(
      wf('fan', [{ id: 'social', for_each: '${{ inputs.platforms }}', concurrency: 2, task: 'post', with: { p: '${{ item }}', n: '${{ index }}' } }], { inputs: { platforms: { type: 'array' } } }),
      { platforms: ['x', 'y', 'z', 'w', 'v'] },
    );
    expect(r.status).toBe('completed');
    expect(r.steps.social!.output).toEqual(['x#0', 'y#1', 'z#2', 'w#3', 'v#4']);
    expect(peak).toBe(2);
  });

  it('one failed item fails the step; with continue_on_error its slot is null', async () => {
    const agents: FnAgent[] = [{ id: 'a', concurrency: 3, caps: { f: { fn: (i: { n: number }) => { if (i.n === 1) throw new Error('bad item'); return i.n; }, retry: { attempts: 1 } } } }];
    const { engine } = engineWith(agents, []);
    const failed = await engine.run(wf('w', [{ id: 's', for_each: [0, 1, 2], task: 'f', with: { n: '${{ item }}' } }]));
    expect(failed.status).toBe('failed');
    expect(failed.steps.s!.error?.message).toBe('item 1: bad item');
    const kept = await engine.run(wf('w', [{ id: 's', for_each: [0, 1, 2], task: 'f', continue_on_error: true, with: { n: '${{ item }}' } }]));
    expect(kept.steps.s!.output).toEqual([0, null, 2]);
  });

  it('fails clearly when for_each does not give a list', async () => {
    const { engine } = engineWith([{ id: 'a', caps: { f: () => 1 } }], []);
    const r = await engine.run(wf('w', [{ id: 's', for_each: '${{ inputs.x }}', task: 'f' }], { inputs: { x: { type: 'string' } } }), { x: 'abc' });
    expect(r.steps.s!.error?.message).toBe('step s: for_each must give a list, got string');
  });

  it('after a crash only the unfinished items run again, with their own idempotency keys', async () => {
    const log: string[] = [];
    let hangOn = new Set([2, 3]);
    const keys = new Map<number, string>();
    const agents: FnAgent[] = [
      {
        id: 'a',
        concurrency: 5,
        caps: {
          f: (i: { n: number }, ctx) => {
            log.push(`f${i.n}`);
            if (keys.has(i.n)) expect(keys.get(i.n)).toBe(ctx.idempotencyKey);
            keys.set(i.n, ctx.idempotencyKey);
            return hangOn.has(i.n) ? new Promise(() => {}) : i.n * 10;
          },
        },
      },
    ];
    const spec = wf('w', [{ id: 's', for_each: [0, 1, 2, 3, 4], concurrency: 5, task: 'f', with: { n: '${{ item }}' } }]);
    const first = engineWith(agents, []);
    first.engine.start(spec);
    await tick(30);
    expect(log.sort()).toEqual(['f0', 'f1', 'f2', 'f3', 'f4']);
    expect(new Set(keys.values()).size).toBe(5);
    hangOn = new Set();
    log.length = 0;
    const second = engineWith(agents, [], crashCopy(first.journal));
    const [h] = await second.engine.resumeRuns();
    const r = await h!.result;
    expect(log.sort()).toEqual(['f2', 'f3']);
    expect(r.steps.s!.output).toEqual([0, 10, 20, 30, 40]);
  });
});

describe('repeat', () => {
  const agents = (log: unknown[]): FnAgent[] => [
    {
      id: 'a',
      caps: {
        write: (i: { round: number; previous: { score: number } | null }) => {
          log.push(i);
          return { score: (i.previous?.score ?? 0) + 3 };
        },
      },
    },
  ];
  const step = (max: number) =>
    wf('loop', [{ id: 'draft', task: 'write', repeat: { until: '${{ output.score >= 8 }}', max }, with: { round: '${{ repeat.index }}', previous: '${{ repeat.previous }}' } }]);

  it('re-runs until `until` holds; repeat.previous flows', async () => {
    const log: unknown[] = [];
    const { engine } = engineWith(agents(log), []);
    const r = await engine.run(step(5));
    expect(r.steps.draft!.output).toEqual({ score: 9 });
    expect(log).toEqual([{ round: 0, previous: null }, { round: 1, previous: { score: 3 } }, { round: 2, previous: { score: 6 } }]);
  });

  it('reaching max completes with the last output and warns', async () => {
    const log: unknown[] = [];
    const { engine } = engineWith(agents(log), []);
    const events: string[] = [];
    engine.on((e) => events.push(e.type));
    const r = await engine.run(step(2));
    expect(r.status).toBe('completed');
    expect(r.steps.draft!.output).toEqual({ score: 6 });
    expect(events).toContain('step_repeat_exhausted');
    expect(events.filter((e) => e === 'step_iteration_finished')).toHaveLength(2);
  });

  it('cancelling the run stops the iteration in flight and starts no further one', async () => {
    const log: number[] = [];
    const ag: FnAgent[] = [
      {
        id: 'a',
        caps: {
          write: (i: { round: number }, ctx) => {
            log.push(i.round);
            if (i.round === 0) return { score: 3 };
            return new Promise((_, rej) => ctx.signal.addEventListener('abort', () => rej(ctx.signal.reason)));
          },
        },
      },
    ];
    const { engine } = engineWith(ag, []);
    const h = engine.start(step(5));
    await tick(30);
    expect(log).toEqual([0, 1]);
    h.cancel('enough');
    const r = await h.result;
    expect(r.status).toBe('cancelled');
    expect(r.steps.draft!.status).toBe('cancelled');
    await tick(10);
    expect(log).toEqual([0, 1]);
  });

  it("every iteration counts against the run's tool_calls and tokens budgets", async () => {
    const log: unknown[] = [];
    const { engine } = engineWith(agents(log), []);
    const calls = await engine.run(wf('loop', step(5).steps, { budget: { tool_calls: 2 } }));
    expect(calls.status).toBe('budget_exceeded');
    expect(log).toHaveLength(2);
    const spend: FnAgent[] = [{ id: 'a', caps: { write: (_i: unknown, ctx) => (ctx.reportUsage({ promptTokens: 40, completionTokens: 0 }), { score: 1 }) } }];
    const tokens = await engineWith(spend, []).engine.run(wf('loop', step(5).steps, { budget: { tokens: 100 } }));
    expect(tokens.status).toBe('budget_exceeded');
    expect(tokens.usage?.total).toBe(120);
  });

  it('resumes at the first unfinished iteration', async () => {
    const log: number[] = [];
    let hangAt = 1;
    const ag: FnAgent[] = [{ id: 'a', caps: { write: (i: { round: number; previous: { score: number } | null }) => (log.push(i.round), i.round === hangAt ? new Promise(() => {}) : { score: (i.previous?.score ?? 0) + 3 }) } }];
    const first = engineWith(ag, []);
    first.engine.start(step(5));
    await tick(30);
    expect(log).toEqual([0, 1]);
    hangAt = -1;
    const second = engineWith(ag, [], crashCopy(first.journal));
    const [h] = await second.engine.resumeRuns();
    const r = await h!.result;
    expect(log).toEqual([0, 1, 1, 2]);
    expect(r.steps.draft!.output).toEqual({ score: 9 });
  });
});
