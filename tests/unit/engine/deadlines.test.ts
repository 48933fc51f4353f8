import { describe, expect, it } from 'vitest';
import { ManualClock, type TimerHandle } from '../../../src/core/index.ts';
import { Deadlines } from '../../../src/engine/deadlines.ts';
import { Engine } from '../../../src/engine/index.ts';
import { chain } from './fixtures.ts';
import { FnAgents } from './harness.ts';

const tick = () => new Promise((r) => setImmediate(r));

describe('Deadlines', () => {
  it('fires each deadline at its time, in order, with a single clock timer', () => {
    const clock = new ManualClock();
    const d = new Deadlines(clock);
    const fired: string[] = [];
    const t = (name: string) => ({ fire: () => fired.push(`${name}@${clock.now() - Date.UTC(2026, 0, 1)}`) });
    d.add(300, t('c'));
    d.add(100, t('a'));
    d.add(200, t('b'));
    expect(clock.pending).toBe(1);
    clock.advance(150);
    expect(fired).toEqual(['a@100']);
    clock.advance(1000);
    expect(fired).toEqual(['a@100', 'b@200', 'c@300']);
    expect(clock.pending).toBe(0);
  });

  it('never fires a cancelled deadline and drops its timer once nothing is live', async () => {
    const clock = new ManualClock();
    const d = new Deadlines(clock);
    let fired = 0;
    const a = d.add(100, { fire: () => fired++ });
    const b = d.add(50, { fire: () => fired++ });
    d.cancel(b);
    clock.advance(60);
    expect(fired).toBe(0);
    d.cancel(a);
    await tick();
    expect(d.size).toBe(0);
    expect(clock.pending).toBe(0);
    clock.advance(1000);
    expect(fired).toBe(0);
  });
});

describe('deadlines of a run', () => {
  it('a chain of steps keeps one clock timer from its first step to its last, and drops it after', async () => {
    const clock = new ManualClock();
    let armed = 0;
    const counting = {
      now: () => clock.now(),
      setTimeout: (fn: () => void, ms: number) => {
        armed++;
        return clock.setTimeout(fn, ms);
      },
      clearTimeout: (h: TimerHandle) => clock.clearTimeout(h),
    };
    const agents = new FnAgents([{ id: 'a', concurrency: 10, caps: { noop: () => ({ ok: true }) } }]);
    const engine = new Engine({ agents, clock: counting });
    const r = await engine.run(chain(20));
    expect(r.status).toBe('completed');
    // One deadline per attempt, but the timer is armed for the first and kept while the next
    // step's deadline follows on: 20 steps, one timer (it was one per step).
    expect(armed).toBe(1);
    await tick();
    expect(clock.pending).toBe(0);
  });
});
