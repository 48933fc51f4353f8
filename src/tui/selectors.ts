// Pure derivations from (snapshot, ui state) to what each panel shows and what a key acts on.
import { assertNever } from '../core/index.ts';
import type { AlertSnapshot, EventSnapshot, RunSnapshot, Snapshot, StepSnapshot, WorkflowSnapshot } from '../core/index.ts';
import { childOfRow, childRowId, PRIORITIES, type EventFilter, type PanelId, type UiState } from './state.ts';

/** Events passing the filter, newest first (the feed reads top-down). */
export function filterEvents(events: readonly EventSnapshot[], filter: EventFilter): EventSnapshot[] {
  const min = filter.minPriority === null ? 0 : PRIORITIES.indexOf(filter.minPriority);
  const out: EventSnapshot[] = [];
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i]!;
    if (filter.type !== null && e.type !== filter.type) continue;
    if (PRIORITIES.indexOf(e.priority) < min) continue;
    out.push(e);
  }
  return out;
}

/** Active alerts first, then by time, newest first. */
export function sortAlerts(alerts: readonly AlertSnapshot[]): AlertSnapshot[] {
  return [...alerts].sort((a, b) => Number(b.active) - Number(a.active) || b.time - a.time);
}

/** The ids of the rows a panel lists, in display order: what up/down move through. */
export function panelRowIds(snapshot: Snapshot, ui: UiState, panel: PanelId): string[] {
  switch (panel) {
    case 'agents': return snapshot.agents.map((a) => a.id);
    case 'workflows': return snapshot.workflows.map((w) => w.id);
    case 'runs': return nestedRuns(snapshot.runs).map((r) => r.run.id);
    case 'events': return filterEvents(snapshot.events, ui.eventFilter).map((e) => e.id);
    case 'alerts': return sortAlerts(snapshot.alerts).map((a) => a.id);
    default: return assertNever(panel, 'panel');
  }
}

/** The ids up/down move through right now: the open run's steps, else the focused panel's rows. */
export function movableIds(snapshot: Snapshot, ui: UiState): string[] {
  if (ui.focus === 'runs' && ui.openRunId !== null) {
    const run = openRun(snapshot, ui);
    return run ? runViewRows(snapshot, run).map((r) => r.id) : [];
  }
  return panelRowIds(snapshot, ui, ui.focus);
}

/** Index of the selected row; a selection that is gone (or none yet) shows as row 0. */
export function selectedIndex(ids: readonly string[], selected: string | null): number {
  if (selected === null) return 0;
  const i = ids.indexOf(selected);
  return i < 0 ? 0 : i;
}

function pick<T extends { id: string }>(list: readonly T[], id: string | null): T | undefined {
  return (id === null ? undefined : list.find((x) => x.id === id)) ?? list[0];
}

export function selectedWorkflow(snapshot: Snapshot, ui: UiState): WorkflowSnapshot | undefined {
  return pick(snapshot.workflows, ui.selected.workflows);
}

export function openRun(snapshot: Snapshot, ui: UiState): RunSnapshot | undefined {
  return ui.openRunId === null ? undefined : snapshot.runs.find((r) => r.id === ui.openRunId);
}

/** The run whose steps the DAG view shows: the open one, else the selected one. */
export function shownRun(snapshot: Snapshot, ui: UiState): RunSnapshot | undefined {
  return openRun(snapshot, ui) ?? pick(snapshot.runs, ui.selected.runs);
}

/**
 * The step R/s act on: the selected step of the open run, else the first in_doubt step of the
 * shown run — so a waiting run can be unblocked without opening it first.
 */
export function actionableStep(snapshot: Snapshot, ui: UiState): { run: RunSnapshot; step: StepSnapshot } | undefined {
  const run = shownRun(snapshot, ui);
  if (!run) return undefined;
  const open = openRun(snapshot, ui);
  const step = open && ui.selectedStep !== null ? open.steps.find((s) => s.id === ui.selectedStep) : run.steps.find((s) => s.status === 'in_doubt');
  return step ? { run, step } : undefined;
}

/** A row of the runs list: child runs follow their parent, indented one level per generation. */
export interface RunRowItem {
  run: RunSnapshot;
  /** 0: a top-level run; 1+: a child run (its parent may have left the list: then it stays where it is, marked). */
  depth: number;
}

/** The runs in list order: each top-level run (snapshot order) followed by its child runs, oldest first. */
export function nestedRuns(runs: readonly RunSnapshot[]): RunRowItem[] {
  if (!runs.some((r) => r.parent)) return runs.map((run) => ({ run, depth: 0 }));
  const ids = new Set(runs.map((r) => r.id));
  const children = new Map<string, RunSnapshot[]>();
  for (const r of runs) {
    if (!r.parent || !ids.has(r.parent.runId)) continue;
    const list = children.get(r.parent.runId) ?? [];
    list.push(r);
    children.set(r.parent.runId, list);
  }
  const out: RunRowItem[] = [];
  const seen = new Set<string>();
  const visit = (run: RunSnapshot, depth: number) => {
    if (seen.has(run.id)) return;
    seen.add(run.id);
    out.push({ run, depth });
    for (const c of [...(children.get(run.id) ?? [])].sort((a, b) => a.startedAt - b.startedAt)) visit(c, depth + 1);
  };
  for (const r of runs) {
    if (r.parent && ids.has(r.parent.runId)) continue;
    visit(r, r.parent ? 1 : 0);
  }
  return out;
}

/** A row of an open run's view: a step, or a child run under the step that started it. */
export type RunViewRow = { kind: 'step'; id: string; step: StepSnapshot } | { kind: 'child'; id: string; child: RunSnapshot; stepId: string };

/** The open run's rows: its steps in DAG order, each followed by the child runs it started (oldest first). */
export function runViewRows(snapshot: Snapshot, run: RunSnapshot): RunViewRow[] {
  const byStep = new Map<string, RunSnapshot[]>();
  for (const r of snapshot.runs) {
    if (r.parent?.runId !== run.id) continue;
    const list = byStep.get(r.parent.stepId) ?? [];
    list.push(r);
    byStep.set(r.parent.stepId, list);
  }
  const rows: RunViewRow[] = [];
  for (const step of run.steps) {
    rows.push({ kind: 'step', id: step.id, step });
    for (const child of (byStep.get(step.id) ?? []).sort((a, b) => a.startedAt - b.startedAt)) rows.push({ kind: 'child', id: childRowId(child.id), child, stepId: step.id });
  }
  return rows;
}

/** The child run enter opens from the open run: the selected child row, or the one child of the selected step. */
export function childToOpen(snapshot: Snapshot, ui: UiState): RunSnapshot | undefined {
  const run = openRun(snapshot, ui);
  if (!run) return undefined;
  const rows = runViewRows(snapshot, run);
  const childId = childOfRow(ui.selectedStep);
  if (childId !== undefined) return snapshot.runs.find((r) => r.id === childId);
  const children = rows.filter((r): r is Extract<RunViewRow, { kind: 'child' }> => r.kind === 'child' && r.stepId === ui.selectedStep);
  return children.length === 1 ? children[0]?.child : undefined;
}

/**
 * The approval a and x answer: the selected step's of the open run, else the first waiting
 * one of the shown run — so a run that waits can be answered without opening it first.
 */
export function approvalStep(snapshot: Snapshot, ui: UiState): { run: RunSnapshot; step: StepSnapshot & { approval: NonNullable<StepSnapshot['approval']> } } | undefined {
  const run = shownRun(snapshot, ui);
  if (!run) return undefined;
  const open = openRun(snapshot, ui);
  const step = open && ui.selectedStep !== null ? open.steps.find((s) => s.id === ui.selectedStep) : run.steps.find((s) => s.approval !== undefined && (s.status === 'waiting' || s.approval.callId !== undefined));
  return step?.approval ? { run, step: { ...step, approval: step.approval } } : undefined;
}

/** The step whose transcript the run view follows: the selected step of the open run. */
export function transcriptStep(ui: UiState): { runId: string; stepId: string } | null {
  if (ui.openRunId === null || ui.selectedStep === null || childOfRow(ui.selectedStep) !== undefined) return null;
  return { runId: ui.openRunId, stepId: ui.selectedStep };
}
