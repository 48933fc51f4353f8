import { describe, expect, it } from 'vitest';
import { ManualClock, type TriggerSpec } from '../../../src/core/index.ts';
import { CronScheduler, MemoryTriggerStateStore, type CronFire } from '../../../src/triggers/index.ts';
import { HOUR, MIN, at, iso, workflow } from './helpers.ts';

/** One "process": a scheduler on a shared clock and store, recording what it delivered. */
function boot(clock: ManualClock, store: MemoryTriggerStateStore) {
  const fires: CronFire[] = [];
  const sched = new CronScheduler({ clock, store, onFire: (f) => void fires.push(f) });
  return { sched, fires };
}

/** Runs a minutely cron for 5 minutes, stops for 12 hours, and starts a new scheduler. */
async function outage(trigger: Omit<TriggerSpec, 'cron'>) {
  const clock = new ManualClock(at('2025-06-01T00:00:00Z'));
  const store = new MemoryTriggerStateStore();
  const specs = [workflow('minutely', [{ cron: '* * * * *', ...trigger }])];
  const first = boot(clock, store);
  await first.sched.start(specs);
  clock.advance(5 * MIN + 30_000);
  await first.sched.stop();
  await first.sched.flush();
  expect(first.fires).toHaveLength(5);
  clock.advance(12 * HOUR); // down: 00:05:30 → 12:05:30, 720 fires missed
  const second = boot(clock, store);
  const { catchUp } = await second.sched.start(specs);
  const atStart = second.fires.map((f) => `${iso(f.scheduledTime)} ${f.reason}`);
  clock.advance(MIN);
  return { atStart, catchUp, second };
}

describe('misfire after a simulated 12-hour outage', () => {
  it('run-once (default) fires once for the latest missed minute, then resumes the schedule', async () => {
    const { atStart, catchUp, second } = await outage({});
    expect(atStart).toEqual(['2025-06-01T12:05:00.000Z misfire']);
    expect(catchUp).toEqual([{ workflowId: 'minutely', triggerKey: 'cron:* * * * *@UTC', missed: 100, ran: 1, expired: false, truncated: true }]);
    expect(second.fires.map((f) => iso(f.scheduledTime))).toEqual(['2025-06-01T12:05:00.000Z', '2025-06-01T12:06:00.000Z']);
  });

  it('skip fires none of them', async () => {
    const { atStart, second } = await outage({ misfire: 'skip' });
    expect(atStart).toEqual([]);
    expect(second.fires.map((f) => `${iso(f.scheduledTime)} ${f.reason}`)).toEqual(['2025-06-01T12:06:00.000Z schedule']);
  });

  it('run-all fires every miss within grace, in order', async () => {
    const { atStart, catchUp } = await outage({ misfire: 'run-all', grace: '5m' });
    expect(atStart).toEqual([
      '2025-06-01T12:01:00.000Z misfire',
      '2025-06-01T12:02:00.000Z misfire',
      '2025-06-01T12:03:00.000Z misfire',
      '2025-06-01T12:04:00.000Z misfire',
      '2025-06-01T12:05:00.000Z misfire',
    ]);
    expect(catchUp[0]).toMatchObject({ missed: 5, ran: 5, expired: true });
  });

  it('run-all without grace stops at the cap', async () => {
    const { atStart, catchUp } = await outage({ misfire: 'run-all' });
    expect(atStart).toHaveLength(720);
    expect(catchUp[0]).toMatchObject({ ran: 720, truncated: false });
    const clock = new ManualClock(at('2025-06-01T00:00:00Z'));
    const store = new MemoryTriggerStateStore([
      { workflowId: 'w', paused: false, updatedAt: 0, triggers: { 'cron:* * * * *@UTC': { since: 0, lastFire: at('2025-06-01T00:00:00Z') } } },
    ]);
    clock.advance(48 * HOUR);
    const fires: CronFire[] = [];
    const s = new CronScheduler({ clock, store, misfireCap: 1000, onFire: (f) => void fires.push(f) });
    const r = await s.start([workflow('w', [{ cron: '* * * * *', misfire: 'run-all' }])]);
    expect(fires).toHaveLength(1000);
    expect(r.catchUp[0]).toMatchObject({ ran: 1000, truncated: true });
  });

  it('run-once with a grace window drops a miss older than grace', async () => {
    const clock = new ManualClock(at('2025-06-01T05:00:00Z'));
    const store = new MemoryTriggerStateStore();
    const specs = [workflow('daily', [{ cron: '0 6 * * *', grace: '1h' }])];
    const a = boot(clock, store);
    await a.sched.start(specs);
    clock.advance(2 * HOUR); // fires 06:00
    await a.sched.stop();
    clock.set(at('2025-06-02T09:00:00Z')); // missed 06:00 on the 2nd, 3 h ago
    const b = boot(clock, store);
    const { catchUp } = await b.sched.start(specs);
    expect(b.fires).toEqual([]);
    expect(catchUp).toEqual([{ workflowId: 'daily', triggerKey: 'cron:0 6 * * *@UTC', missed: 0, ran: 0, expired: true, truncated: false }]);
    expect(iso(b.sched.list()[0]!.nextFire!)).toBe('2025-06-03T06:00:00.000Z');
  });

  it('a trigger first seen before the outage catches up even if it never fired', async () => {
    const clock = new ManualClock(at('2025-06-01T05:00:00Z'));
    const store = new MemoryTriggerStateStore();
    const specs = [workflow('daily', [{ cron: '0 6 * * *' }])];
    const a = boot(clock, store);
    await a.sched.start(specs);
    await a.sched.stop();
    clock.set(at('2025-06-01T07:00:00Z'));
    const b = boot(clock, store);
    await b.sched.start(specs);
    expect(b.fires.map((f) => `${iso(f.scheduledTime)} ${f.reason}`)).toEqual(['2025-06-01T06:00:00.000Z misfire']);
  });
});

describe('pause, resume and re-planning', () => {
  it('pause stops fires, persists across a restart, and resume does not catch up the paused time', async () => {
    const clock = new ManualClock(at('2025-01-01T00:00:00Z'));
    const store = new MemoryTriggerStateStore();
    const specs = [workflow('p', [{ cron: '* * * * *' }]), workflow('q', [{ event: 'data_update' }])];
    const a = boot(clock, store);
    await a.sched.start(specs);
    clock.advance(2 * MIN);
    await a.sched.pause('p');
    await a.sched.pause('q');
    expect(a.sched.list()[0]).toMatchObject({ paused: true });
    expect(a.sched.list()[0]!.nextFire).toBeUndefined();
    clock.advance(10 * MIN);
    expect(a.fires).toHaveLength(2);
    await a.sched.stop();
    expect(store.get('p')!.paused).toBe(true);
    expect(store.get('q')!.paused).toBe(true);

    clock.advance(HOUR);
    const b = boot(clock, store);
    await b.sched.start(specs);
    expect(b.sched.isPaused('p')).toBe(true);
    expect(b.sched.isPaused('q')).toBe(true);
    clock.advance(5 * MIN);
    expect(b.fires).toEqual([]);
    await b.sched.resume('p');
    expect(b.fires).toEqual([]); // no catch-up of the paused hour
    clock.advance(MIN);
    expect(b.fires.map((f) => iso(f.scheduledTime))).toEqual(['2025-01-01T01:18:00.000Z']);
    await b.sched.stop();
    // A restart after resuming must not catch up the pause either.
    clock.advance(30_000);
    const c = boot(clock, store);
    await c.sched.start(specs);
    expect(c.fires).toEqual([]);
  });

  it('setWorkflows re-plans added, changed and removed workflows and keeps pause state', async () => {
    const clock = new ManualClock(at('2025-01-01T00:00:00Z'));
    const store = new MemoryTriggerStateStore();
    const s = boot(clock, store);
    await s.sched.start([workflow('a', [{ cron: '*/5 * * * *' }]), workflow('b', [{ cron: '0 * * * *' }]), workflow('gone', [{ cron: '* * * * *' }])]);
    await s.sched.pause('b');
    clock.advance(5 * MIN);
    const r = s.sched.setWorkflows([
      workflow('a', [{ cron: '*/5 * * * *', inputs: { v: 2 } }]), // same schedule, new inputs
      workflow('b', [{ cron: '*/10 * * * *' }]), // changed schedule, still paused
      workflow('new', [{ cron: '*/15 * * * *' }]),
    ]);
    expect(r).toEqual({ added: ['new'], changed: ['b'], removed: ['gone'], errors: [] });
    expect(s.sched.isPaused('b')).toBe(true);
    s.fires.length = 0;
    clock.advance(15 * MIN);
    expect(s.fires.map((f) => `${f.workflowId}@${new Date(f.scheduledTime).getUTCMinutes()}`)).toEqual(['a@10', 'a@15', 'new@15', 'a@20']);
    expect(s.fires[0]!.inputs).toEqual({ v: 2 });
    await s.sched.resume('b');
    clock.advance(10 * MIN);
    expect(s.fires.filter((f) => f.workflowId === 'b').map((f) => new Date(f.scheduledTime).getUTCMinutes())).toEqual([30]);
    await s.sched.flush();
    expect(Object.keys(store.get('b')!.triggers)).toEqual(['cron:*/10 * * * *@UTC']);
    expect(store.get('gone')!.triggers).toEqual({});
    await expect(s.sched.pause('gone')).rejects.toThrow(/no workflow "gone"/);
  });

  it('pause survives a workflow being removed and added back', async () => {
    const clock = new ManualClock(at('2025-01-01T00:00:00Z'));
    const s = boot(clock, new MemoryTriggerStateStore());
    const w = workflow('w', [{ cron: '* * * * *' }]);
    await s.sched.start([w]);
    await s.sched.pause('w');
    s.sched.setWorkflows([]);
    s.sched.setWorkflows([w]);
    clock.advance(5 * MIN);
    expect(s.fires).toEqual([]);
    expect(s.sched.isPaused('w')).toBe(true);
  });
});
