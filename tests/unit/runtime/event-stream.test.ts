import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/index.ts';
import { EventStream, type RuntimeEvent, type RuntimeEventBody } from '../../../src/runtime/index.ts';

const started = (runId: string, workflow = 'wf'): RuntimeEventBody => ({ type: 'run_started', runId, workflow, attempt: 1, total: 1, trigger: 'manual' });
const step = (runId: string, stepId = 's'): RuntimeEventBody => ({ type: 'step_started', runId, stepId, attempt: 1, maxAttempts: 1, agent: 'a' });
const log = (msg: string): RuntimeEventBody => ({ type: 'log', level: 'warn', msg });

function stream(opts: { capacity?: number; mask?: <T>(v: T) => T } = {}) {
  return new EventStream({ clock: new ManualClock(1_000), mask: opts.mask ?? ((v) => v), ...(opts.capacity === undefined ? {} : { capacity: opts.capacity }) });
}

describe('EventStream', () => {
  it('numbers events from 1 without gaps and stamps them with the clock', () => {
    const s = stream();
    expect(s.lastSeq).toBe(0);
    const a = s.publish(log('a'));
    const b = s.publish(log('b'));
    expect([a.seq, b.seq]).toEqual([1, 2]);
    expect(a.at).toBe(1_000);
    expect(s.lastSeq).toBe(2);
  });

  it('gives step events the workflow of their run, and forgets the run once it finished', () => {
    const s = stream();
    s.publish(started('r1', 'build'));
    expect(s.publish(step('r1')).workflow).toBe('build');
    s.publish({ type: 'run_finished', runId: 'r1', result: { id: 'r1', workflow: 'build', status: 'completed', outputs: undefined, steps: {}, waiting: [], attempt: 1, startedAt: 0 } });
    expect(s.publish(step('r1')).workflow).toBeUndefined();
  });

  it('filters by type, workflow and run', () => {
    const s = stream();
    const seen: RuntimeEvent[] = [];
    s.subscribe((e) => seen.push(e), { filter: { types: ['step_started'], workflow: 'b', runId: 'r2' } });
    s.publish(started('r1', 'a'));
    s.publish(started('r2', 'b'));
    s.publish(step('r1'));
    s.publish(step('r2'));
    s.publish(log('x'));
    expect(seen.map((e) => [e.type, 'runId' in e ? e.runId : undefined])).toEqual([['step_started', 'r2']]);
  });

  it('holds nothing while nobody reads it; holding starts with the first subscriber', () => {
    const s = stream();
    s.publish(log('unread'));
    expect(s.since(0)).toEqual([]);
    expect(s.firstSeq).toBe(2);
    s.subscribe(() => undefined);
    s.publish(log('read'));
    expect(s.since(0).map((e) => e.seq)).toEqual([2]);
  });

  it('replays the held events after `after` before live ones: no gap, no repeat', () => {
    const s = stream();
    s.subscribe(() => undefined);
    for (let i = 0; i < 5; i++) s.publish(log(`m${i}`));
    const seen: number[] = [];
    s.subscribe((e) => seen.push(e.seq), { after: 2 });
    s.publish(log('live'));
    expect(seen).toEqual([3, 4, 5, 6]);
  });

  it('holds only `capacity` events: older ones are gone from replay, firstSeq says where it starts', () => {
    const s = stream({ capacity: 3 });
    s.subscribe(() => undefined);
    for (let i = 0; i < 10; i++) s.publish(log(`m${i}`));
    expect(s.firstSeq).toBe(8);
    expect(s.since(0).map((e) => e.seq)).toEqual([8, 9, 10]);
    expect(s.since(8).map((e) => e.seq)).toEqual([9, 10]);
  });

  it('masks each event once, when it is published — every reader sees the masked form', () => {
    let calls = 0;
    const s = stream({
      mask: <T,>(v: T): T => {
        calls++;
        return JSON.parse(JSON.stringify(v).replaceAll('hunter22', '***')) as T;
      },
    });
    const a: RuntimeEvent[] = [];
    const b: RuntimeEvent[] = [];
    s.subscribe((e) => a.push(e));
    s.subscribe((e) => b.push(e));
    s.publish(log('password hunter22'));
    expect(calls).toBe(1);
    expect(a[0]).toMatchObject({ msg: 'password ***' });
    expect(b[0]).toBe(a[0]);
    expect(s.since(0)[0]).toMatchObject({ msg: 'password ***' });
  });

  it('a listener that throws does not stop the others or the publisher', () => {
    const s = stream();
    const seen: number[] = [];
    s.subscribe(() => {
      throw new Error('broken consumer');
    });
    s.subscribe((e) => seen.push(e.seq));
    expect(() => s.publish(log('a'))).not.toThrow();
    s.publish(log('b'));
    expect(seen).toEqual([1, 2]);
  });

  it('unsubscribing stops delivery', () => {
    const s = stream();
    const seen: number[] = [];
    const off = s.subscribe((e) => seen.push(e.seq));
    s.publish(log('a'));
    off();
    s.publish(log('b'));
    expect(seen).toEqual([1]);
  });
});
