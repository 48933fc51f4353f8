import type { WorkflowSnapshot } from '../../core/index.ts';
import { fit, formatRelative, padLeft, windowRows } from '../format.ts';
import { runBadge } from '../theme.ts';
import { Line, type Segment } from './line.tsx';
import { Empty, Panel } from './panel.tsx';

export interface WorkflowsPanelProps {
  workflows: readonly WorkflowSnapshot[];
  selected: number;
  focused: boolean;
  width: number;
  height: number;
  wide: boolean;
  now: number;
}

/** Schedule state, next fire, last outcome; wide adds active runs and the triggers. */
export function workflowRow(w: WorkflowSnapshot, width: number, wide: boolean, now: number): Segment[] {
  const hasCron = w.triggers.some((t) => t.kind === 'cron');
  const state: Segment = w.paused ? { text: ' ⏸ ', tone: 'warn' } : hasCron ? { text: ' ◷ ', tone: 'ok' } : { text: ' · ', tone: 'dim' };
  // Without cron there is no next fire: say what starts it (an event, a file change, a person).
  const waitsFor = w.triggers.find((t) => t.kind !== 'manual')?.kind ?? 'manual';
  const next: Segment = { text: ` ${padLeft(w.paused ? 'paused' : hasCron ? formatRelative(w.nextFire, now) : waitsFor === 'manual' ? 'manual' : `on ${waitsFor}`, 10)}`, tone: w.paused ? 'warn' : 'plain' };
  const last = w.lastOutcome ? runBadge(w.lastOutcome.status) : null;
  const outcome: Segment = last && w.lastOutcome
    ? { text: ` ${last.icon} ${fit(w.lastOutcome.status, 9, true)}`, tone: last.tone }
    : { text: ` ${fit('– never', 11, true)}`, tone: 'dim' };
  const extra: Segment[] = wide ? [{ text: ` ${padLeft(w.activeRuns > 0 ? `${w.activeRuns}▶` : '', 3)}`, tone: 'active' }] : [];
  const used = [state, next, outcome, ...extra].reduce((n, s) => n + [...s.text].length, 0);
  const idWidth = Math.max(4, Math.min(wide ? 18 : 22, width - used - 1));
  const triggers = w.triggers.map((t) => (t.kind === 'manual' ? 'manual' : `${t.kind} ${t.detail}`)).join('; ');
  const tail: Segment[] = wide ? [{ text: ` ${fit(triggers, Math.max(0, width - used - idWidth - 2))}`, tone: 'dim' }] : [];
  return [state, { text: fit(w.id, idWidth, true) }, next, outcome, ...extra, ...tail];
}

export function WorkflowsPanel({ workflows, selected, focused, width, height, wide, now }: WorkflowsPanelProps) {
  const paused = workflows.filter((w) => w.paused).length;
  const { start, end } = windowRows(workflows.length, selected, height - 1);
  return (
    <Panel number={2} title="Workflows" info={paused > 0 ? `${paused} paused` : `${workflows.length}`} focused={focused} width={width} height={height}>
      {workflows.length === 0 ? <Empty text="no workflows" /> : null}
      {workflows.slice(start, end).map((w, i) => (
        <Line key={w.id} width={width} selected={focused && start + i === selected} segments={workflowRow(w, width, wide, now)} />
      ))}
    </Panel>
  );
}
