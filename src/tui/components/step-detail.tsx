// One step in full (d on a step of an open run): the rows of the run view cut the error and
// show no input or output; this view wraps them onto as many lines as the body has.
import type { StepDetail } from '../../core/index.ts';
import { fit, formatClock, formatDuration } from '../format.ts';
import { stepBadge } from '../theme.ts';
import { Line, type Segment } from './line.tsx';
import { Panel } from './panel.tsx';

/** Splits text into lines of at most `width` characters (hard wrap: JSON has few spaces). */
function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const chars = [...line];
    if (chars.length === 0) out.push('');
    for (let i = 0; i < chars.length; i += width) out.push(chars.slice(i, i + width).join(''));
  }
  return out;
}

const json = (v: unknown) => (v === null || v === undefined ? '–' : JSON.stringify(v, null, 2));

/** The detail as labelled lines, before they are cut to the panel's height. */
export function stepDetailLines(d: StepDetail, width: number): Segment[][] {
  const inner = Math.max(10, width - 4);
  const b = stepBadge(d.status);
  const when = d.startedAt === null ? 'not started' : `${formatClock(d.startedAt)}${d.endedAt === null ? '' : `, took ${formatDuration(d.endedAt - d.startedAt)}`}`;
  const rows: Segment[][] = [
    [{ text: ` ${b.icon} ${d.status}`, tone: b.tone, bold: true }, { text: `  attempt ${d.attempt} of ${d.maxAttempts}`, tone: d.attempt > 1 ? 'warn' : 'dim' }],
    [{ text: ` task ${d.task} · agent ${d.agentId ?? '–'} · ${when}`, tone: 'dim' }],
  ];
  const section = (title: string, body: string, tone: Segment['tone']) => {
    rows.push([{ text: ` ${title}`, bold: true }]);
    for (const l of wrap(body, inner)) rows.push([{ text: `   ${l}`, tone }]);
  };
  if (d.error !== null) section('error', d.error, 'bad');
  section('input (with:, as written)', json(d.with), 'plain');
  section('output', json(d.output), 'plain');
  return rows;
}

export function StepDetailView({ detail, width, height }: { detail: StepDetail; width: number; height: number }) {
  const rows = stepDetailLines(detail, width);
  const room = Math.max(0, height - 1);
  const shown = rows.length > room ? [...rows.slice(0, Math.max(0, room - 1)), [{ text: fit(` … ${rows.length - room + 1} more lines`, width), tone: 'dim' } satisfies Segment]] : rows;
  return (
    <Panel title={`step ${detail.stepId} of ${detail.runId}`} info="esc closes" focused width={width} height={height}>
      {shown.map((segments, i) => (
        <Line key={i} width={width} segments={segments} />
      ))}
    </Panel>
  );
}
