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

/** The approval a prompt answers: the step's own, or a tool call's (`callId`). */
export interface ApprovalTarget {
  runId: string;
  stepId: string;
  approved: boolean;
  callId?: string;
  prompt: string;
  /** The names of the fields that are the approval's form (the rest is the comment). */
  form: string[];
}

/**
 * Asking for values one at a time: a workflow's inputs before running it, or (with `approval`)
 * an approval's form and comment before answering it.
 */
export interface PromptState {
  /** The workflow run, or the workflow of the run whose approval is answered. */
  workflowId: string;
  approval?: ApprovalTarget;
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
  /** The parent runs a child run was entered from (enter on a child), innermost last: esc goes back to them. */
  runStack: string[];
  /** How many lines the step's transcript is scrolled up from its newest line (0: follows the tail). */
  transcriptScroll: number;
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
  /** `child`: entered from the open run's row of this child (esc comes back to it). */
  | { type: 'openRun'; runId: string; firstStep: string | null; child?: boolean }
  /** Scrolls the transcript by `delta` lines (positive: older), within `max`. */
  | { type: 'scrollTranscript'; delta: number; max: number }
  | { type: 'closeRun' }
  | { type: 'detailOpen'; detail: StepDetail }
  | { type: 'detailClose' }
  | { type: 'cycleEventType' }
  | { type: 'cyclePriority' }
  | { type: 'toggleHelp' }
  | { type: 'promptOpen'; workflowId: string; fields: WorkflowInput[]; approval?: ApprovalTarget }
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
  runStack: [],
  transcriptScroll: 0,
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
        const selectedStep = moveId(action.ids, state.selectedStep, action.delta);
        return { ...state, selectedStep, transcriptScroll: selectedStep === state.selectedStep ? state.transcriptScroll : 0 };
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
        runStack: action.child && state.openRunId !== null ? [...state.runStack, state.openRunId] : [],
        selectedStep: action.firstStep,
        transcriptScroll: 0,
        selected: action.child ? state.selected : { ...state.selected, runs: action.runId },
      };
    case 'closeRun': {
      const parent = state.runStack.at(-1);
      // Back to the parent run, on the row of the child that was open.
      if (parent !== undefined && state.openRunId !== null) {
        return { ...state, openRunId: parent, runStack: state.runStack.slice(0, -1), selectedStep: childRowId(state.openRunId), stepDetail: null, transcriptScroll: 0 };
      }
      return { ...state, openRunId: null, runStack: [], selectedStep: null, stepDetail: null, transcriptScroll: 0 };
    }
    case 'scrollTranscript':
      return { ...state, transcriptScroll: Math.min(Math.max(0, state.transcriptScroll + action.delta), Math.max(0, action.max)) };
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
        prompt: { workflowId: action.workflowId, ...(action.approval ? { approval: action.approval } : {}), fields: action.fields, index: 0, values: {}, buffer: '', error: null },
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

/** The row id of a child run in its parent's run view (no step id has this prefix: ids are names). */
export function childRowId(runId: string): string {
  return `↳${runId}`;
}

/** The child run a run-view row stands for, or undefined for a step's row. */
export function childOfRow(rowId: string | null): string | undefined {
  return rowId?.startsWith('↳') ? rowId.slice(1) : undefined;
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
