import type { EventSnapshot } from '../../core/index.ts';
import { fit, formatClock, windowRows } from '../format.ts';
import type { EventFilter } from '../state.ts';
import { priorityBadge } from '../theme.ts';
import { Line, type Segment } from './line.tsx';
import { Empty, Panel } from './panel.tsx';

export interface EventsFeedProps {
  /** Already filtered, newest first. */
  events: readonly EventSnapshot[];
  filter: EventFilter;
  selected: number;
  focused: boolean;
  width: number;
  height: number;
  wide: boolean;
}

export function filterLabel(f: EventFilter): string {
  const parts = [f.type ?? 'all types', f.minPriority ? `≥${f.minPriority}` : ''].filter(Boolean);
  return parts.join(' ');
}

export function eventRow(e: EventSnapshot, width: number, wide: boolean): Segment[] {
  const p = priorityBadge(e.priority);
  const route = `${e.source}→${e.target ?? '*'}`;
  const head: Segment[] = [
    { text: ` ${formatClock(e.time)}`, tone: 'dim' },
    { text: ` ${p.icon}`, tone: p.tone },
    { text: ` ${fit(e.type, wide ? 16 : 14, true)}`, tone: e.type === 'error_occurred' ? 'bad' : 'plain' },
  ];
  const used = head.reduce((n, s) => n + [...s.text].length, 0);
  const room = Math.max(0, width - used - 1);
  const routeWidth = wide ? Math.min(20, Math.floor(room / 2)) : room;
  const tail: Segment[] = [{ text: ` ${fit(route, routeWidth, wide)}`, tone: 'dim' }];
  if (wide) tail.push({ text: ` ${fit(e.summary, Math.max(0, room - routeWidth - 1))}` });
  return [...head, ...tail];
}

export function EventsFeed({ events, filter, selected, focused, width, height, wide }: EventsFeedProps) {
  const { start, end } = windowRows(events.length, selected, height - 1);
  return (
    <Panel number={4} title="Events" info={`${filterLabel(filter)} · f F`} focused={focused} width={width} height={height}>
      {events.length === 0 ? <Empty text="no events" /> : null}
      {events.slice(start, end).map((e, i) => (
        <Line key={e.id} width={width} selected={focused && start + i === selected} segments={eventRow(e, width, wide)} />
      ))}
    </Panel>
  );
}
