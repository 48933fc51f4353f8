// The queue workers of a PostgreSQL store (`amas worker` processes), shown under the agents only
// when there are any: in flight / concurrency, completed, failed, heartbeat age; a worker that
// missed its heartbeats is marked stale (its tasks move to another worker after 15 s).
import type { WorkerSnapshot } from '../../core/index.ts';
import { fit, formatDuration, padLeft } from '../format.ts';
import { workerBadge } from '../theme.ts';
import { Line, type Segment } from './line.tsx';
import { Panel } from './panel.tsx';

export interface WorkersPanelProps {
  workers: readonly WorkerSnapshot[];
  width: number;
  height: number;
  wide: boolean;
}

/** Lines the section wants: its title and one per worker, at most half of `room` (the agents keep the rest). */
export function workersHeight(workers: readonly WorkerSnapshot[] | undefined, room: number): number {
  if (!workers || workers.length === 0 || room < 6) return 0;
  return Math.min(workers.length + 1, Math.floor(room / 2));
}

/** A worker id keeps its end: `w-<host>-<pid>-<random>` differ in the last characters. */
function fitEnd(id: string, width: number): string {
  const chars = [...id];
  const out = chars.length > width ? `…${chars.slice(chars.length - Math.max(0, width - 1)).join('')}` : id;
  return out.padEnd(width);
}

/** Load, completed, failed and heartbeat age; wide adds the word "stale" and host:pid (the icon marks a stale worker either way). */
export function workerRow(w: WorkerSnapshot, width: number, wide: boolean, longestId = 16): Segment[] {
  const b = workerBadge(w.stale);
  const age = formatDuration(w.heartbeatAgeMs);
  const fixed: Segment[] = [
    { text: ` ${padLeft(`${w.inFlight}/${w.concurrency}`, 5)}`, tone: w.inFlight >= w.concurrency && w.concurrency > 0 ? 'warn' : 'plain' },
    { text: ` ${padLeft(String(w.completed), 5)}✓`, tone: 'ok' },
    { text: ` ${padLeft(String(w.failed), 3)}✗`, tone: w.failed > 0 ? 'bad' : 'dim' },
    { text: ` ${padLeft(wide && w.stale ? `stale ${age}` : age, wide ? 11 : 6)}`, tone: w.stale ? 'bad' : 'dim' },
  ];
  const used = fixed.reduce((n, s) => n + [...s.text].length, 0);
  // One id width for all rows (the longest id, up to 24), so the columns line up; the id contains
  // the host too, so host:pid only comes when there is room left.
  const idWidth = Math.max(4, Math.min(longestId, 24, width - used - 4));
  const hostRoom = width - used - idWidth - 5;
  const host: Segment[] = wide && hostRoom >= 6 ? [{ text: ` ${fit(`${w.host}:${w.pid}`, hostRoom)}`, tone: 'dim' }] : [];
  return [{ text: ` ${b.icon} `, tone: b.tone }, { text: fitEnd(w.id, idWidth) }, ...fixed, ...host];
}

export function WorkersPanel({ workers, width, height, wide }: WorkersPanelProps) {
  const stale = workers.filter((w) => w.stale).length;
  const info = `${workers.length - stale}/${workers.length} live${stale ? ` · ${stale} stale` : ''}`;
  const longestId = workers.reduce((n, w) => Math.max(n, [...w.id].length), 0);
  return (
    <Panel title="Workers" info={info} focused={false} width={width} height={height}>
      {workers.slice(0, Math.max(0, height - 1)).map((w) => (
        <Line key={w.id} width={width} segments={workerRow(w, width, wide, longestId)} />
      ))}
    </Panel>
  );
}
