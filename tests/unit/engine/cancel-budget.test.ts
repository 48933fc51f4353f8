import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/index.ts';
import { Engine } from '../../../src/engine/index.ts';
import { wf } from './fixtures.ts';
import { FnAgents, MemoryJournal } from './harness.ts';

const tick = async (n = 5) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};

/** A capability that runs until its signal aborts, recording the reason. */
function hanging() {
  const reasons: string[] = [];
  let started = 0;
  const fn = (_i: unknown, ctx: { signal: AbortSignal }) =>
    new Promise((_r, reject) => {
      started++;
      ctx.signal.addEventListener('abort', () => {
        reasons.push(String(ctx.signal.reason));
        reject(ctx.signal.reason);
      });
    });
  return { fn, reasons, started: () => started };
}

describe('cancellation', () => {
  it('aborts every in-flight step and ends the run cancelled; unstarted steps are cancelled', async () => {
    const h = hanging();
    const engine = new Engine({ agents: new FnAgents([{ id: 'a', concurrency: 5, caps: { hang: h.fn } }]) });
    const run = engine.start(wf('c', [{ id: 'x', task: 'hang' }, { id: 'y', task: 'hang' }, { id: 'z', task: 'hang', needs: ['x'] }]));
    await tick();
    expect(h.started()).toBe(2);
    expect(engine.cancel(run.id)).toBe(true);
    const r = await run.result;
    expect(r.status).toBe('cancelled');
    expect(h.reasons).toHaveLength(2);
    expect(h.reasons[0]).toMatch(/cancelled by request/);
    expect([r.steps.x?.status, r.steps.y?.status, r.steps.z?.status]).toEqual(['cancelled', 'cancelled', 'cancelled']);
    expect(engine.activeRuns()).toEqual([]);
  });

  it('cancels a step that is still waiting for a busy agent', async () => {
    const h = hanging();
    const engine = new Engine({ agents: new FnAgents([{ id: 'a', concurrency: 1, caps: { hang: h.fn } }]) });
    const run = engine.start(wf('c', [{ id: 'x', task: 'hang' }, { id: 'y', task: 'hang' }]));
    await tick();
    expect(h.started()).toBe(1);
    run.cancel();
    const r = await run.result;
    expect(r.status).toBe('cancelled');
    expect(h.started()).toBe(1);
  });
});

describe('budgets', () => {
  it('ends the run as budget_exceeded when the wall budget passes', async () => {
    const clock = new ManualClock();
    const h = hanging();
    const engine = new Engine({ agents: new FnAgents([{ id: 'a', caps: { hang: h.fn } }]), clock });
    const run = engine.start(wf('b', [{ id: 'x', task: 'hang', timeout: '1h' }], { budget: { wall: '10m' } }));
    await tick();
    clock.advance(10 * 60_000);
    const r = await run.result;
    expect(r.status).toBe('budget_exceeded');
    expect(r.error).toMatch(/wall-time budget of 10m exceeded/);
    expect(r.steps.x).toMatchObject({ status: 'cancelled', error: { kind: 'budget' } });
    expect(clock.pending).toBe(0);
  });

  it('counts executor calls (attempts, retries included) against tool_calls', async () => {
    let calls = 0;
    const engine = new Engine({ agents: new FnAgents([{ id: 'a', concurrency: 10, caps: { t: () => ++calls } }]) });
    const steps = Array.from({ length: 5 }, (_, i) => ({ id: `s${i}`, task: 't', ...(i ? { needs: [`s${i - 1}`] } : {}) }));
    const r = await engine.run(wf('b', steps as never, { budget: { tool_calls: 3 } }));
    expect(calls).toBe(3);
    expect(r.status).toBe('budget_exceeded');
    expect(r.error).toBe('tool-call budget of 3 exceeded');
  });

  it('ends the run when reported token usage passes the token budget', async () => {
    const engine = new Engine({
      agents: new FnAgents([{ id: 'a', caps: { llm: (_i, ctx) => (ctx.reportUsage({ promptTokens: 80, completionTokens: 40 }), 'text') } }]),
    });
    const r = await engine.run(wf('b', [{ id: 'one', task: 'llm' }, { id: 'two', task: 'llm', needs: ['one'] }], { budget: { tokens: 100 } }));
    expect(r.status).toBe('budget_exceeded');
    expect(r.error).toMatch(/token budget of 100 exceeded \(120 used\)/);
    expect(r.steps.two?.status).toBe('cancelled');
  });
});

describe('events and knowledge', () => {
  it('publishes task_complete on success and error_occurred with partial results on failure; records knowledge', async () => {
    const published: { type: string; data: any; priority?: string }[] = [];
    const journal = new MemoryJournal();
    const engine = new Engine({
      agents: new FnAgents([{ id: 'w', caps: { ok: (i) => i, bad: () => Promise.reject(new Error('nope')) } }]),
      journal,
      events: { publish: (e) => void published.push(e) },
    });
    await engine.run(wf('good', [{ id: 'a', task: 'ok', with: { v: 1 } }]));
    const bad = await engine.run(wf('bad', [{ id: 'a', task: 'ok', with: { v: 2 } }, { id: 'b', task: 'bad', needs: ['a'], retry: { attempts: 1 } }]));
    await engine.flush();
    expect(published[0]).toMatchObject({ type: 'task_complete', data: { workflow: 'good', outputs: undefined } });
    expect(published[1]).toMatchObject({ type: 'error_occurred', priority: 'high', data: { workflow: 'bad', status: 'failed', reason: 'step b failed: nope' } });
    expect(published[1]!.data.partial_results.a).toMatchObject({ status: 'completed', output: { v: 2 } });
    const tasks = journal.knowledge.filter((k) => k.category === 'task_execution');
    expect(tasks.map((k) => (k.content as any).success)).toEqual([true, true, false]);
    expect(tasks[0]).toMatchObject({ agentId: 'w', content: { task: 'ok', input: { v: 1 }, result: { v: 1 } } });
    const wfs = journal.knowledge.filter((k) => k.category === 'workflow_execution').map((k) => k.content as any);
    expect(wfs.map((c) => [c.name, c.step_count, c.success, c.agents_used])).toEqual([
      ['good', 1, true, ['w']],
      ['bad', 2, false, ['w']],
    ]);
    expect(bad.id).toMatch(/^run_/);
  });
});
