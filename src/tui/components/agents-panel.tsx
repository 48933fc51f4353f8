import type { AgentSnapshot } from '../../core/index.ts';
import { fit, formatDuration, formatRelative, padLeft, windowRows } from '../format.ts';
import { agentBadge } from '../theme.ts';
import { Line, type Segment } from './line.tsx';
import { Empty, Panel } from './panel.tsx';

export interface AgentsPanelProps {
  agents: readonly AgentSnapshot[];
  selected: number;
  focused: boolean;
  width: number;
  height: number;
  wide: boolean;
  now: number;
}

/** Status, tasks in flight / limit, completed, failed, average time; wide adds p95, last activity, capabilities. */
export function agentRow(a: AgentSnapshot, width: number, wide: boolean, now: number, longestId = 0): Segment[] {
  const b = agentBadge(a.status);
  const fixed = [
    { text: ` ${padLeft(`${a.inFlight}/${a.concurrency}`, 5)}`, tone: a.inFlight >= a.concurrency && a.concurrency > 0 ? 'warn' : 'plain' },
    { text: ` ${padLeft(String(a.completed), 5)}✓`, tone: 'ok' },
    { text: ` ${padLeft(String(a.failed), 3)}✗`, tone: a.failed > 0 ? 'bad' : 'dim' },
    { text: ` ${padLeft(formatDuration(a.avgMs), 6)}` },
  ] satisfies Segment[];
  const lengthOf = (segs: Segment[]) => segs.reduce((n, s) => n + [...s.text].length, 0);
  const p95: Segment = { text: ` p95 ${padLeft(formatDuration(a.p95Ms), 6)}`, tone: 'dim' };
  const last: Segment = { text: ` ${padLeft(formatRelative(a.lastActivity, now), 10)}`, tone: 'dim' };
  // Names come first: last activity only when the panel's longest id (up to 16) still fits
  // (a 120-column terminal gives this panel 60, which cut "repo-inspector" to "repo-insp…").
  const extra: Segment[] = !wide ? [] : width - lengthOf([...fixed, p95, last]) - 3 >= Math.min(16, longestId) ? [p95, last] : [p95];
  const used = lengthOf([...fixed, ...extra]);
  const idWidth = Math.max(4, Math.min(wide ? 16 : 20, width - used - 3));
  const head: Segment[] = [{ text: ` ${b.icon} `, tone: b.tone }, { text: fit(a.id, idWidth, true) }];
  const capRoom = width - used - idWidth - 4;
  const tail: Segment[] = wide && capRoom >= 6 ? [{ text: ` ${fit(a.capabilities.join(','), capRoom)}`, tone: 'dim' }] : [];
  return [...head, ...fixed, ...extra, ...tail];
}

export function AgentsPanel({ agents, selected, focused, width, height, wide, now }: AgentsPanelProps) {
  const busy = agents.filter((a) => a.status === 'working').length;
  const { start, end } = windowRows(agents.length, selected, height - 1);
  // One decision for all rows, so the columns line up.
  const longestId = agents.reduce((n, a) => Math.max(n, [...a.id].length), 0);
  return (
    <Panel number={1} title="Agents" info={`${busy}/${agents.length} working`} focused={focused} width={width} height={height}>
      {agents.length === 0 ? <Empty text="no agents" /> : null}
      {agents.slice(start, end).map((a, i) => (
        <Line key={a.id} width={width} selected={focused && start + i === selected} segments={agentRow(a, width, wide, now, longestId)} />
      ))}
    </Panel>
  );
}
