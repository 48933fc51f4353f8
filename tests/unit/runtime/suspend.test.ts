import { describe, expect, it } from 'vitest';
import { Engine } from '../../../src/engine/index.ts';
import { wf } from '../engine/fixtures.ts';
import { FnAgents, MemoryJournal, type FnAgent } from '../engine/harness.ts';

const tick = async (n = 10) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};

const spec = wf('pipeline', [
  { id: 'fetch', task: 'work' },
  { id: 'slow', task: 'hang', needs: ['fetch'] },
  { id: 'post', task: 'send', needs: ['fetch'], idempotent: false },
  { id: 'done', task: 'work', needs: ['slow', 'post'] },
]);

/** `hang` and `send` wait until aborted (and say how they ended) unless `release` is set. */
function agents(log: string[], release: boolean): FnAgent[] {
  const waiter = (name: string) => (_i: unknown, ctx: { attempt: number; signal: AbortSignal }) => {
    log.push(`${name}#${ctx.attempt}`);
    if (release) return { ok: name };
    return new Promise((_resolve, reject) => ctx.signal.addEventListener('abort', () => (log.push(`${name} aborted`), reject(ctx.signal.reason as Error))));
  };
  return [{ id: 'a', concurrency: 5, caps: { work: () => (log.push('work'), { n: 1 }), hang: waiter('slow'), send: waiter('post') } }];
}

describe('Engine.suspend (shutdown past the grace period)', () => {
  it('aborts in-flight attempts but leaves the run unfinished in the journal; a resume continues it', async () => {
    const journal = new MemoryJournal();
    const log: string[] = [];
    const first = new Engine({ journal, agents: new FnAgents(agents(log, false)) });
    const events: string[] = [];
    first.on((e) => events.push(e.type));
    const h = first.start(spec);
    await tick();
    expect(log).toEqual(['work', 'slow#1', 'post#1']);

    await first.suspend();
    const r = await h.result;
    expect(log).toContain('slow aborted');
    expect(log).toContain('post aborted');
    expect(r.status).toBe('running');
    expect(events).not.toContain('run_finished');
    expect(first.activeRuns()).toEqual([]);
    // The journal: the run and its in-flight steps are still running, nothing cancelled.
    expect(journal.runs.get(h.id)?.status).toBe('running');
    const steps = new Map([...(journal.steps.get(h.id)?.values() ?? [])].map((s) => [s.stepId, s.status]));
    expect(steps.get('fetch')).toBe('completed');
    expect(steps.get('slow')).toBe('running');
    expect(steps.get('post')).toBe('running');
    expect([...steps.values()]).not.toContain('cancelled');

    const log2: string[] = [];
    const second = new Engine({ journal, agents: new FnAgents(agents(log2, true)) });
    const [resumed] = await second.resumeRuns();
    const parked = await resumed!.result;
    // slow is idempotent: it runs again; post is not: it waits for a person.
    expect(log2).toEqual(['slow#2']);
    expect(parked.waiting).toEqual(['post']);
    const done = await (await second.decide(h.id, 'post', 'retry')).result;
    expect(done.status).toBe('completed');
    expect(log2).toEqual(['slow#2', 'post#2', 'work']);
  });

  it('close() still cancels (the embedding default)', async () => {
    const journal = new MemoryJournal();
    const engine = new Engine({ journal, agents: new FnAgents(agents([], false)) });
    const h = engine.start(spec);
    await tick();
    await engine.close();
    expect((await h.result).status).toBe('cancelled');
    expect(journal.runs.get(h.id)?.status).toBe('cancelled');
  });
});
