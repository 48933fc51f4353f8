import { describe, expect, it } from 'vitest';
import { ManualClock, memoryLogger, type LogLevel } from '../../../src/core/index.ts';
import { CronScheduler, MemoryTriggerStateStore, seededRandom, type CronFire, type FireResult } from '../../../src/triggers/index.ts';
import { HOUR, MIN, at, iso, workflow } from './helpers.ts';

function harness(start: string, store = new MemoryTriggerStateStore(), onFire?: (f: CronFire) => FireResult | Promise<FireResult>) {
  const clock = new ManualClock(at(start));
  const fires: (CronFire & { at: number })[] = [];
  const logs: { level: LogLevel; msg: string; fields?: Record<string, unknown> }[] = [];
  const sched = new CronScheduler({
    clock,
    store,
    logger: memoryLogger(logs),
    onFire: (f) => {
      fires.push({ ...f, at: clock.now() });
      return onFire?.(f);
    },
  });
  return { clock, fires, sched, store, logs };
}

describe('CronScheduler', () => {
  it('fires a seconds cron on the injected clock with the trigger inputs', async () => {
    const h = harness('2025-01-01T00:00:05Z');
    await h.sched.start([workflow('tick', [{ cron: '*/20 * * * * *', inputs: { who: 'cron' } }])]);
    h.clock.advance(60_000);
    expect(h.fires.map((f) => iso(f.scheduledTime))).toEqual([
      '2025-01-01T00:00:20.000Z',
      '2025-01-01T00:00:40.000Z',
      '2025-01-01T00:01:00.000Z',
    ]);
    expect(h.fires.every((f) => f.at === f.scheduledTime && f.reason === 'schedule')).toBe(true);
    expect(h.fires[0]).toMatchObject({ workflowId: 'tick', triggerKey: 'cron:*/20 * * * * *@UTC', inputs: { who: 'cron' } });
    expect(h.fires[0]!.fireId).toBe(`tick/cron:*/20 * * * * *@UTC/${at('2025-01-01T00:00:20Z')}`);
    const [entry] = h.sched.list();
    expect(entry).toMatchObject({ workflowId: 'tick', paused: false, lastOutcome: 'fired', misfire: 'run-once' });
    expect(iso(entry!.lastFire!)).toBe('2025-01-01T00:01:00.000Z');
    expect(iso(entry!.nextFire!)).toBe('2025-01-01T00:01:20.000Z');
    await h.sched.flush();
    expect(h.store.get('tick')!.triggers['cron:*/20 * * * * *@UTC']!.lastFire).toBe(at('2025-01-01T00:01:00Z'));
  });

  it('keeps one timer for all workflows', async () => {
    const h = harness('2025-01-01T00:00:00Z');
    await h.sched.start([workflow('a', [{ cron: '*/2 * * * *' }]), workflow('b', [{ cron: '*/3 * * * *' }])]);
    expect(h.clock.pending).toBe(1);
    h.clock.advance(6 * MIN);
    expect(h.fires.map((f) => `${f.workflowId}@${new Date(f.scheduledTime).getUTCMinutes()}`)).toEqual(['a@2', 'b@3', 'a@4', 'a@6', 'b@6']);
    expect(h.clock.pending).toBe(1);
  });

  it('daily 02:30 in Europe/Berlin fires once a day across both DST changes', async () => {
    const h = harness('2025-03-28T12:00:00Z');
    await h.sched.start([workflow('nightly', [{ cron: '30 2 * * *', timezone: 'Europe/Berlin' }])]);
    h.clock.advance(4 * 24 * HOUR);
    await h.sched.stop();
    expect(h.fires.map((f) => iso(f.scheduledTime))).toEqual([
      '2025-03-29T01:30:00.000Z',
      '2025-03-30T01:30:00.000Z',
      '2025-03-31T00:30:00.000Z',
      '2025-04-01T00:30:00.000Z',
    ]);
    const autumn = harness('2025-10-25T12:00:00Z');
    await autumn.sched.start([workflow('nightly', [{ cron: '30 2 * * *', timezone: 'Europe/Berlin' }, { cron: '0 * * * *', timezone: 'Europe/Berlin' }])]);
    autumn.clock.advance(24 * HOUR);
    const daily = autumn.fires.filter((f) => f.triggerKey.startsWith('cron:30 2'));
    const hourly = autumn.fires.filter((f) => f.triggerKey.startsWith('cron:0 *'));
    expect(daily.map((f) => iso(f.scheduledTime))).toEqual(['2025-10-26T00:30:00.000Z']);
    expect(hourly).toHaveLength(24);
    expect(hourly.map((f) => iso(f.scheduledTime))).toEqual(expect.arrayContaining(['2025-10-26T00:00:00.000Z', '2025-10-26T01:00:00.000Z'])); // 02:00 CEST and 02:00 CET
  });

  it('jitter delays delivery within bounds, reports the cron time, and is reproducible with a seed', async () => {
    const run = async (seed: number) => {
      const clock = new ManualClock(at('2025-01-01T00:00:00Z'));
      const got: { scheduled: number; at: number }[] = [];
      const s = new CronScheduler({ clock, random: seededRandom(seed), onFire: (f) => void got.push({ scheduled: f.scheduledTime, at: clock.now() }) });
      await s.start([workflow('j', [{ cron: '*/10 * * * *', jitter: '2m' }])]);
      clock.advance(3 * HOUR + 2 * MIN);
      return got;
    };
    const a = await run(7);
    expect(a).toHaveLength(18);
    for (const f of a) {
      expect(f.scheduled % (10 * MIN)).toBe(0);
      expect(f.at - f.scheduled).toBeGreaterThanOrEqual(0);
      expect(f.at - f.scheduled).toBeLessThan(2 * MIN);
    }
    expect(new Set(a.map((f) => f.at - f.scheduled)).size).toBeGreaterThan(5);
    expect(await run(7)).toEqual(a);
    expect(await run(8)).not.toEqual(a);
  });

  it('records the outcome onFire returns, resolves, or an error it throws', async () => {
    let mode: 'skip' | 'async' | 'throw' = 'skip';
    const h = harness('2025-01-01T00:00:00Z', undefined, () => {
      if (mode === 'throw') throw new Error('engine down');
      if (mode === 'async') return Promise.resolve('started' as const);
      return 'skipped';
    });
    await h.sched.start([workflow('o', [{ cron: '* * * * *' }])]);
    h.clock.advance(MIN);
    expect(h.sched.list()[0]!.lastOutcome).toBe('skipped');
    mode = 'async';
    h.clock.advance(MIN);
    await h.sched.flush();
    await h.sched.flush();
    expect(h.sched.list()[0]!.lastOutcome).toBe('started');
    mode = 'throw';
    h.clock.advance(MIN);
    expect(h.sched.list()[0]!.lastOutcome).toBe('error');
    expect(h.logs.some((l) => l.level === 'error' && l.fields?.error === 'engine down')).toBe(true);
    h.sched.recordOutcome('o', h.sched.list()[0]!.triggerKey, 'succeeded');
    expect(h.sched.list()[0]!.lastOutcome).toBe('succeeded');
  });

  it('catches up a late wake-up (suspended machine) by the misfire policy', async () => {
    class LateClock extends ManualClock {
      lateBy = 0;
      override setTimeout(fn: () => void, ms: number) {
        return super.setTimeout(fn, ms + this.lateBy);
      }
    }
    const clock = new LateClock(at('2025-01-01T00:00:00Z'));
    const got: CronFire[] = [];
    const s = new CronScheduler({ clock, onFire: (f) => void got.push(f) });
    clock.lateBy = 10 * MIN; // the timer for 00:01 wakes at 00:11
    await s.start([workflow('late', [{ cron: '* * * * *' }])]);
    clock.advance(11 * MIN);
    expect(got.map((f) => `${iso(f.scheduledTime)} ${f.reason}`)).toEqual([
      '2025-01-01T00:01:00.000Z schedule',
      '2025-01-01T00:11:00.000Z misfire',
    ]);
    expect(iso(s.list()[0]!.nextFire!)).toBe('2025-01-01T00:12:00.000Z');
  });

  it('reports a cron that cannot be scheduled instead of throwing', async () => {
    const h = harness('2025-01-01T00:00:00Z');
    const { replan } = await h.sched.start([workflow('bad', [{ cron: '* * *' }]), workflow('ok', [{ cron: '* * * * *' }])]);
    expect(replan.errors).toEqual([{ workflowId: 'bad', triggerKey: 'cron:* * *@UTC', message: expect.stringMatching(/5 fields/) }]);
    expect(h.sched.list().map((e) => e.workflowId)).toEqual(['ok']);
  });

  it('caps a single timer at 2^31-1 ms and re-arms', async () => {
    const h = harness('2025-01-01T00:00:00Z');
    await h.sched.start([workflow('yearly', [{ cron: '0 0 1 1 *' }])]);
    h.clock.advance(2 ** 31 - 1);
    expect(h.fires).toHaveLength(0);
    expect(h.clock.pending).toBe(1);
    h.clock.set(at('2026-01-01T00:00:00Z'));
    expect(h.fires.map((f) => iso(f.scheduledTime))).toEqual(['2026-01-01T00:00:00.000Z']);
  });
});
