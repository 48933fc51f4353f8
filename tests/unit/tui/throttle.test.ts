import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/index.ts';
import { throttleSource } from '../../../src/tui/throttle.ts';
import { snapshot, TestSource, T0 } from './factories.ts';

function setup() {
  const clock = new ManualClock(T0);
  const upstream = new TestSource(snapshot());
  const throttled = throttleSource(upstream, clock, { intervalMs: 50 });
  let notified = 0;
  const unsubscribe = throttled.subscribe(() => notified++);
  return { clock, upstream, throttled, unsubscribe, count: () => notified };
}

describe('throttleSource', () => {
  it('coalesces 1,000 updates in one burst into a leading and a trailing notification', () => {
    const { clock, upstream, throttled, count } = setup();
    let last = snapshot();
    for (let i = 0; i < 1000; i++) upstream.set((last = snapshot({ takenAt: T0 + i })));
    expect(count()).toBe(1);
    clock.advance(50);
    expect(count()).toBe(2);
    expect(throttled.getSnapshot()).toBe(last);
  });

  it('notifies at most once per 50 ms under a steady 1 ms stream (≤ 20/s)', () => {
    const { clock, upstream, count } = setup();
    for (let i = 0; i < 1000; i++) {
      upstream.set(snapshot({ takenAt: T0 + i }));
      clock.advance(1);
    }
    clock.advance(50);
    expect(count()).toBeLessThanOrEqual(21);
    expect(count()).toBeGreaterThanOrEqual(19);
  });

  it('keeps handing out the notified snapshot until the next notification', () => {
    const { clock, upstream, throttled } = setup();
    upstream.set(snapshot({ takenAt: 1 }));
    const shown = throttled.getSnapshot();
    upstream.set(snapshot({ takenAt: 2 }));
    expect(throttled.getSnapshot()).toBe(shown);
    clock.advance(50);
    expect(throttled.getSnapshot().takenAt).toBe(2);
  });

  it('does not notify when the upstream object did not change', () => {
    const { clock, upstream, count } = setup();
    const same = upstream.getSnapshot();
    upstream.set(same);
    clock.advance(100);
    expect(count()).toBe(0);
  });

  it('lets go of the upstream and pending timers when the last listener leaves', () => {
    const { clock, upstream, unsubscribe, count } = setup();
    upstream.set(snapshot({ takenAt: 1 }));
    upstream.set(snapshot({ takenAt: 2 }));
    unsubscribe();
    expect(upstream.subscribers).toBe(0);
    expect(clock.pending).toBe(0);
    clock.advance(100);
    expect(count()).toBe(1);
  });

  it('stretches the interval to keep drawing within its budget, after the warm-up frames', () => {
    const clock = new ManualClock(T0);
    const upstream = new TestSource(snapshot());
    const throttled = throttleSource(upstream, clock, { intervalMs: 50, budget: { share: 0.2, measure: () => 0, maxIntervalMs: 500 } });
    let notified = 0;
    throttled.subscribe(() => notified++);
    for (let i = 0; i < 5; i++) throttled.reportFrameCost(400);
    expect(throttled.intervalMs).toBe(50); // warm-up frames do not count
    throttled.reportFrameCost(40);
    expect(throttled.intervalMs).toBe(200); // 40 ms a frame at 20 % of a core: one frame per 200 ms
    for (let i = 0; i < 1000; i++) {
      upstream.set(snapshot({ takenAt: T0 + i }));
      clock.advance(1);
    }
    expect(notified).toBeLessThanOrEqual(6);
    for (let i = 0; i < 50; i++) throttled.reportFrameCost(1000);
    expect(throttled.intervalMs).toBe(500); // capped: a slow machine still sees two frames a second
    for (let i = 0; i < 50; i++) throttled.reportFrameCost(1);
    expect(throttled.intervalMs).toBe(50); // cheap frames bring back 20 per second
  });

  it('ignores frame costs without a budget', () => {
    const { throttled } = setup();
    for (let i = 0; i < 10; i++) throttled.reportFrameCost(1000);
    expect(throttled.intervalMs).toBe(50);
  });
});
