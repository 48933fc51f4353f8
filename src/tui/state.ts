// UI state is a pure reducer over a closed union of actions; the runtime's snapshot is not in
// here (it arrives through the SnapshotSource) — only what the person is looking at.
import { assertNever, EVENT_TYPES, PRIORITIES } from '../core/index.ts';
import type { EventPriority, EventType, StepDetail, WorkflowInput } from '../core/index.ts';

export const PANELS = ['agents', 'workflows', 'runs', 'events', 'alerts'] as const;
export type PanelId = (typeof PANELS)[number];

export { EVENT_TYPES, PRIORITIES };

export interface EventFilter {
  type: EventType | null;
  /** Show events of this priority and above; null: all. */
  minPriority: EventPriority | null;
}

/** Asking for a workflow's inputs one at a time before running it. */
export interface PromptState {
  workflowId: string;
  fields: WorkflowInput[];
  index: number;
  values: Record<string, unknown>;
  buffer: string;
  error: string | null;
}

export interface StatusMessage {
  text: string;
  tone: 'info' | 'error';
}

export interface UiState {
  focus: PanelId;
  /** Selected row per panel, by id, so a list that shifts under live updates keeps the selection. */
  selected: Record<PanelId, string | null>;
  /** The run whose steps are being browsed (enter on a run); null: the steps follow the selection. */
  openRunId: string | null;
  selectedStep: string | null;
  /** The step shown in full (d on a step of an open run), over the panels until esc. */
  stepDetail: StepDetail | null;
  eventFilter: EventFilter;
  help: boolean;
  prompt: PromptState | null;
  message: StatusMessage | null;
  quitting: boolean;
  /** The runtime has stopped after a quit: the last frame says so, then the console exits. */
  stopped: boolean;
}

export type UiAction =
  | { type: 'focus'; panel: PanelId }
  | { type: 'focusNext' }
  | { type: 'focusPrev' }
  /** Moves the selection of the focused list (the steps when a run is open) by `delta` rows. */
  | { type: 'move'; delta: number; ids: readonly string[] }
  | { type: 'select'; panel: PanelId; id: string }
  | { type: 'openRun'; runId: string; firstStep: string | null }
  | { type: 'closeRun' }
  | { type: 'detailOpen'; detail: StepDetail }
  | { type: 'detailClose' }
  | { type: 'cycleEventType' }
  | { type: 'cyclePriority' }
  | { type: 'toggleHelp' }
  | { type: 'promptOpen'; workflowId: string; fields: WorkflowInput[] }
  | { type: 'promptType'; text: string }
  | { type: 'promptBackspace' }
  | { type: 'promptAccept'; name: string; value: unknown }
  | { type: 'promptError'; error: string }
  | { type: 'promptClose' }
  | { type: 'message'; text: string; tone: StatusMessage['tone'] }
  | { type: 'quitting' }
  | { type: 'stopped' };

export const initialUiState: UiState = {
  focus: 'agents',
  selected: { agents: null, workflows: null, runs: null, events: null, alerts: null },
  openRunId: null,
  selectedStep: null,
  stepDetail: null,
  eventFilter: { type: null, minPriority: null },
  help: false,
  prompt: null,
  message: null,
  quitting: false,
  stopped: false,
};

export function uiReducer(state: UiState, action: UiAction): UiState {
  switch (action.type) {
    case 'focus':
      return { ...state, focus: action.panel, help: false };
    case 'focusNext':
    case 'focusPrev': {
      const i = PANELS.indexOf(state.focus);
      const step = action.type === 'focusNext' ? 1 : PANELS.length - 1;
      return { ...state, focus: PANELS[(i + step) % PANELS.length] ?? 'agents' };
    }
    case 'move': {
      if (state.focus === 'runs' && state.openRunId !== null) {
        return { ...state, selectedStep: moveId(action.ids, state.selectedStep, action.delta) };
      }
      const selected = { ...state.selected, [state.focus]: moveId(action.ids, state.selected[state.focus], action.delta) };
      return { ...state, selected };
    }
    case 'select':
      return { ...state, selected: { ...state.selected, [action.panel]: action.id } };
    case 'openRun':
      return {
        ...state,
        focus: 'runs',
        openRunId: action.runId,
        selectedStep: action.firstStep,
        selected: { ...state.selected, runs: action.runId },
      };
    case 'closeRun':
      return { ...state, openRunId: null, selectedStep: null, stepDetail: null };
    case 'detailOpen':
      return { ...state, stepDetail: action.detail, message: null };
    case 'detailClose':
      return { ...state, stepDetail: null };
    case 'cycleEventType':
      return { ...state, eventFilter: { ...state.eventFilter, type: cycle(EVENT_TYPES, state.eventFilter.type) } };
    case 'cyclePriority':
      return {
        ...state,
        eventFilter: { ...state.eventFilter, minPriority: cycle(PRIORITIES.slice(1), state.eventFilter.minPriority) },
      };
    case 'toggleHelp':
      return { ...state, help: !state.help };
    case 'promptOpen':
      return {
        ...state,
        help: false,
        prompt: { workflowId: action.workflowId, fields: action.fields, index: 0, values: {}, buffer: '', error: null },
      };
    case 'promptType':
      return state.prompt ? { ...state, prompt: { ...state.prompt, buffer: state.prompt.buffer + action.text, error: null } } : state;
    case 'promptBackspace':
      return state.prompt ? { ...state, prompt: { ...state.prompt, buffer: [...state.prompt.buffer].slice(0, -1).join(''), error: null } } : state;
    case 'promptAccept': {
      if (!state.prompt) return state;
      const values = { ...state.prompt.values };
      if (action.value !== undefined) values[action.name] = action.value;
      return { ...state, prompt: { ...state.prompt, values, index: state.prompt.index + 1, buffer: '', error: null } };
    }
    case 'promptError':
      return state.prompt ? { ...state, prompt: { ...state.prompt, error: action.error } } : state;
    case 'promptClose':
      return { ...state, prompt: null };
    case 'message':
      return { ...state, message: { text: action.text, tone: action.tone } };
    case 'quitting':
      return { ...state, quitting: true, help: false, prompt: null };
    case 'stopped':
      return { ...state, stopped: true };
    default:
      return assertNever(action, 'ui action');
  }
}

/** The id `delta` rows away from `current` in `ids`, clamped; an unknown current is row 0 (where the view shows it). */
export function moveId(ids: readonly string[], current: string | null, delta: number): string | null {
  if (ids.length === 0) return null;
  const at = current === null ? -1 : ids.indexOf(current);
  const from = at < 0 ? 0 : at;
  const next = Math.min(Math.max(from + delta, 0), ids.length - 1);
  return ids[next] ?? null;
}

/** null → first → … → last → null. */
function cycle<T>(list: readonly T[], current: T | null): T | null {
  if (current === null) return list[0] ?? null;
  const i = list.indexOf(current);
  return i < 0 || i === list.length - 1 ? null : (list[i + 1] ?? null);
}
