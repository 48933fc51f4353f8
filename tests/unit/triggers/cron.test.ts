import { describe, expect, it } from 'vitest';
import { checkCron, parseCron } from '../../../src/triggers/index.ts';

const iso = (t: number) => new Date(t).toISOString();
const at = (s: string) => Date.parse(s);
function fires(expr: string, tz: string, from: string, n: number): string[] {
  const c = parseCron(expr, tz);
  const out: string[] = [];
  let t = at(from);
  for (let i = 0; i < n; i++) out.push(iso((t = c.nextFire(t))));
  return out;
}

describe('parseCron / checkCron', () => {
  it('accepts 5 fields and 6 with seconds first', () => {
    expect(fires('*/20 * * * * *', 'UTC', '2025-01-01T00:00:00Z', 4)).toEqual([
      '2025-01-01T00:00:20.000Z',
      '2025-01-01T00:00:40.000Z',
      '2025-01-01T00:01:00.000Z',
      '2025-01-01T00:01:20.000Z',
    ]);
    expect(fires('0 */6 * * *', 'UTC', '2025-01-01T00:00:00Z', 2)).toEqual(['2025-01-01T06:00:00.000Z', '2025-01-01T12:00:00.000Z']);
  });

  it('nextFire is strictly after the given instant, also mid-second', () => {
    const c = parseCron('0 * * * *');
    expect(iso(c.nextFire(at('2025-01-01T10:00:00Z')))).toBe('2025-01-01T11:00:00.000Z');
    const s = parseCron('* * * * * *');
    expect(iso(s.nextFire(at('2025-01-01T10:00:00.500Z')))).toBe('2025-01-01T10:00:01.000Z');
  });

  it('rejects the wrong number of fields that cron-parser would read as every minute', () => {
    expect(checkCron('')).toMatch(/5 fields .* got 0/);
    expect(checkCron('* * *')).toMatch(/got 3/);
    expect(checkCron('* * * * * * *')).toMatch(/got 7/);
    expect(() => parseCron('* * *')).toThrow(/cron needs 5 fields/);
  });

  it('explains out-of-range values, impossible dates, @reboot and unknown aliases', () => {
    expect(checkCron('61 * * * *')).toMatch(/invalid cron "61 \* \* \* \*".*61/);
    expect(checkCron('0 0 30 2 *')).toMatch(/invalid cron/);
    expect(checkCron('@reboot')).toMatch(/@reboot is not supported/);
    expect(checkCron('@fortnightly')).toMatch(/unknown cron alias/);
    expect(checkCron('@daily', 'Europe/Berlin')).toBeUndefined();
  });

  it('validates the time zone through Intl with a suggestion', () => {
    expect(checkCron('0 * * * *', 'Europe/Berln')).toBe(
      'unknown time zone "Europe/Berln" (did you mean Europe/Berlin?); use an IANA name such as Europe/Berlin or UTC',
    );
    expect(checkCron('0 * * * *', 'Mars/Olympus')).toMatch(/unknown time zone "Mars\/Olympus"/);
    expect(parseCron('0 * * * *', 'europe/berlin').tz).toBe('Europe/Berlin');
  });

  it('rejects H without a seed and makes it stable with one', () => {
    expect(checkCron('H * * * *')).toMatch(/H \(hashed value\) needs a seed/);
    expect(checkCron('0 0 * * THU')).toBeUndefined();
    const a = parseCron('H * * * *', 'UTC', { seed: 'wf-a' });
    const b = parseCron('H * * * *', 'UTC', { seed: 'wf-a' });
    const from = at('2025-01-01T00:00:00Z');
    expect(a.nextFire(from)).toBe(b.nextFire(from));
    const mins = new Set(['wf-a', 'wf-b', 'wf-c', 'wf-d', 'wf-e'].map((s) => new Date(parseCron('H * * * *', 'UTC', { seed: s }).nextFire(from)).getUTCMinutes()));
    expect(mins.size).toBeGreaterThan(1);
  });
});

describe('DST', () => {
  it('Europe/Berlin spring forward: a nonexistent 02:30 fires once, at 03:30 CEST', () => {
    expect(fires('30 2 * * *', 'Europe/Berlin', '2025-03-29T00:00:00Z', 3)).toEqual([
      '2025-03-29T01:30:00.000Z', // 02:30 CET
      '2025-03-30T01:30:00.000Z', // 03:30 CEST (02:30 does not exist)
      '2025-03-31T00:30:00.000Z', // 02:30 CEST
    ]);
  });

  it('Europe/Berlin fall back: a daily 02:30 fires once, whatever instant we start from', () => {
    expect(fires('30 2 * * *', 'Europe/Berlin', '2025-10-25T00:00:00Z', 3)).toEqual([
      '2025-10-25T00:30:00.000Z',
      '2025-10-26T00:30:00.000Z', // first 02:30 (CEST)
      '2025-10-27T01:30:00.000Z',
    ]);
    // Starting inside the repeated hour (02:15 CET, after the first 02:30 already passed).
    expect(fires('30 2 * * *', 'Europe/Berlin', '2025-10-26T01:15:00Z', 1)).toEqual(['2025-10-27T01:30:00.000Z']);
    const c = parseCron('*/30 2 * * *', 'Europe/Berlin');
    expect(c.firesBetween(at('2025-10-25T23:00:00Z'), at('2025-10-26T03:00:00Z')).fires.map(iso)).toEqual([
      '2025-10-26T00:00:00.000Z',
      '2025-10-26T00:30:00.000Z',
    ]);
  });

  it('Europe/Berlin fall back: hourly fires on both 02:00s; spring forward skips the missing hour', () => {
    expect(fires('0 * * * *', 'Europe/Berlin', '2025-10-25T23:00:00Z', 3)).toEqual([
      '2025-10-26T00:00:00.000Z', // 02:00 CEST
      '2025-10-26T01:00:00.000Z', // 02:00 CET
      '2025-10-26T02:00:00.000Z', // 03:00 CET
    ]);
    expect(fires('0 * * * *', 'Europe/Berlin', '2025-03-29T23:30:00Z', 2)).toEqual([
      '2025-03-30T00:00:00.000Z', // 01:00 CET
      '2025-03-30T01:00:00.000Z', // 03:00 CEST
    ]);
  });

  it('America/New_York spring forward and fall back', () => {
    expect(fires('30 2 * * *', 'America/New_York', '2025-03-08T12:00:00Z', 2)).toEqual([
      '2025-03-09T07:30:00.000Z', // 03:30 EDT
      '2025-03-10T06:30:00.000Z',
    ]);
    expect(fires('30 1 * * *', 'America/New_York', '2025-11-01T12:00:00Z', 2)).toEqual([
      '2025-11-02T05:30:00.000Z', // first 01:30 (EDT)
      '2025-11-03T06:30:00.000Z',
    ]);
    expect(fires('30 1 * * *', 'America/New_York', '2025-11-02T06:00:00Z', 1)).toEqual(['2025-11-03T06:30:00.000Z']);
    expect(fires('0 * * * *', 'America/New_York', '2025-11-02T04:30:00Z', 3)).toEqual([
      '2025-11-02T05:00:00.000Z', // 01:00 EDT
      '2025-11-02T06:00:00.000Z', // 01:00 EST
      '2025-11-02T07:00:00.000Z',
    ]);
  });

  it('seconds fields across a DST change keep counting in real time', () => {
    const c = parseCron('*/20 * * * * *', 'Europe/Berlin');
    const { fires: f } = c.firesBetween(at('2025-03-30T00:59:30Z'), at('2025-03-30T01:00:30Z'));
    expect(f.map(iso)).toEqual(['2025-03-30T00:59:40.000Z', '2025-03-30T01:00:00.000Z', '2025-03-30T01:00:20.000Z']);
  });
});

describe('firesBetween / latestFire', () => {
  it('enumerates forward within (after, until] and caps', () => {
    const c = parseCron('0 */6 * * *');
    expect(c.firesBetween(at('2025-01-01T00:00:00Z'), at('2025-01-02T07:00:00Z')).fires.map(iso)).toEqual([
      '2025-01-01T06:00:00.000Z',
      '2025-01-01T12:00:00.000Z',
      '2025-01-01T18:00:00.000Z',
      '2025-01-02T00:00:00.000Z',
      '2025-01-02T06:00:00.000Z',
    ]);
    const m = parseCron('* * * * *').firesBetween(at('2025-01-01T00:00:00Z'), at('2025-01-01T12:00:00Z'), 100);
    expect(m.fires).toHaveLength(100);
    expect(m.truncated).toBe(true);
  });

  it('finds the latest fire without prev(), across the US spring change (cron-parser#378)', () => {
    const c = parseCron('0 2 * * *', 'America/New_York');
    expect(iso(c.latestFire(at('2020-03-01T00:00:00Z'), at('2020-03-08T12:00:00Z'))!)).toBe('2020-03-08T07:00:00.000Z');
    expect(c.latestFire(at('2020-03-08T07:00:00Z'), at('2020-03-08T12:00:00Z'))).toBeUndefined();
    const daily9 = parseCron('* 9 * * *');
    expect(iso(daily9.latestFire(at('2025-01-01T00:00:00Z'), at('2025-01-03T17:00:00Z'))!)).toBe('2025-01-03T09:59:00.000Z');
  });
});
