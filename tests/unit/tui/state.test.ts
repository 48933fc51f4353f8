import { describe, expect, it } from 'vitest';
import { initialUiState, moveId, uiReducer, type UiAction, type UiState } from '../../../src/tui/state.ts';

const run = (actions: UiAction[], from: UiState = initialUiState) => actions.reduce(uiReducer, from);
const ids = ['a', 'b', 'c'];

describe('uiReducer', () => {
  const table: { name: string; actions: UiAction[]; expect: Partial<UiState> }[] = [
    { name: 'starts on agents with nothing open', actions: [], expect: { focus: 'agents', openRunId: null, help: false, prompt: null } },
    { name: 'focus jumps to a panel and closes help', actions: [{ type: 'toggleHelp' }, { type: 'focus', panel: 'runs' }], expect: { focus: 'runs', help: false } },
    { name: 'focusNext cycles through all five and wraps', actions: Array(5).fill({ type: 'focusNext' }), expect: { focus: 'agents' } },
    { name: 'focusNext moves right', actions: [{ type: 'focusNext' }, { type: 'focusNext' }], expect: { focus: 'runs' } },
    { name: 'focusPrev from the first wraps to the last', actions: [{ type: 'focusPrev' }], expect: { focus: 'alerts' } },
    { name: 'move selects by id in the focused panel', actions: [{ type: 'move', delta: 1, ids }], expect: { selected: { ...initialUiState.selected, agents: 'b' } } },
    { name: 'move clamps at the end', actions: [{ type: 'move', delta: 9, ids }, { type: 'move', delta: 1, ids }], expect: { selected: { ...initialUiState.selected, agents: 'c' } } },
    { name: 'move in an open run moves the step', actions: [{ type: 'openRun', runId: 'r1', firstStep: 'a' }, { type: 'move', delta: 1, ids }], expect: { focus: 'runs', openRunId: 'r1', selectedStep: 'b', selected: { ...initialUiState.selected, runs: 'r1' } } },
    { name: 'closeRun forgets the step', actions: [{ type: 'openRun', runId: 'r1', firstStep: 'a' }, { type: 'closeRun' }], expect: { openRunId: null, selectedStep: null } },
    { name: 'select sets a panel selection', actions: [{ type: 'select', panel: 'runs', id: 'r9' }], expect: { selected: { ...initialUiState.selected, runs: 'r9' } } },
    { name: 'event type filter cycles from all', actions: [{ type: 'cycleEventType' }], expect: { eventFilter: { type: 'task_request', minPriority: null } } },
    { name: 'event type filter returns to all after the last type', actions: Array(8).fill({ type: 'cycleEventType' }), expect: { eventFilter: { type: null, minPriority: null } } },
    { name: 'priority filter starts at normal and above', actions: [{ type: 'cyclePriority' }], expect: { eventFilter: { type: null, minPriority: 'normal' } } },
    { name: 'priority filter: normal, high, urgent, all', actions: Array(4).fill({ type: 'cyclePriority' }), expect: { eventFilter: { type: null, minPriority: null } } },
    { name: 'help toggles', actions: [{ type: 'toggleHelp' }, { type: 'toggleHelp' }], expect: { help: false } },
    { name: 'message shows on the status line', actions: [{ type: 'message', text: 'x', tone: 'error' }], expect: { message: { text: 'x', tone: 'error' } } },
    { name: 'quitting closes overlays', actions: [{ type: 'toggleHelp' }, { type: 'quitting' }], expect: { quitting: true, help: false } },
  ];
  it.each(table)('$name', ({ actions, expect: want }) => {
    expect(run(actions)).toMatchObject(want);
  });

  it('walks a prompt: type, backspace, accept, error, close', () => {
    const fields = [{ name: 'text', type: 'string', required: true, description: null }];
    const steps: [UiAction, Partial<NonNullable<UiState['prompt']>> | null][] = [
      [{ type: 'promptOpen', workflowId: 'w', fields }, { index: 0, buffer: '', values: {} }],
      [{ type: 'promptType', text: 'hé' }, { buffer: 'hé' }],
      [{ type: 'promptBackspace' }, { buffer: 'h' }],
      [{ type: 'promptError', error: 'bad' }, { error: 'bad', buffer: 'h' }],
      [{ type: 'promptType', text: 'i' }, { error: null, buffer: 'hi' }],
      [{ type: 'promptAccept', name: 'text', value: 'hi' }, { index: 1, buffer: '', values: { text: 'hi' } }],
      [{ type: 'promptClose' }, null],
    ];
    let s = initialUiState;
    for (const [action, want] of steps) {
      s = uiReducer(s, action);
      if (want === null) expect(s.prompt).toBeNull();
      else expect(s.prompt).toMatchObject(want);
    }
  });

  it('leaves prompt edits alone when no prompt is open', () => {
    for (const a of [{ type: 'promptType', text: 'x' }, { type: 'promptBackspace' }, { type: 'promptAccept', name: 'x', value: 1 }, { type: 'promptError', error: 'e' }] as UiAction[]) {
      expect(uiReducer(initialUiState, a)).toBe(initialUiState);
    }
  });
});

describe('moveId', () => {
  it.each([
    { current: null, delta: 1, want: 'b' },
    { current: null, delta: -1, want: 'a' },
    { current: 'gone', delta: 1, want: 'b' },
    { current: 'b', delta: -1, want: 'a' },
    { current: 'a', delta: -5, want: 'a' },
    { current: 'b', delta: 5, want: 'c' },
  ])('$current moved by $delta is $want', ({ current, delta, want }) => {
    expect(moveId(ids, current, delta)).toBe(want);
  });
  it('is null for an empty list', () => {
    expect(moveId([], 'a', 1)).toBeNull();
  });
});
