import { CronExpressionParser, type CronExpression } from 'cron-parser';
import { AmasError, errorMessage } from '../core/index.ts';
import { canonicalTimeZone, checkTimeZone, isRepeatedWallTime } from './tz.ts';

const ALIASES = new Set([
  '@yearly', '@annually', '@monthly', '@weekly', '@daily', '@hourly',
  '@minutely', '@secondly', '@weekdays', '@weekends',
]);
/** `H` as a whole token of a field: `H`, `H/5`, `H(0-29)`; not the H inside `THU`. */
const HASH_TOKEN = /(^|,)H(?=$|[/(,])/;

export interface CronOptions {
  /** Seed for `H` fields (amas passes the workflow id); without one, `H` is rejected. */
  seed?: string;
}

/** A validated cron expression in one time zone; every query takes the instant to start from. */
export class CronSchedule {
  readonly expr: string;
  readonly tz: string;
  private readonly seed: string | undefined;
  /** Whether the expression names particular hours (then a repeated local hour fires once). */
  private readonly allHours: boolean;

  /** Use parseCron(); this constructor trusts its arguments. */
  constructor(expr: string, tz: string, seed: string | undefined, probe: CronExpression) {
    this.expr = expr;
    this.tz = tz;
    this.seed = seed;
    this.allHours = probe.fields.hour.values.length === 24;
  }

  private iterator(after: number, until?: number): CronExpression {
    return CronExpressionParser.parse(this.expr, {
      currentDate: new Date(after),
      ...(until === undefined ? {} : { endDate: new Date(until) }),
      tz: this.tz,
      ...(this.seed === undefined ? {} : { hashSeed: this.seed }),
    });
  }

  /**
   * On the autumn DST change a local time happens twice. A schedule that names its hours
   * (`30 2 * * *`) fires at the first pass only; cron-parser returns the second pass when it
   * starts from inside the repeated hour, so such instants are dropped here. Hourly-style
   * schedules (every hour allowed) fire on both passes, as wall-clock cron does.
   */
  private accept(t: number): boolean {
    return this.allHours || !isRepeatedWallTime(this.tz, t);
  }

  /** The first fire strictly after `after` (ms since epoch). */
  nextFire(after: number): number {
    const it = this.iterator(after);
    for (;;) {
      const t = it.next().getTime();
      if (this.accept(t)) return t;
    }
  }

  /**
   * Fires in (after, until], in order, iterating forward only (prev() is wrong across DST,
   * LIBRARY-NOTES §5). Stops after `cap` fires; `truncated` says more were left.
   */
  firesBetween(after: number, until: number, cap = 1000): { fires: number[]; truncated: boolean } {
    const fires: number[] = [];
    if (until <= after) return { fires, truncated: false };
    const it = this.iterator(after, until);
    while (it.hasNext()) {
      const t = it.next().getTime();
      if (!this.accept(t)) continue;
      if (fires.length >= cap) return { fires, truncated: true };
      fires.push(t);
    }
    return { fires, truncated: false };
  }

  /**
   * The latest fire in (after, until], found without prev(): forward scans over windows that
   * double back from `until`, so the cost stays small however long the gap is.
   */
  latestFire(after: number, until: number): number | undefined {
    if (until <= after) return undefined;
    for (let w = 1000; ; w *= 2) {
      const from = Math.max(after, until - w);
      const { fires, truncated } = this.firesBetween(from, until, 10_000);
      if (fires.length > 0 && !truncated) return fires[fires.length - 1];
      if (truncated) return this.latestFire(fires[fires.length - 1]!, until);
      if (from === after) return undefined;
    }
  }
}

function fieldCountProblem(expr: string): string | undefined {
  if (expr.startsWith('@')) {
    if (expr === '@reboot') return '@reboot is not supported (amas has no boot event); use a manual or event trigger';
    if (!ALIASES.has(expr)) return `unknown cron alias ${expr} (known: ${[...ALIASES].join(', ')})`;
    return undefined;
  }
  const n = expr.split(/\s+/).filter(Boolean).length;
  if (n !== 5 && n !== 6) return `cron needs 5 fields (minute hour day month weekday) or 6 with seconds first, got ${n}`;
  return undefined;
}

function build(expr: string, tz: string, opts: CronOptions): CronSchedule | string {
  const e = expr.trim();
  const shape = fieldCountProblem(e);
  if (shape) return `invalid cron "${expr}": ${shape}`;
  const tzProblem = checkTimeZone(tz);
  if (tzProblem) return tzProblem;
  if (opts.seed === undefined && e.split(/\s+/).some((f) => HASH_TOKEN.test(f))) {
    return `invalid cron "${expr}": H (hashed value) needs a seed, and none was given`;
  }
  const zone = canonicalTimeZone(tz);
  try {
    const probe = CronExpressionParser.parse(e, {
      currentDate: new Date(0),
      tz: zone,
      ...(opts.seed === undefined ? {} : { hashSeed: opts.seed }),
    });
    // Surfaces "loop limit exceeded" for expressions that never fire (e.g. 30 February).
    probe.next();
    return new CronSchedule(e, zone, opts.seed, probe);
  } catch (err) {
    return `invalid cron "${expr}": ${errorMessage(err)}`;
  }
}

/** The problem with a cron expression and zone, or undefined when it is usable (for diagnostics). */
export function checkCron(expr: string, tz = 'UTC', opts: CronOptions = {}): string | undefined {
  const r = build(expr, tz, opts);
  return typeof r === 'string' ? r : undefined;
}

/** Parses a 5- or 6-field cron (or an @alias) in an IANA zone; throws AmasError `cron_invalid`. */
export function parseCron(expr: string, tz = 'UTC', opts: CronOptions = {}): CronSchedule {
  const r = build(expr, tz, opts);
  if (typeof r === 'string') {
    throw new AmasError('cron_invalid', r, { hint: 'cron: "*/5 * * * *" (minute hour day month weekday), seconds optional first', exitCode: 2 });
  }
  return r;
}
