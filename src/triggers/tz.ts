import { closest } from 'fastest-levenshtein';

/**
 * Time-zone checks go through Intl first: cron-parser answers a bad zone with the cryptic
 * "CronDate: unhandled timestamp: Invalid Date" (LIBRARY-NOTES §5), so we never hand it one.
 */
export function checkTimeZone(tz: string): string | undefined {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return undefined;
  } catch {
    const known = Intl.supportedValuesOf('timeZone');
    const hint = tz.trim() === '' ? '' : ` (did you mean ${closest(tz, [...known, 'UTC'])}?)`;
    return `unknown time zone "${tz}"${hint}; use an IANA name such as Europe/Berlin or UTC`;
  }
}

/** The canonical spelling of a valid zone (`europe/berlin` → `Europe/Berlin`). */
export function canonicalTimeZone(tz: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone: tz }).resolvedOptions().timeZone;
}

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/** Offset of `tz` from UTC at instant `t`, in milliseconds (Berlin in summer: +7_200_000). */
export function zoneOffset(tz: string, t: number): number {
  let f = offsetFormats.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    offsetFormats.set(tz, f);
  }
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(new Date(t))) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const wall = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return wall - Math.floor(t / 1000) * 1000;
}

/**
 * True when the local wall time of `t` already happened earlier (the second pass through the
 * hour repeated when clocks go back). DST shifts are at most 2 h, so looking 3 h back reaches
 * the offset in force before the change.
 */
export function isRepeatedWallTime(tz: string, t: number): boolean {
  const now = zoneOffset(tz, t);
  const before = zoneOffset(tz, t - 3 * 3_600_000);
  if (before <= now) return false;
  const earlier = t - (before - now);
  return zoneOffset(tz, earlier) === before;
}
