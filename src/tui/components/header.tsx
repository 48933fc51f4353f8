import type { Snapshot } from '../../core/index.ts';
import { formatClock, formatDuration } from '../format.ts';
import { healthBadge } from '../theme.ts';
import { Line, type Segment } from './line.tsx';

export interface HeaderProps {
  snapshot: Snapshot;
  width: number;
  wide: boolean;
  now: number;
  /** The runtime stopped after a quit (the console's last frame). */
  stopped?: boolean;
}

/** Project, uptime, health, counts, last reload — most important first, so truncation drops the least. */
export function headerSegments(s: Snapshot, wide: boolean, now: number, stopped = false): Segment[] {
  const h = healthBadge(s.health);
  const c = s.counts;
  const out: Segment[] = [
    { text: ' amas ', bold: true },
    { text: s.project.name, bold: true },
    { text: ` up ${formatDuration(Math.max(0, now - s.startedAt))}`, tone: 'dim' },
    { text: `  ${h.icon} ${s.health}`, tone: h.tone },
  ];
  // Several amas up on one PostgreSQL store: which one leads shows first.
  if (s.role === 'leader' || s.role === 'standby') out.push({ text: `  ${s.role}`, tone: s.role === 'leader' ? 'ok' : 'warn', bold: true });
  if (stopped) out.push({ text: '  stopped', tone: 'dim', bold: true });
  else if (s.state === 'stopping') out.push({ text: '  stopping… (q again: now)', tone: 'warn', bold: true });
  if (s.lastReload) {
    const r = s.lastReload;
    out.push(
      r.ok
        ? { text: `  reload ✓ ${formatClock(r.at)}`, tone: 'ok' }
        : { text: `  reload ✗ ${r.diagnostics.length} problem${r.diagnostics.length === 1 ? '' : 's'}`, tone: 'bad', bold: true },
    );
  }
  out.push(
    { text: `  agents ${c.agentsWorking}/${c.agents}` },
    { text: `  runs ${c.runsActive}▶ ${c.runsCompleted}✓ ` },
    { text: `${c.runsFailed}✗`, tone: c.runsFailed > 0 ? 'bad' : 'plain' },
  );
  if (c.alertsActive > 0) out.push({ text: `  alerts ${c.alertsActive}`, tone: 'warn' });
  if (wide) out.push({ text: `  events ${c.events}`, tone: 'dim' }, { text: `  ${s.project.dir}`, tone: 'dim' });
  return out;
}

export function Header({ snapshot, width, wide, now, stopped }: HeaderProps) {
  return <Line width={width} segments={headerSegments(snapshot, wide, now, stopped)} />;
}
