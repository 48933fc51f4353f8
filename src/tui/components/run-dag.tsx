// The steps of one run in DAG order, indented by depth so the shape of the graph shows.
import type { RunSnapshot, StepSnapshot } from '../../core/index.ts';
import type { RunViewRow } from '../selectors.ts';
import { fit, formatDuration, padLeft, windowRows } from '../format.ts';
import { runBadge, stepBadge } from '../theme.ts';
import { Line, type Segment } from './line.tsx';
import { Empty, Panel } from './panel.tsx';
import { shortRunId } from './runs-panel.tsx';

export interface RunDagProps {
  run: RunSnapshot | undefined;
  /** The run's rows (steps, each followed by its child runs); its steps alone when omitted. */
  rows?: readonly RunViewRow[];
  /** The run is open: its steps are browsed and one is selected. */
  open: boolean;
  selected: number;
  focused: boolean;
  width: number;
  height: number;
  wide: boolean;
  now: number;
}

/** Longest chain of `needs` above each step (steps come in DAG order, so one pass suffices). */
export function stepDepths(steps: readonly StepSnapshot[]): Map<string, number> {
  const depth = new Map<string, number>();
  for (const s of steps) depth.set(s.id, s.needs.reduce((d, n) => Math.max(d, (depth.get(n) ?? 0) + 1), 0));
  return depth;
}

/** What the step is doing now: a retry countdown, its duration, or nothing yet. */
export function stepTiming(s: StepSnapshot, now: number): string {
  if (s.status === 'retrying' && s.retryAt !== null) return `retry ${formatDuration(Math.max(0, s.retryAt - now))}`;
  if (s.startedAt === null) return '';
  return formatDuration((s.endedAt ?? now) - s.startedAt);
}

export function stepRow(s: StepSnapshot, depth: number, width: number, wide: boolean, now: number): Segment[] {
  const b = stepBadge(s.status);
  const indent = '  '.repeat(Math.min(depth, wide ? 6 : 3));
  const attempt = s.maxAttempts > 1 || s.attempt > 1 ? `#${s.attempt}/${s.maxAttempts}` : '';
  const fixed: Segment[] = [
    { text: ` ${padLeft(attempt, 5)}`, tone: s.attempt > 1 ? 'warn' : 'dim' },
    { text: ` ${padLeft(s.status === 'in_doubt' && !wide ? 'in_doubt' : stepTiming(s, now), 10)}`, tone: s.status === 'retrying' || s.status === 'in_doubt' ? 'warn' : 'dim' },
  ];
  // Narrow: the icon says the state (the help overlay has the legend); wide spells it out too.
  const status: Segment = { text: wide ? ` ${fit(s.status, 9, true)}` : '', tone: b.tone };
  const used = 3 + [...indent].length + [status, ...fixed].reduce((n, x) => n + [...x.text].length, 0);
  const idWidth = Math.max(4, Math.min(wide ? 14 : 24, width - used - 1));
  const room = Math.max(0, width - used - idWidth);
  const agentText = ` ${fit(s.agentId ?? '–', 10, true)}`;
  const note = s.error ?? (s.approval ? `⏸ ${s.approval.prompt}` : s.needs.length ? `← ${s.needs.join(', ')}` : '');
  // The note only where a useful part of it fits (a bare "←…" or "repo-insp……" says nothing);
  // an error that does not fit beside the agent takes the agent's place.
  const noteRoom = room - [...agentText].length - 1;
  const extraText = !wide || !note ? agentText : noteRoom >= Math.min([...note].length, 8) ? `${agentText} ${note}` : s.error ? ` ${s.error}` : agentText;
  return [
    { text: ` ${indent}${b.icon} `, tone: b.tone },
    { text: fit(s.id, idWidth, true) },
    status,
    ...fixed,
    ...(wide ? [{ text: fit(extraText, room), tone: s.error ? 'bad' : 'dim' } satisfies Segment] : []),
  ];
}

/** A child run under the step that started it: enter opens it. */
export function childRow(child: RunSnapshot, depth: number, width: number, wide: boolean): Segment[] {
  const b = runBadge(child.status);
  const indent = '  '.repeat(Math.min(depth + 1, wide ? 7 : 4));
  const tail = ` ${child.status} ${child.progress.done}/${child.progress.total}`;
  const head = ` ${indent}↳ ${b.icon} `;
  const room = Math.max(4, width - [...head].length - [...tail].length - 1);
  return [
    { text: head, tone: b.tone },
    { text: fit(`${shortRunId(child.id, wide)} ${child.workflowId}`, room, true), tone: 'dim' },
    { text: tail, tone: b.tone },
  ];
}

export function RunDag({ run, rows: given, open, selected, focused, width, height, wide, now }: RunDagProps) {
  const title = run ? `Steps ${shortRunId(run.id, wide)}` : 'Steps';
  const info = run ? `${run.workflowId} ${run.status}${open ? '' : ' · enter opens'}` : '';
  if (!run) {
    return (
      <Panel title={title} focused={false} width={width} height={height}>
        <Empty text="select a run" />
      </Panel>
    );
  }
  const depth = stepDepths(run.steps);
  const list: readonly RunViewRow[] = given ?? run.steps.map((step) => ({ kind: 'step', id: step.id, step }));
  const room = height - 1 - (run.error ? 1 : 0);
  const { start, end } = windowRows(list.length, selected, room);
  return (
    <Panel title={title} info={info} focused={focused && open} width={width} height={height}>
      {list.slice(start, end).map((r, i) => (
        <Line
          key={r.id}
          width={width}
          selected={open && focused && start + i === selected}
          segments={r.kind === 'step' ? stepRow(r.step, depth.get(r.step.id) ?? 0, width, wide, now) : childRow(r.child, depth.get(r.stepId) ?? 0, width, wide)}
        />
      ))}
      {run.error ? <Line width={width} segments={[{ text: ` ✗ ${run.error}`, tone: 'bad' }]} /> : null}
    </Panel>
  );
}
