// Pure derivations from (snapshot, ui state) to what each panel shows and what a key acts on.
import { assertNever } from '../core/index.ts';
import type { AlertSnapshot, EventSnapshot, RunSnapshot, Snapshot, StepSnapshot, WorkflowSnapshot } from '../core/index.ts';
import { PRIORITIES, type EventFilter, type PanelId, type UiState } from './state.ts';

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
    case 'runs': return snapshot.runs.map((r) => r.id);
    case 'events': return filterEvents(snapshot.events, ui.eventFilter).map((e) => e.id);
    case 'alerts': return sortAlerts(snapshot.alerts).map((a) => a.id);
    default: return assertNever(panel, 'panel');
  }
}

/** The ids up/down move through right now: the open run's steps, else the focused panel's rows. */
export function movableIds(snapshot: Snapshot, ui: UiState): string[] {
  if (ui.focus === 'runs' && ui.openRunId !== null) return openRun(snapshot, ui)?.steps.map((s) => s.id) ?? [];
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
