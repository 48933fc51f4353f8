import { describe, expect, it } from 'vitest';
import { ManualClock, NonRetriableError, RetryAfterError } from '../../../src/core/index.ts';
import { backoffDelay, Engine, resolveRetry, type EngineEvent } from '../../../src/engine/index.ts';
import { wf } from './fixtures.ts';
import { FnAgents } from './harness.ts';

/** Lets promise callbacks and immediates run; never waits on the wall clock. */
const tick = async (n = 5) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};

function flaky(failures: number, make: (n: number) => Error = (n) => new Error(`boom ${n}`)) {
  let calls = 0;
  return {
    calls: () => calls,
    fn: () => {
      calls++;
      if (calls <= failures) throw make(calls);
      return { ok: calls };
    },
  };
}

describe('retries', () => {
  it('retries with exponential backoff on the injected clock, then succeeds', async () => {
    const clock = new ManualClock();
    const f = flaky(2);
    const engine = new Engine({ agents: new FnAgents([{ id: 'a', caps: { t: f.fn } }]), clock, random: () => 0.5 });
    const delays: number[] = [];
    engine.on((e: EngineEvent) => e.type === 'step_retrying' && delays.push(e.delayMs));
    const h = engine.start(wf('r', [{ id: 's', task: 't', retry: { attempts: 3, initial: '1s' } }]));
    await tick();
    expect(f.calls()).toBe(1);
    clock.advance(999);
    await tick();
    expect(f.calls()).toBe(1);
    clock.advance(1);
    await tick();
    expect(f.calls()).toBe(2);
    clock.advance(2000);
    await tick();
    const r = await h.result;
    expect(delays).toEqual([1000, 2000]);
    expect(r.status).toBe('completed');
    expect(r.steps.s).toMatchObject({ status: 'completed', attempt: 3, output: { ok: 3 } });
  });

  it('fails the step and the run once attempts are exhausted, keeping the last error', async () => {
    const clock = new ManualClock();
    const f = flaky(10);
    const engine = new Engine({ agents: new FnAgents([{ id: 'a', caps: { t: f.fn } }]), clock, random: () => 0.5 });
    const h = engine.start(wf('r', [{ id: 's', task: 't', retry: { attempts: 2, initial: '10ms' } }, { id: 'after', task: 't', needs: ['s'] }]));
    await tick();
    clock.advance(10);
    await tick();
    const r = await h.result;
    expect(f.calls()).toBe(2);
    expect(r.status).toBe('failed');
    expect(r.error).toBe('step s failed: boom 2');
    expect(r.steps.s).toMatchObject({ status: 'failed', attempt: 2, error: { kind: 'error', message: 'boom 2' } });
    expect(r.steps.after?.status).toBe('skipped');
  });

  it('stops retrying on a NonRetriableError (matched by name too)', async () => {
    for (const make of [() => new NonRetriableError('bad request'), () => Object.assign(new Error('bad request'), { name: 'NonRetriableError' })]) {
      const f = flaky(5, make);
      const r = await new Engine({ agents: new FnAgents([{ id: 'a', caps: { t: f.fn } }]), clock: new ManualClock() }).run(wf('r', [{ id: 's', task: 't' }]));
      expect(f.calls()).toBe(1);
      expect(r.steps.s).toMatchObject({ status: 'failed', error: { kind: 'non_retriable' } });
    }
  });

  it('waits as long as a RetryAfterError asks', async () => {
    const clock = new ManualClock();
    const f = flaky(1, () => new RetryAfterError('slow down', 7000));
    const h = new Engine({ agents: new FnAgents([{ id: 'a', caps: { t: f.fn } }]), clock }).start(wf('r', [{ id: 's', task: 't' }]));
    await tick();
    clock.advance(6999);
    await tick();
    expect(f.calls()).toBe(1);
    clock.advance(1);
    expect((await h.result).status).toBe('completed');
  });

  it('lets a failing step with continue_on_error end the run completed; its dependents are skipped', async () => {
    const f = flaky(10);
    const r = await new Engine({ agents: new FnAgents([{ id: 'a', caps: { t: f.fn, ok: () => 1 } }]) }).run(
      wf('r', [{ id: 's', task: 't', retry: { attempts: 1 }, continue_on_error: true }, { id: 'dep', task: 'ok', needs: ['s'] }, { id: 'other', task: 'ok' }]),
    );
    expect(r.status).toBe('completed');
    expect(r.steps.s?.status).toBe('failed');
    expect(r.steps.dep?.status).toBe('skipped');
    expect(r.steps.other?.status).toBe('completed');
  });

  it('computes backoff: doubling, capped, jittered within ±50 %', () => {
    const p = resolveRetry({ initial: '1s', max: '5s', jitter: false });
    expect([2, 3, 4, 5, 6].map((n) => backoffDelay(p, n, () => 0))).toEqual([1000, 2000, 4000, 5000, 5000]);
    const j = resolveRetry({ initial: '1s' });
    expect(backoffDelay(j, 2, () => 0)).toBe(500);
    expect(backoffDelay(j, 2, () => 0.999)).toBe(1499);
    expect(backoffDelay(resolveRetry({ backoff: 'fixed', initial: '3s', jitter: false }), 5, () => 0)).toBe(3000);
  });
});

describe('timeouts', () => {
  it('aborts an attempt at its deadline and retries it, on the injected clock', async () => {
    const clock = new ManualClock();
    let calls = 0;
    const aborted: unknown[] = [];
    const hang = (_i: unknown, ctx: { signal: AbortSignal }) =>
      new Promise((resolve, reject) => {
        calls++;
        if (calls === 2) return resolve('second time lucky');
        ctx.signal.addEventListener('abort', () => {
          aborted.push(ctx.signal.reason);
          reject(new Error('aborted'));
        });
      });
    const engine = new Engine({ agents: new FnAgents([{ id: 'a', caps: { t: hang } }]), clock, random: () => 0.5 });
    const h = engine.start(wf('t', [{ id: 's', task: 't', timeout: '30s', retry: { attempts: 2, initial: '1s' } }]));
    await tick();
    clock.advance(29_999);
    await tick();
    expect(aborted).toHaveLength(0);
    clock.advance(1);
    await tick();
    expect(aborted).toHaveLength(1);
    expect(String(aborted[0])).toMatch(/timed out after 30000 ms/);
    clock.advance(1000);
    const r = await h.result;
    expect(r.steps.s).toMatchObject({ status: 'completed', attempt: 2, output: 'second time lucky' });
    expect(clock.pending).toBe(0);
  });

  it('fails with kind timeout when every attempt times out; waiting for an agent counts', async () => {
    const clock = new ManualClock();
    let release!: () => void;
    const agents = new FnAgents([{ id: 'a', concurrency: 1, caps: { hold: () => new Promise<void>((r) => (release = r)), t: () => 1 } }]);
    const engine = new Engine({ agents, clock });
    const h = engine.start(wf('t', [{ id: 'holder', task: 'hold', timeout: '1h' }, { id: 'waiter', task: 't', timeout: '5s', retry: { attempts: 1 } }]));
    await tick();
    clock.advance(5000);
    await tick();
    release();
    const r = await h.result;
    expect(r.steps.waiter).toMatchObject({ status: 'failed', error: { kind: 'timeout' } });
    // The run fails fast: the step still holding the agent is cancelled, not waited for.
    expect(r.steps.holder).toMatchObject({ status: 'cancelled', error: { kind: 'cancelled' } });
    expect(r.status).toBe('failed');
  });
});
