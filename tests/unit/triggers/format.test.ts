import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/index.ts';
import { CronScheduler, formatScheduleTable } from '../../../src/triggers/index.ts';
import { MIN, at, workflow } from './helpers.ts';

describe('formatScheduleTable', () => {
  it('lists next and last fires, outcome and pause state from a live scheduler', async () => {
    const clock = new ManualClock(at('2025-07-01T09:58:00Z'));
    const s = new CronScheduler({ clock, onFire: () => 'succeeded' });
    await s.start([workflow('report', [{ cron: '0 10 * * *', timezone: 'Europe/Berlin' }]), workflow('poll', [{ cron: '*/5 * * * *' }]), workflow('quiet', [{ cron: '0 0 * * *' }])]);
    clock.advance(3 * MIN);
    await s.pause('quiet');
    expect(s.pausedWorkflows()).toEqual(['quiet']);
    expect(formatScheduleTable(s.list(), clock.now(), { timeZone: 'Europe/Berlin' })).toBe(
      [
        'WORKFLOW  CRON         ZONE           NEXT (Europe/Berlin)             LAST (Europe/Berlin)  OUTCOME    STATE',
        'poll      */5 * * * *  UTC            2025-07-01 12:05:00 (in 4m0s)    2025-07-01 12:00:00   succeeded  active',
        'report    0 10 * * *   Europe/Berlin  2025-07-02 10:00:00 (in 21h59m)  -                     -          active',
        'quiet     0 0 * * *    UTC            -                                -                     -          paused',
      ].join('\n'),
    );
    await s.stop();
  });

  it('says so when there is nothing scheduled', () => {
    expect(formatScheduleTable([], 0)).toBe('No cron triggers.');
  });
});
