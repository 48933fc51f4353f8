import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/index.ts';
import { Deadlines } from '../../../src/engine/deadlines.ts';

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
