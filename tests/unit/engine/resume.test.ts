import { describe, expect, it } from 'vitest';
import { Engine } from '../../../src/engine/index.ts';
import { wf } from './fixtures.ts';
import { FnAgents, MemoryJournal, type FnAgent } from './harness.ts';

const tick = async (n = 5) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};

/** What survives a crash: a deep copy of the journal at this moment. */
function crashCopy(j: MemoryJournal): MemoryJournal {
  const c = new MemoryJournal();
  c.runs = structuredClone(j.runs);
  c.steps = structuredClone(j.steps);
  return c;
}

const spec = wf('pipeline', [
  { id: 'fetch', task: 'work' },
  { id: 'render', task: 'pure', needs: ['fetch'], with: { n: '${{ steps.fetch.output.n }}' } },
  { id: 'slow', task: 'hang', needs: ['render'] },
  { id: 'publish', task: 'post', needs: ['render'], idempotent: false },
  { id: 'done', task: 'pure', needs: ['slow', 'publish'] },
]);

function agents(log: string[], hang: boolean): FnAgent[] {
  const blockIfCrashing = (name: string) => (_i: unknown, ctx: { attempt: number; idempotencyKey: string; signal: AbortSignal }) => {
    log.push(`${name}#${ctx.attempt}:${ctx.idempotencyKey.slice(0, 8)}`);
    return hang ? new Promise(() => {}) : { ok: name };
  };
  return [
    {
      id: 'a',
      concurrency: 5,
      caps: {
        work: () => (log.push('fetch'), { n: 7 }),
        pure: { fn: (i) => (log.push('pure'), i), kind: 'template' },
        hang: blockIfCrashing('slow'),
        post: blockIfCrashing('publish'),
      },
    },
  ];
}

describe('durability and resume', () => {
  it('journals a side-effecting step as running, durably, before its executor runs', async () => {
    const journal = new MemoryJournal();
    const seenAtCall: string[][] = [];
    const engine = new Engine({
      journal,
      agents: new FnAgents([{ id: 'a', caps: { work: () => (seenAtCall.push(journal.writes.filter((w) => w.durable).flatMap((w) => w.steps)), 1) } }]),
    });
    const r = await engine.run(wf('one', [{ id: 's', task: 'work' }]));
    expect(seenAtCall[0]).toContain('s:running');
    expect(journal.runs.get(r.id)?.status).toBe('completed');
    expect(journal.writes.at(-1)?.durable).toBe(true);
  });

  it('resumes after a crash: finished steps keep their output, in-flight ones run again with a higher attempt, non-idempotent ones wait in_doubt', async () => {
    const journal = new MemoryJournal();
    const log1: string[] = [];
    const first = new Engine({ journal, agents: new FnAgents(agents(log1, true)) });
    const h = first.start(spec);
    await tick(10);
    expect(log1.slice(0, 2)).toEqual(['fetch', 'pure']);
    expect(log1.filter((l) => l.startsWith('slow') || l.startsWith('publish'))).toHaveLength(2);
    const disk = crashCopy(journal); // the process dies here

    const log2: string[] = [];
    const second = new Engine({ journal: disk, agents: new FnAgents(agents(log2, false)) });
    const [resumed] = await second.resumeRuns();
    expect(resumed!.id).toBe(h.id);
    const parked = await resumed!.result;
    expect(log2.filter((l) => !l.startsWith('pure'))).toEqual([`slow#2:${log1.find((l) => l.startsWith('slow'))!.split(':')[1]}`]);
    expect(parked.status).toBe('running');
    expect(parked.attempt).toBe(2);
    expect(parked.waiting).toEqual(['publish']);
    expect(parked.steps.publish).toMatchObject({ status: 'in_doubt', attempt: 1, error: { kind: 'in_doubt' } });
    expect(parked.steps.fetch).toMatchObject({ status: 'completed', output: { n: 7 }, attempt: 1 });
    expect(parked.steps.done?.status).toBe('pending');
    await second.flush();
    expect(disk.runs.get(h.id)?.status).toBe('running');

    // A person decides: run it again.
    const retried = await (await second.decide(h.id, 'publish', 'retry')).result;
    expect(retried.status).toBe('completed');
    expect(retried.steps.publish).toMatchObject({ status: 'completed', attempt: 2 });
    expect(retried.attempt).toBe(3);
    expect(log2.filter((l) => l.startsWith('publish'))).toHaveLength(1);
    expect(log2).not.toContain('fetch');
  });

  it('settles an in_doubt step by skipping it; dependents are then skipped', async () => {
    const journal = new MemoryJournal();
    const first = new Engine({ journal, agents: new FnAgents(agents([], true)) });
    const h = first.start(spec);
    await tick(10);
    const disk = crashCopy(journal);
    const log: string[] = [];
    const second = new Engine({ journal: disk, agents: new FnAgents(agents(log, false)) });
    await (await second.resumeRuns({ runId: h.id }))[0]!.result;
    await second.flush();
    const third = new Engine({ journal: disk, agents: new FnAgents(agents(log, false)) });
    const r = await (await third.decide(h.id, 'publish', 'skip')).result;
    expect(r.status).toBe('completed');
    expect(r.steps.publish).toMatchObject({ status: 'skipped', reason: 'skipped by a person' });
    expect(r.steps.done?.status).toBe('skipped');
    expect(log.filter((l) => l.startsWith('publish'))).toEqual([]);
  });

  it('refuses to decide on a step that is not in_doubt, and to resume a finished run', async () => {
    const journal = new MemoryJournal();
    const engine = new Engine({ journal, agents: new FnAgents(agents([], false)) });
    const r = await engine.run(spec);
    await expect(engine.decide(r.id, 'publish', 'retry')).rejects.toThrow(/already ended as completed/);
    await expect(engine.resumeRuns({ runId: 'nope' })).rejects.toThrow(/no run "nope"/);
  });

  it('resumes from the spec stored with the run, not the current file', async () => {
    const journal = new MemoryJournal();
    const first = new Engine({ journal, agents: new FnAgents(agents([], true)) });
    const h = first.start(spec);
    await tick(10);
    const disk = crashCopy(journal);
    const stored = disk.runs.get(h.id)!;
    expect(stored.spec).toEqual(spec);
    expect(stored.specHash).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('group commit', () => {
  it("journals the last side-effecting step's completion with the run's end, in one durable write", async () => {
    const journal = new MemoryJournal();
    const engine = new Engine({ journal, agents: new FnAgents([{ id: 'a', caps: { work: () => 1 } }]) });
    // Readers of step_finished find the step's row in the store by then, the last step's too.
    const atFinished: string[] = [];
    engine.on((e) => void (e.type === 'step_finished' && atFinished.push(`${e.stepId}:${journal.steps.get(e.runId)?.get(e.stepId)?.status}`)));
    const r = await engine.run(wf('two', [{ id: 'a', task: 'work' }, { id: 'b', task: 'work', needs: ['a'] }] as never));
    expect(r.status).toBe('completed');
    expect(atFinished).toEqual(['a:completed', 'b:completed']);
    const durable = journal.writes.filter((w) => w.durable === true);
    // A step with a dependent is on disk before the dependent starts; the last one's completion
    // and the run's end share a write (and the write that ends the run is durable).
    expect(durable.map((w) => w.steps)).toEqual([['a:running'], ['a:completed'], ['b:running'], ['b:completed']]);
    expect(journal.runs.get(r.id)?.status).toBe('completed');
    expect(journal.writes.at(-1)).toEqual({ durable: true, steps: ['b:completed'] });
  });


  it('lets pure template steps ride along: a template-only run makes one durable write, at its end', async () => {
    const journal = new MemoryJournal();
    const engine = new Engine({ journal, agents: new FnAgents([{ id: 'a', concurrency: 10, caps: { pure: { fn: (i) => i, kind: 'template' } } }]) });
    const steps = Array.from({ length: 50 }, (_, i) => ({ id: `p${i}`, task: 'pure', ...(i ? { needs: [`p${i - 1}`] } : {}) }));
    const r = await engine.run(wf('pure', steps as never));
    await engine.flush();
    expect(r.status).toBe('completed');
    expect(journal.writes.filter((w) => w.durable)).toHaveLength(1);
    expect(journal.writes.reduce((n, w) => n + w.steps.length, 0)).toBe(50);
    expect([...journal.steps.get(r.id)!.values()].every((s) => s.status === 'completed')).toBe(true);
  });
});
