import { stepLabel, type TriggerSpec } from '../../core/index.ts';
import { bareExpr, flowMarks, type AgentsMap, type PlacedStep, type WorkflowGraph } from './model.ts';

const GAP = 2;

/** Cuts a line to `max` characters, marking the cut. */
export function clip(s: string, max: number): string {
  if (max <= 0) return '';
  return s.length <= max ? s : `${s.slice(0, Math.max(0, max - 1))}…`;
}

const bare = bareExpr;

/** A rounded box with the title in its top border; inner width fits the content up to `max` columns. */
function box(title: string, lines: string[], max: number): string[] {
  const inner = Math.max(4, Math.min(max - 4, Math.max(title.length + 2, ...lines.map((l) => l.length))));
  const t = clip(title, inner - 1);
  const out = [`╭─ ${t} ${'─'.repeat(Math.max(0, inner - t.length - 1))}╮`];
  for (const l of lines) out.push(`│ ${clip(l, inner).padEnd(inner)} │`);
  out.push(`╰${'─'.repeat(inner + 2)}╯`);
  return out;
}

function stepLines(p: PlacedStep): string[] {
  const s = p.step;
  if (s.approval !== undefined) {
    // A person answers: no agent; the box says what is asked and what a timeout does.
    const lines = [`‖ approval  ${s.approval.prompt}`];
    if (s.approval.timeout !== undefined) lines.push(`timeout ${s.approval.timeout} → ${s.approval.on_timeout ?? 'reject'}`);
    if (s.needs?.length) lines.push(`needs ${s.needs.join(', ')}`);
    if (s.if !== undefined) lines.push(`if    ${bare(s.if)}`);
    return lines;
  }
  const marks = flowMarks(s);
  const lines: string[] = [];
  if (marks.child !== undefined) lines.push(`runs  ${marks.child}`);
  else if (s.task === undefined) lines.push(stepLabel(s));
  else {
    lines.push(`task  ${s.task}`);
    if (p.pinned) lines.push(`agent ${p.agents.join(', ')}`);
    else if (p.agents.length === 0) lines.push('agent (no agent offers this task)');
    else lines.push(`${p.agents.length === 1 ? 'agent' : 'any  '} ${p.agents.join(', ')}`);
  }
  if (marks.fanOut !== undefined) lines.push(`each  ${marks.fanOut}`);
  if (marks.loop !== undefined) lines.push(`loop  ${marks.loop}`);
  if (s.needs?.length) lines.push(`needs ${s.needs.join(', ')}`);
  if (s.if !== undefined) lines.push(`if    ${bare(s.if)}`);
  const flags = [s.continue_on_error ? 'continues on error' : '', s.idempotent === false ? 'not idempotent' : ''].filter(Boolean);
  if (flags.length) lines.push(flags.join(', '));
  return lines;
}

/** Where a box landed: its wrapped row (0 = first) and its first column. */
interface Placement {
  row: number;
  x: number;
  width: number;
}

/** Places boxes side by side, wrapping to a new row when the next one would pass `width`. */
function row(boxes: string[][], width: number): { lines: string[]; placed: Placement[]; rows: number } {
  const out: string[] = [];
  const placed: Placement[] = [];
  let current: string[][] = [];
  let used = 0;
  let rows = 0;
  const flush = () => {
    if (current.length === 0) return;
    const height = Math.max(...current.map((b) => b.length));
    for (let i = 0; i < height; i++) {
      out.push(current.map((b) => (b[i] ?? '').padEnd(b[0]?.length ?? 0)).join(' '.repeat(GAP)).trimEnd());
    }
    current = [];
    used = 0;
    rows++;
  };
  for (const b of boxes) {
    const w = b[0]?.length ?? 0;
    if (current.length > 0 && used + GAP + w > width) flush();
    const x = current.length > 0 ? used + GAP : 0;
    used = x + w;
    placed.push({ row: rows, x, width: w });
    current.push(b);
  }
  flush();
  return { lines: out, placed, rows };
}

/**
 * The arrow lines into a layer: one `▼` under each box of the layer above that a step of this
 * layer needs, so no arrow leaves a box nothing below depends on. A needed box that wrapped onto
 * an earlier row has no column straight above; it is named beside the arrows instead. Edges that
 * skip layers show only as the `needs` line inside the box below.
 */
function connector(above: PlacedStep[], placed: Placement[], rows: number, below: PlacedStep[]): string[] {
  const needed = new Set(below.flatMap((p) => p.step.needs ?? []));
  const cols: number[] = [];
  const elsewhere: string[] = [];
  above.forEach((p, i) => {
    const at = placed[i];
    if (!needed.has(p.step.id) || at === undefined) return;
    if (at.row === rows - 1) cols.push(at.x + Math.floor(at.width / 2));
    else elsewhere.push(p.step.id);
  });
  const draw = (ch: string) => {
    const line = Array.from({ length: Math.max(0, ...cols) + 1 }, () => ' ');
    for (const c of cols) line[c] = ch;
    return line.join('').trimEnd();
  };
  if (cols.length === 0) return elsewhere.length ? [`▼ from ${elsewhere.join(', ')}`] : [];
  const note = elsewhere.length ? `  from ${elsewhere.join(', ')}` : '';
  return [draw('│') + note, draw('▼')];
}

function describeTrigger(t: TriggerSpec): string {
  if (t.cron !== undefined) return `cron "${t.cron}"${t.timezone ? ` ${t.timezone}` : ''}`;
  if (t.event !== undefined) return `event ${t.event}`;
  if (t.file !== undefined) return `file ${Array.isArray(t.file) ? t.file.join(', ') : t.file}`;
  return 'manual';
}

/** The step DAG, layer by layer from top to bottom; each box names its needs so every edge is explicit. */
export function renderWorkflowAscii(g: WorkflowGraph, width = 80): string {
  const wf = g.workflow;
  const lines: string[] = [clip(`workflow ${wf.id}${wf.description ? ` — ${wf.description}` : ''}`, width)];
  if (wf.on?.length) lines.push(clip(`on: ${wf.on.map(describeTrigger).join(' · ')}`, width));
  if (wf.inputs && Object.keys(wf.inputs).length) lines.push(clip(`inputs: ${Object.keys(wf.inputs).join(', ')}`, width));
  lines.push('');
  let previous: { layer: PlacedStep[]; placed: Placement[]; rows: number } | undefined;
  for (const layer of g.layers) {
    const cap = layer.length === 1 ? width : Math.max(24, Math.floor((width - GAP) / 2));
    const drawn = row(layer.map((p) => box(p.step.id, stepLines(p), cap)), width);
    if (previous) lines.push(...connector(previous.layer, previous.placed, previous.rows, layer).map((l) => clip(l, width)));
    lines.push(...drawn.lines);
    previous = { layer, placed: drawn.placed, rows: drawn.rows };
  }
  if (wf.outputs && Object.keys(wf.outputs).length) lines.push('', clip(`outputs: ${Object.keys(wf.outputs).join(', ')}`, width));
  return `${lines.join('\n')}\n`;
}

/** The agent relationship map as text: per agent its capabilities and their users, then per workflow its routing. */
export function renderAgentsAscii(m: AgentsMap, width = 80): string {
  const caps = m.agents.reduce((n, a) => n + a.capabilities.length, 0);
  const n = (k: number, word: string) => `${k} ${word}${k === 1 ? '' : 's'}`;
  const out: string[] = [`${n(m.agents.length, 'agent')} · ${n(caps, 'capability').replace(/ys$/, 'ies')} · ${n(m.workflows.length, 'workflow')}`, ''];
  for (const a of m.agents) {
    out.push(clip(`${a.id}${a.domain ? ` (${a.domain})` : ''}${a.description ? ` — ${a.description}` : ''}`, width));
    const nameW = Math.min(28, Math.max(...a.capabilities.map((c) => c.name.length)));
    for (const c of a.capabilities) {
      const users = c.usedBy.length ? c.usedBy.map((u) => `${u.workflow}/${u.step}`).join(', ') : '(no workflow step)';
      out.push(clip(`  ◆ ${c.name.padEnd(nameW)}  ← ${users}`, width));
    }
    if (a.dependsOn.length) out.push(clip(`  depends on ${a.dependsOn.join(', ')}`, width));
    if (a.consumers.length) out.push(clip(`  feeds      ${a.consumers.join(', ')}`, width));
    for (const r of a.reactsTo) out.push(clip(`  reacts to  ${r.event} → ${r.capability}`, width));
    out.push('');
  }
  for (const w of m.workflows) {
    out.push(clip(`workflow ${w.id}${w.description ? ` — ${w.description}` : ''}`, width));
    const idW = Math.min(20, Math.max(...w.steps.map((s) => s.id.length)));
    for (const s of w.steps) {
      const who = s.agents.length ? s.agents.join(' | ') : '(none)';
      out.push(clip(`  ${s.id.padEnd(idW)}  ${s.task} → ${who}${s.pinned ? ' (pinned)' : ''}`, width));
    }
    out.push('');
  }
  if (m.unresolved.length) {
    out.push('unresolved tasks (no agent offers them):');
    for (const u of m.unresolved) out.push(clip(`  ${u.workflow}/${u.step}: ${u.task}`, width));
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
