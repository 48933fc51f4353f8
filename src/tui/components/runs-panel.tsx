import type { RunSnapshot } from '../../core/index.ts';
import type { RunRowItem } from '../selectors.ts';
import { fit, formatClock, formatDuration, padLeft, windowRows } from '../format.ts';
import { runBadge } from '../theme.ts';
import { Line, type Segment } from './line.tsx';
import { Empty, Panel } from './panel.tsx';

export interface RunsPanelProps {
  /** In list order, child runs under their parent (see nestedRuns). */
  runs: readonly RunRowItem[];
  selected: number;
  focused: boolean;
  width: number;
  height: number;
  wide: boolean;
  now: number;
}

/** Ids are long and time-prefixed; their random tail tells runs apart in a narrow column. */
export function shortRunId(id: string, wide: boolean): string {
  return wide || id.length <= 10 ? id : `…${id.slice(-7)}`;
}

export function runDuration(r: RunSnapshot, now: number): number {
  return (r.endedAt ?? now) - r.startedAt;
}

/** Columns the workflow name should get before a wide row gives up the full run id for it. */
const NAME_ROOM = 12;

export function runRow(r: RunSnapshot, width: number, wide: boolean, now: number, depth = 0): Segment[] {
  const b = runBadge(r.status);
  // A child run: indented under its parent, marked so it reads as part of it.
  const nest = depth > 0 ? `${'  '.repeat(Math.min(depth - 1, 3))}↳` : '';
  const fixed: Segment[] = [
    { text: ` ${padLeft(`${r.progress.done}/${r.progress.total}`, 5)}` },
    { text: ` ${padLeft(formatDuration(runDuration(r, now)), 7)}`, tone: 'dim' },
  ];
  const extra: Segment[] = wide ? [{ text: ` ${fit(r.trigger, 6, true)} ${formatClock(r.startedAt)}`, tone: 'dim' }] : [];
  const rest = [...fixed, ...extra].reduce((n, s) => n + [...s.text].length, 0);
  // The full id when the workflow's name still fits beside it; the run's detail shows it anyway.
  const lead = [...nest].length;
  const full = width - (lead + 3 + [...r.id].length + 1 + rest) - 1 >= Math.min([...r.workflowId].length, NAME_ROOM);
  const id = shortRunId(r.id, wide && full);
  const used = lead + 3 + [...id].length + 1 + rest;
  return [
    { text: ` ${nest}${b.icon} `, tone: b.tone },
    { text: `${id} `, tone: 'dim' },
    { text: fit(r.workflowId, Math.max(3, width - used - 1), true) },
    ...fixed,
    ...extra,
  ];
}

export function RunsPanel({ runs, selected, focused, width, height, wide, now }: RunsPanelProps) {
  const active = runs.filter((r) => r.run.endedAt === null).length;
  const { start, end } = windowRows(runs.length, selected, height - 1);
  return (
    <Panel number={3} title="Runs" info={`${active} active`} focused={focused} width={width} height={height}>
      {runs.length === 0 ? <Empty text="no runs yet — r on a workflow starts one" /> : null}
      {runs.slice(start, end).map(({ run: r, depth }, i) => (
        <Line key={r.id} width={width} selected={focused && start + i === selected} segments={runRow(r, width, wide, now, depth)} />
      ))}
    </Panel>
  );
}
