import { CronExpressionParser } from 'cron-parser';
import { meanSuffix } from '../../schema/index.ts';
import { checked, type Rule } from './base.ts';

let zones: string[] | undefined;
function knownZones(): string[] {
  zones ??= [...Intl.supportedValuesOf('timeZone'), 'UTC'];
  return zones;
}

const zoneCache = new Map<string, boolean>();
/** Building an Intl formatter costs ~0.1 ms: answers are cached (a project names few zones). */
export function isTimeZone(tz: string): boolean {
  let ok = zoneCache.get(tz);
  if (ok === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      ok = true;
    } catch {
      ok = false;
    }
    if (zoneCache.size < 1000) zoneCache.set(tz, ok);
  }
  return ok;
}

const cronCache = new Map<string, string | undefined>();

/** The problem with a cron expression, or undefined. 5 fields, or 6 with seconds first; @aliases. */
export function cronProblem(expr: string, seed: string): string | undefined {
  // H fields depend on the seed; everything else is cached by expression.
  const key = /H/.test(expr) ? `${expr}\0${seed}` : expr;
  if (cronCache.has(key)) return cronCache.get(key);
  const problem = cronProblemUncached(expr, seed);
  if (cronCache.size < 5000) cronCache.set(key, problem);
  return problem;
}

function cronProblemUncached(expr: string, seed: string): string | undefined {
  const text = expr.trim();
  if (!text.startsWith('@')) {
    const n = text.split(/\s+/).filter(Boolean).length;
    if (n !== 5 && n !== 6) return `cron needs 5 fields (minute hour day-of-month month day-of-week), or 6 with seconds first; got ${n}`;
  }
  try {
    CronExpressionParser.parse(text, { tz: 'UTC', hashSeed: seed });
    return undefined;
  } catch (err) {
    return `invalid cron \`${expr}\`: ${(err as Error).message}`;
  }
}

/** AMAS502/503: cron expressions parse, and time zones are IANA names. */
export const cron: Rule = {
  name: 'cron',
  codes: ['AMAS502', 'AMAS503'],
  check(ctx) {
    for (const wf of checked(ctx.workflows)) {
      (wf.spec.on ?? []).forEach((t, i) => {
        if (typeof t.cron === 'string') {
          const problem = cronProblem(t.cron, wf.spec.id);
          if (problem) ctx.at(wf.file, ['on', i, 'cron'], 'AMAS502', problem, { hint: 'e.g. "0 9 * * MON" (09:00 every Monday) or "*/15 * * * *"' });
        }
        const raw = t.timezone;
        if (typeof raw === 'string' && !isTimeZone(raw)) {
          ctx.at(wf.file, ['on', i, 'timezone'], 'AMAS503', `unknown time zone \`${raw}\`${meanSuffix(raw, knownZones())}`, { hint: 'use an IANA name such as Europe/Berlin or UTC' });
        }
      });
    }
  },
};
