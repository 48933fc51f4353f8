import { formatDuration } from '../core/index.ts';
import type { ScheduleEntry } from './scheduler.ts';

export interface ScheduleTableOptions {
  /** Zone the times are shown in (default UTC). */
  timeZone?: string;
}

function formatTime(t: number, timeZone: string): string {
  const p: Record<string, string> = {};
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(t));
  for (const part of parts) p[part.type] = part.value;
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

function relative(t: number, now: number): string {
  const d = t - now;
  if (Math.abs(d) < 1000) return 'now';
  return d > 0 ? `in ${formatDuration(d)}` : `${formatDuration(-d)} ago`;
}

/**
 * The `amas schedule list` table: one row per cron trigger, next fire (absolute and relative),
 * last fire and its outcome, and whether the workflow is paused. Pure: `now` is passed in.
 */
export function formatScheduleTable(entries: readonly ScheduleEntry[], now: number, opts: ScheduleTableOptions = {}): string {
  const tz = opts.timeZone ?? 'UTC';
  if (entries.length === 0) return 'No cron triggers.';
  const header = ['WORKFLOW', 'CRON', 'ZONE', `NEXT (${tz})`, `LAST (${tz})`, 'OUTCOME', 'STATE'];
  const rows = entries.map((e) => [
    e.workflowId,
    e.cron,
    e.timezone,
    e.nextFire === undefined ? '-' : `${formatTime(e.nextFire, tz)} (${relative(e.nextFire, now)})`,
    e.lastFire === undefined ? '-' : formatTime(e.lastFire, tz),
    e.lastOutcome ?? '-',
    e.paused ? 'paused' : 'active',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}
