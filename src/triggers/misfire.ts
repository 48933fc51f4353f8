import { assertNever } from '../core/index.ts';
import type { CronSchedule } from './cron.ts';

export type MisfirePolicy = 'skip' | 'run-once' | 'run-all';

export interface MisfirePlan {
  /** Scheduled times to run now, oldest first (empty for skip, at most one for run-once). */
  run: number[];
  /** Fires missed within the grace window: exact up to the cap (100 unless run-all), else a lower bound. */
  missed: number;
  /** True when more missed fires existed than the cap allowed to enumerate. */
  truncated: boolean;
  /** Whether fires older than the grace window were passed over. */
  expired: boolean;
  /** The next regular fire, strictly after `now`. */
  next: number;
}

export interface MisfireInput {
  policy?: MisfirePolicy;
  /** Scheduled time (not wall time) of the last fire that was delivered, or the time scheduling began. */
  lastFire: number;
  now: number;
  /** How late a missed fire may still run, in ms; undefined = no limit. */
  graceMs?: number;
  /** Most fires enumerated (and most run by run-all). */
  cap?: number;
}

export const MISFIRE_CAP = 1000;
/** How many misses skip and run-once count before reporting "at least" (`truncated`). */
const COUNT_CAP = 100;

/**
 * Decides what to do about fires scheduled in (lastFire, now] that were never delivered.
 * Only forward iteration is used; fires older than `now - grace` are out of the window, and
 * the default run-once coalesces any number of misses into one run of the latest.
 */
export function planMisfire(schedule: CronSchedule, input: MisfireInput): MisfirePlan {
  const { now, lastFire } = input;
  const policy = input.policy ?? 'run-once';
  const cap = input.cap ?? MISFIRE_CAP;
  const windowStart = input.graceMs === undefined ? lastFire : Math.max(lastFire, now - input.graceMs - 1);
  const next = schedule.nextFire(now);
  const expired = windowStart > lastFire && schedule.firesBetween(lastFire, windowStart, 1).fires.length > 0;
  // Only run-all needs every fire; the others enumerate just enough to report a count.
  const { fires, truncated } = schedule.firesBetween(windowStart, now, policy === 'run-all' ? cap : Math.min(cap, COUNT_CAP));
  const base = { missed: fires.length, truncated, expired, next };
  switch (policy) {
    case 'skip':
      return { run: [], ...base };
    case 'run-once': {
      if (fires.length === 0) return { run: [], ...base };
      const latest = truncated ? schedule.latestFire(fires[fires.length - 1]!, now) : fires[fires.length - 1];
      return { run: latest === undefined ? [] : [latest], ...base };
    }
    case 'run-all':
      return { run: fires, ...base };
    default:
      return assertNever(policy, 'misfire policy');
  }
}
