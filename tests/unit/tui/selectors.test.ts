import { describe, expect, it } from 'vitest';
import { actionableStep, filterEvents, movableIds, panelRowIds, selectedIndex, shownRun, sortAlerts } from '../../../src/tui/selectors.ts';
import { initialUiState, type UiState } from '../../../src/tui/state.ts';
import { alert, busySnapshot, event, T0 } from './factories.ts';

const ui = (o: Partial<UiState>): UiState => ({ ...initialUiState, ...o });

describe('filterEvents', () => {
  const events = [
    event('1', { type: 'task_request', priority: 'low' }),
    event('2', { type: 'error_occurred', priority: 'urgent' }),
    event('3', { type: 'task_request', priority: 'high' }),
    event('4', { type: 'data_update', priority: 'normal' }),
  ];
  it.each([
    { filter: { type: null, minPriority: null }, want: ['4', '3', '2', '1'] },
    { filter: { type: 'task_request', minPriority: null }, want: ['3', '1'] },
    { filter: { type: null, minPriority: 'high' }, want: ['3', '2'] },
    { filter: { type: 'task_request', minPriority: 'urgent' }, want: [] },
    { filter: { type: null, minPriority: 'normal' }, want: ['4', '3', '2'] },
  ] as const)('type=$filter.type min=$filter.minPriority → $want (newest first)', ({ filter, want }) => {
    expect(filterEvents(events, filter).map((e) => e.id)).toEqual(want);
  });
});

describe('row selection', () => {
  const s = busySnapshot();
  it('lists each panel in display order', () => {
    expect(panelRowIds(s, initialUiState, 'agents')).toEqual(['planner', 'researcher', 'writer', 'notifier']);
    expect(panelRowIds(s, initialUiState, 'workflows')).toEqual(['daily-report', 'triage', 'summarise']);
    expect(panelRowIds(s, initialUiState, 'runs')).toEqual(['run-aaaa-000001', 'run-bbbb-000002']);
    expect(panelRowIds(s, initialUiState, 'events')).toEqual(['e3', 'e2', 'e1']);
    expect(panelRowIds(s, initialUiState, 'alerts')).toEqual(['a1', 'a0']);
  });
  it.each([
    { ids: ['a', 'b'], sel: null, want: 0 },
    { ids: ['a', 'b'], sel: 'b', want: 1 },
    { ids: ['a', 'b'], sel: 'gone', want: 0 },
  ])('selectedIndex($sel) = $want', ({ ids, sel, want }) => expect(selectedIndex(ids, sel)).toBe(want));

  it('moves through the open run steps instead of the runs', () => {
    expect(movableIds(s, ui({ focus: 'runs', openRunId: 'run-aaaa-000001' }))).toEqual(['fetch', 'analyse', 'draft', 'publish']);
    expect(movableIds(s, ui({ focus: 'runs' }))).toEqual(['run-aaaa-000001', 'run-bbbb-000002']);
  });
});

describe('shownRun and actionableStep', () => {
  const s = busySnapshot();
  const table: { name: string; ui: Partial<UiState>; run: string | undefined; step: string | undefined }[] = [
    { name: 'no selection: first run, its in_doubt step', ui: {}, run: 'run-aaaa-000001', step: 'draft' },
    { name: 'selected finished run has no in_doubt step', ui: { selected: { ...initialUiState.selected, runs: 'run-bbbb-000002' } }, run: 'run-bbbb-000002', step: undefined },
    { name: 'open run: the selected step, whatever its state', ui: { openRunId: 'run-aaaa-000001', selectedStep: 'analyse' }, run: 'run-aaaa-000001', step: 'analyse' },
    { name: 'open run wins over the selection', ui: { openRunId: 'run-aaaa-000001', selectedStep: 'fetch', selected: { ...initialUiState.selected, runs: 'run-bbbb-000002' } }, run: 'run-aaaa-000001', step: 'fetch' },
    { name: 'a vanished open run falls back to the selection', ui: { openRunId: 'gone', selectedStep: 'x' }, run: 'run-aaaa-000001', step: 'draft' },
  ];
  it.each(table)('$name', ({ ui: o, run, step }) => {
    expect(shownRun(s, ui(o))?.id).toBe(run);
    expect(actionableStep(s, ui(o))?.step.id).toBe(step);
  });
});

describe('sortAlerts', () => {
  it('puts active alerts first, newest first within each group', () => {
    const got = sortAlerts([alert('old-off', { active: false, time: T0 }), alert('a-old', { time: T0 - 10 }), alert('a-new', { time: T0 + 10 }), alert('new-off', { active: false, time: T0 + 99 })]);
    expect(got.map((a) => a.id)).toEqual(['a-new', 'a-old', 'new-off', 'old-off']);
  });
});
