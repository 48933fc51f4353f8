// What the selected step of an open run is doing, below the panels: the approval it waits for
// (prompt, deadline, form, keys) and its agent loop's transcript — each model turn and each tool
// call as it happens — scrolled from the newest line up.
import type { StepApproval, Transcript, TranscriptCall, TranscriptTurn } from '../../core/index.ts';
import { assertNever } from '../../core/index.ts';
import { fit, formatDuration, formatRelative } from '../format.ts';
import type { Tone } from '../theme.ts';
import { Line, type Segment } from './line.tsx';
import { Panel } from './panel.tsx';

/** Turns a view keeps of a transcript: a long loop shows its newest turns (the store has them all). */
export const MAX_TRANSCRIPT_TURNS = 100;
const ARGS_CHARS = 80;
const RESULT_CHARS = 120;

/** One line of text, whitespace collapsed, cut to `max` characters. */
export function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return [...flat].length <= max ? flat : `${[...flat].slice(0, max).join('')}…`;
}

/** Keeps the newest MAX_TRANSCRIPT_TURNS turns (what the view holds in memory). */
export function capTranscript(t: Transcript | null): Transcript | null {
  if (!t || t.turns.length <= MAX_TRANSCRIPT_TURNS) return t;
  return { ...t, turns: t.turns.slice(-MAX_TRANSCRIPT_TURNS) };
}

function callBadge(c: TranscriptCall): { icon: string; tone: Tone } {
  switch (c.status) {
    case 'running': return { icon: '▶', tone: 'active' };
    case 'ok': return { icon: '✓', tone: 'ok' };
    case 'error': return { icon: '✗', tone: 'bad' };
    default: return assertNever(c.status, 'call status');
  }
}

function turnRow(turn: TranscriptTurn): Segment[] {
  const tokens = turn.promptTokens + turn.completionTokens;
  const said = turn.content === null || turn.content === '' ? '' : ` ${turn.final ? 'answered' : 'said'}: ${oneLine(turn.content, RESULT_CHARS)}`;
  const calls = turn.calls.length ? ` · ${turn.calls.length} tool call${turn.calls.length === 1 ? '' : 's'}` : '';
  return [
    { text: ` turn ${turn.seq}`, bold: true },
    { text: ` ${formatDuration(turn.durationMs)} · ${tokens} tokens (${turn.promptTokens}+${turn.completionTokens})${turn.attempt > 1 ? ` · attempt ${turn.attempt}` : ''}${calls}`, tone: 'dim' },
    { text: said, tone: turn.final ? 'ok' : 'plain' },
  ];
}

function callRow(c: TranscriptCall, waiting: StepApproval | undefined): Segment[] {
  const b = callBadge(c);
  const args = oneLine(JSON.stringify(c.args) ?? '', ARGS_CHARS);
  const waits = waiting?.callId === c.callId && c.status === 'running';
  const tail: Segment[] = waits
    ? [{ text: ' ⏸ waits for approval', tone: 'warn' }]
    : [
        { text: c.status === 'running' ? ' running' : ` ${c.status}`, tone: b.tone },
        { text: c.durationMs === null ? '' : ` ${formatDuration(c.durationMs)}`, tone: 'dim' },
        { text: c.result === null ? '' : ` → ${oneLine(c.result, RESULT_CHARS)}`, tone: c.status === 'error' ? 'bad' : 'plain' },
      ];
  return [{ text: `   ${waits ? '⏸' : b.icon} `, tone: waits ? 'warn' : b.tone }, { text: c.tool }, { text: ` [${c.kind}]`, tone: 'dim' }, { text: `(${args})`, tone: 'dim' }, ...tail];
}

/** The transcript as rows, oldest first: a row per model turn, one per tool call under it. */
export function transcriptRows(t: Transcript, waiting?: StepApproval): Segment[][] {
  const rows: Segment[][] = [];
  for (const turn of t.turns) {
    rows.push(turnRow(turn));
    for (const c of turn.calls) rows.push(callRow(c, waiting));
  }
  return rows;
}

/** How many rows transcriptRows makes (for scrolling), without building them. */
export function transcriptRowCount(t: Transcript | null): number {
  return t ? t.turns.reduce((n, turn) => n + 1 + turn.calls.length, 0) : 0;
}

/** The approval the step waits for, as rows: prompt, deadline, form fields, the keys. */
export function approvalRows(a: StepApproval, now: number): Segment[][] {
  const rows: Segment[][] = [
    [{ text: ` ⏸ ${a.callId === undefined ? 'waits for approval' : `tool call ${a.callId} waits for approval`}: `, tone: 'warn', bold: true }, { text: a.prompt }],
  ];
  const deadline = a.deadline === null ? 'no timeout' : `times out ${formatRelative(a.deadline, now)}`;
  rows.push([{ text: `   asked ${formatRelative(a.requestedAt, now)} · ${deadline}`, tone: 'dim' }]);
  if (a.fields?.length) {
    const list = a.fields.map((f) => `${f.name}${f.type ? `: ${f.type}` : ''}${f.required ? ' (required)' : ''}`).join(', ');
    rows.push([{ text: `   form: ${list}`, tone: 'dim' }]);
  }
  rows.push([{ text: '   a approve · x reject', tone: 'active' }]);
  return rows;
}

export interface StepLiveProps {
  stepId: string;
  approval: StepApproval | undefined;
  transcript: Transcript | null;
  /** Lines scrolled up from the newest. */
  scroll: number;
  width: number;
  height: number;
  now: number;
}

/** Rows of the step's live panel, approval first (it stays in view), then the transcript. */
export function stepLiveHasContent(approval: StepApproval | undefined, transcript: Transcript | null): boolean {
  return approval !== undefined || (transcript !== null && transcript.turns.length > 0);
}

export function StepLive({ stepId, approval, transcript, scroll, width, height, now }: StepLiveProps) {
  const fixed = approval ? approvalRows(approval, now) : [];
  const rows = transcript ? transcriptRows(transcript, approval) : [];
  const room = Math.max(0, height - 1 - fixed.length);
  // The window ends `scroll` rows above the newest row; 0 follows the tail as rows arrive.
  const end = Math.max(Math.min(rows.length, room), rows.length - scroll);
  const start = Math.max(0, end - room);
  const tokens = transcript ? transcript.promptTokens + transcript.completionTokens : 0;
  const info = transcript ? `${transcript.turns.length} turn${transcript.turns.length === 1 ? '' : 's'} · ${tokens} tokens${rows.length > room ? ` · ${start + 1}–${end}/${rows.length} pgup/pgdn` : ''}` : '';
  return (
    <Panel title={transcript ? `Transcript ${stepId}` : `Step ${stepId}`} info={info} focused={false} width={width} height={height}>
      {fixed.map((segments, i) => (
        <Line key={`a${i}`} width={width} segments={segments} />
      ))}
      {rows.slice(start, end).map((segments, i) => (
        <Line key={start + i} width={width} segments={segments} />
      ))}
      {!fixed.length && !rows.length ? <Line width={width} segments={[{ text: fit('  no model turn yet', width), tone: 'dim' }]} /> : null}
    </Panel>
  );
}
