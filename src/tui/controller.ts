// What a key means given what is on screen: a pure function from (intent, snapshot, ui) to
// effects — UI actions to dispatch and commands to send — so it is tested as a table.
import { assertNever, FINAL_RUN_STATUSES } from '../core/index.ts';
import type { Snapshot, StepDetail, TuiCommands, WorkflowInput, WorkflowSnapshot } from '../core/index.ts';
import type { Intent, PromptKey } from './keymap.ts';
import { actionableStep, movableIds, openRun, selectedWorkflow, shownRun } from './selectors.ts';
import { PANELS, type UiAction, type UiState } from './state.ts';

export type CommandCall =
  | { name: 'runWorkflow'; workflowId: string; inputs: Record<string, unknown> }
  | { name: 'cancelRun'; runId: string }
  | { name: 'retryStep'; runId: string; stepId: string }
  | { name: 'skipStep'; runId: string; stepId: string }
  | { name: 'pauseSchedule'; workflowId: string }
  | { name: 'resumeSchedule'; workflowId: string }
  | { name: 'stepDetail'; runId: string; stepId: string }
  | { name: 'quit' };

export type Effect = { kind: 'dispatch'; action: UiAction } | { kind: 'command'; call: CommandCall };

const act = (action: UiAction): Effect => ({ kind: 'dispatch', action });
const send = (call: CommandCall): Effect => ({ kind: 'command', call });
const say = (text: string): Effect => act({ type: 'message', text, tone: 'info' });

export function decideIntent(intent: Intent, snapshot: Snapshot, ui: UiState): Effect[] {
  switch (intent) {
    case 'focusNext': return [act({ type: 'focusNext' })];
    case 'focusPrev': return [act({ type: 'focusPrev' })];
    case 'focus1':
    case 'focus2':
    case 'focus3':
    case 'focus4':
    case 'focus5': return [act({ type: 'focus', panel: PANELS[Number(intent.slice(5)) - 1] ?? 'agents' })];
    case 'up':
    case 'down': return [act({ type: 'move', delta: intent === 'up' ? -1 : 1, ids: movableIds(snapshot, ui) })];
    case 'open': {
      if (ui.focus !== 'runs') return [say('enter opens a run: go to Runs (3) first')];
      const run = shownRun(snapshot, ui);
      if (!run || ui.openRunId !== null) return [];
      const first = run.steps.find((s) => s.status === 'in_doubt') ?? run.steps[0];
      return [act({ type: 'openRun', runId: run.id, firstStep: first?.id ?? null })];
    }
    case 'detail': {
      const run = ui.focus === 'runs' ? openRun(snapshot, ui) : undefined;
      const step = run?.steps.find((s) => s.id === ui.selectedStep);
      if (!run || !step) return [say('d shows a step in full: open a run (3, enter) and select a step')];
      return [send({ name: 'stepDetail', runId: run.id, stepId: step.id })];
    }
    case 'back':
      if (ui.help) return [act({ type: 'toggleHelp' })];
      if (ui.stepDetail) return [act({ type: 'detailClose' })];
      return ui.openRunId !== null ? [act({ type: 'closeRun' })] : [];
    case 'run': {
      const wf = contextWorkflow(snapshot, ui);
      if (!wf) return [say('select a workflow (2) to run it')];
      if (wf.inputs.length > 0) return [act({ type: 'promptOpen', workflowId: wf.id, fields: wf.inputs })];
      return [send({ name: 'runWorkflow', workflowId: wf.id, inputs: {} })];
    }
    case 'cancel': {
      const run = ui.focus === 'runs' ? shownRun(snapshot, ui) : undefined;
      if (!run) return [say('select a run (3) to cancel it')];
      if (FINAL_RUN_STATUSES.includes(run.status)) return [say(`${run.id} has already ended (${run.status})`)];
      return [send({ name: 'cancelRun', runId: run.id })];
    }
    case 'retry':
    case 'skip': {
      const hit = ui.focus === 'runs' ? actionableStep(snapshot, ui) : undefined;
      if (!hit || hit.step.status !== 'in_doubt') return [say(`${intent} applies to an in_doubt step: open its run (3, enter)`)];
      const call = { runId: hit.run.id, stepId: hit.step.id };
      return [send(intent === 'retry' ? { name: 'retryStep', ...call } : { name: 'skipStep', ...call })];
    }
    case 'pause': {
      const wf = contextWorkflow(snapshot, ui);
      if (!wf) return [say('select a workflow (2) to pause its schedule')];
      return [send(wf.paused ? { name: 'resumeSchedule', workflowId: wf.id } : { name: 'pauseSchedule', workflowId: wf.id })];
    }
    case 'filterType': return [act({ type: 'cycleEventType' }), act({ type: 'focus', panel: 'events' })];
    case 'filterPriority': return [act({ type: 'cyclePriority' }), act({ type: 'focus', panel: 'events' })];
    case 'help': return [act({ type: 'toggleHelp' })];
    case 'quit':
      // A second quit while stopping is the "second signal": the runtime stops at once.
      return ui.quitting ? [send({ name: 'quit' })] : [act({ type: 'quitting' }), send({ name: 'quit' })];
    default: return assertNever(intent, 'intent');
  }
}

/** The workflow r and p act on: the selected one in Workflows, the shown run's in Runs. */
function contextWorkflow(snapshot: Snapshot, ui: UiState): WorkflowSnapshot | undefined {
  if (ui.focus === 'workflows') return selectedWorkflow(snapshot, ui);
  if (ui.focus === 'runs') {
    const run = shownRun(snapshot, ui);
    return run ? snapshot.workflows.find((w) => w.id === run.workflowId) : undefined;
  }
  return undefined;
}

export function decidePromptKey(key: PromptKey, ui: UiState): Effect[] {
  const p = ui.prompt;
  if (!p) return [];
  switch (key.kind) {
    case 'cancel': return [act({ type: 'promptClose' }), say('run cancelled')];
    case 'backspace': return [act({ type: 'promptBackspace' })];
    case 'text': return [act({ type: 'promptType', text: key.text })];
    case 'submit': {
      const field = p.fields[p.index];
      if (!field) return [act({ type: 'promptClose' })];
      const parsed = parseInput(field, p.buffer);
      if ('error' in parsed) return [act({ type: 'promptError', error: parsed.error })];
      const accept = act({ type: 'promptAccept', name: field.name, value: parsed.value });
      if (p.index < p.fields.length - 1) return [accept];
      const inputs = { ...p.values };
      if (parsed.value !== undefined) inputs[field.name] = parsed.value;
      return [accept, act({ type: 'promptClose' }), send({ name: 'runWorkflow', workflowId: p.workflowId, inputs })];
    }
    default: return assertNever(key, 'prompt key');
  }
}

/**
 * Typed text → the input's JSON value by its schema type. Empty means "not given" (the
 * runtime applies the default), which only a required input without a default refuses.
 */
export function parseInput(field: WorkflowInput, text: string): { value: unknown } | { error: string } {
  const raw = text.trim();
  if (raw === '') {
    return field.required && field.default === undefined ? { error: `${field.name} is required` } : { value: undefined };
  }
  switch (field.type) {
    case 'number':
    case 'integer': {
      const n = Number(raw);
      if (!Number.isFinite(n) || (field.type === 'integer' && !Number.isInteger(n))) return { error: `${field.name} must be ${field.type === 'integer' ? 'an integer' : 'a number'}` };
      return { value: n };
    }
    case 'boolean':
      if (raw === 'true' || raw === 'false') return { value: raw === 'true' };
      return { error: `${field.name} must be true or false` };
    case 'object':
    case 'array':
      try {
        const v: unknown = JSON.parse(raw);
        const ok = field.type === 'array' ? Array.isArray(v) : typeof v === 'object' && v !== null && !Array.isArray(v);
        return ok ? { value: v } : { error: `${field.name} must be a JSON ${field.type}` };
      } catch {
        return { error: `${field.name} must be JSON (${field.type})` };
      }
    default:
      return { value: text };
  }
}

/** Sends one command; resolves to the status-line message (failures included, never throws). */
export async function runCommand(commands: TuiCommands, call: CommandCall): Promise<{ text: string; tone: 'info' | 'error'; runId?: string; detail?: StepDetail }> {
  try {
    switch (call.name) {
      case 'runWorkflow': {
        const { runId } = await commands.runWorkflow(call.workflowId, call.inputs);
        return { text: `started ${runId} (${call.workflowId})`, tone: 'info', runId };
      }
      case 'cancelRun': await commands.cancelRun(call.runId); return { text: `cancel requested: ${call.runId}`, tone: 'info' };
      case 'retryStep': await commands.retryStep(call.runId, call.stepId); return { text: `retrying ${call.stepId}`, tone: 'info' };
      case 'skipStep': await commands.skipStep(call.runId, call.stepId); return { text: `skipped ${call.stepId}`, tone: 'info' };
      case 'pauseSchedule': await commands.pauseSchedule(call.workflowId); return { text: `paused ${call.workflowId}`, tone: 'info' };
      case 'resumeSchedule': await commands.resumeSchedule(call.workflowId); return { text: `resumed ${call.workflowId}`, tone: 'info' };
      case 'stepDetail': {
        const detail = await commands.stepDetail(call.runId, call.stepId);
        return { text: `${call.stepId}: esc closes`, tone: 'info', detail };
      }
      case 'quit': await commands.quit(); return { text: 'stopped', tone: 'info' };
      default: return assertNever(call, 'command');
    }
  } catch (err) {
    return { text: `${call.name} failed: ${err instanceof Error ? err.message : String(err)}`, tone: 'error' };
  }
}
