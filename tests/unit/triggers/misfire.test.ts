import { describe, expect, it } from 'vitest';
import { parseCron, planMisfire } from '../../../src/triggers/index.ts';

const at = (s: string) => Date.parse(s);
const iso = (t: number) => new Date(t).toISOString();
const H = 3_600_000;

describe('planMisfire after a 12-hour outage of a minutely cron', () => {
  const cron = parseCron('* * * * *');
  const lastFire = at('2025-06-01T00:00:00Z');
  const now = lastFire + 12 * H + 30_000; // 720 fires missed, back 30 s into a minute

  it('run-once (the default) runs once, the latest missed fire, not 720 times', () => {
    const plan = planMisfire(cron, { lastFire, now });
    expect(plan.run.map(iso)).toEqual(['2025-06-01T12:00:00.000Z']);
    // Counting stops at 100 for policies that do not run every miss.
    expect(plan.missed).toBe(100);
    expect(plan.truncated).toBe(true);
    expect(planMisfire(cron, { lastFire, now: lastFire + 30 * 60_000 })).toMatchObject({ missed: 30, truncated: false });
    expect(iso(plan.next)).toBe('2025-06-01T12:01:00.000Z');
  });

  it('skip runs nothing and schedules the next regular fire', () => {
    const plan = planMisfire(cron, { policy: 'skip', lastFire, now });
    expect(plan.run).toEqual([]);
    expect(plan.missed).toBe(100);
    expect(iso(plan.next)).toBe('2025-06-01T12:01:00.000Z');
  });

  it('run-all runs every fire within grace, oldest first', () => {
    const plan = planMisfire(cron, { policy: 'run-all', lastFire, now, graceMs: 10 * 60_000 });
    expect(plan.run.map(iso)).toEqual([
      '2025-06-01T11:51:00.000Z', '2025-06-01T11:52:00.000Z', '2025-06-01T11:53:00.000Z', '2025-06-01T11:54:00.000Z',
      '2025-06-01T11:55:00.000Z', '2025-06-01T11:56:00.000Z', '2025-06-01T11:57:00.000Z', '2025-06-01T11:58:00.000Z',
      '2025-06-01T11:59:00.000Z', '2025-06-01T12:00:00.000Z',
    ]);
    expect(plan.expired).toBe(true);
  });

  it('run-all without grace is capped', () => {
    const plan = planMisfire(cron, { policy: 'run-all', lastFire, now, cap: 100 });
    expect(plan.run).toHaveLength(100);
    expect(iso(plan.run[0]!)).toBe('2025-06-01T00:01:00.000Z');
    expect(plan.truncated).toBe(true);
  });

  it('run-once still finds the latest fire when the enumeration is capped', () => {
    const secondly = parseCron('* * * * * *');
    const plan = planMisfire(secondly, { lastFire, now, cap: 1000 });
    expect(plan.truncated).toBe(true);
    expect(plan.run.map(iso)).toEqual(['2025-06-01T12:00:30.000Z']);
  });
});

describe('grace window', () => {
  const daily = parseCron('0 6 * * *', 'Europe/Berlin');
  const lastFire = at('2025-06-01T04:00:00Z'); // 06:00 CEST

  it('excludes fires older than grace', () => {
    const now = at('2025-06-02T09:00:00Z'); // 5 h after the 06:00 CEST fire
    const plan = planMisfire(daily, { lastFire, now, graceMs: 1 * H });
    expect(plan.run).toEqual([]);
    expect(plan.missed).toBe(0);
    expect(plan.expired).toBe(true);
    expect(iso(plan.next)).toBe('2025-06-03T04:00:00.000Z');
  });

  it('keeps a fire exactly at the edge of grace', () => {
    const now = at('2025-06-02T05:00:00Z');
    expect(planMisfire(daily, { lastFire, now, graceMs: 1 * H }).run.map(iso)).toEqual(['2025-06-02T04:00:00.000Z']);
  });

  it('nothing missed when the last fire is the latest', () => {
    const plan = planMisfire(daily, { lastFire, now: at('2025-06-01T20:00:00Z') });
    expect(plan).toMatchObject({ run: [], missed: 0, expired: false });
  });
});
