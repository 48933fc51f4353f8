// What a key means given what is on screen: a pure function from (intent, snapshot, ui) to
// effects — UI actions to dispatch and commands to send — so it is tested as a table.
import { assertNever, FINAL_RUN_STATUSES } from '../core/index.ts';
import type { Snapshot, StepDetail, TuiApprovalAnswer, TuiCommands, WorkflowInput, WorkflowSnapshot } from '../core/index.ts';
import type { Intent, PromptKey } from './keymap.ts';
import { actionableStep, approvalStep, childToOpen, movableIds, openRun, selectedWorkflow, shownRun } from './selectors.ts';
import { PANELS, type PromptState, type UiAction, type UiState } from './state.ts';

export type CommandCall =
  | { name: 'runWorkflow'; workflowId: string; inputs: Record<string, unknown> }
  | { name: 'cancelRun'; runId: string }
  | { name: 'retryStep'; runId: string; stepId: string }
  | { name: 'skipStep'; runId: string; stepId: string }
  | { name: 'pauseSchedule'; workflowId: string }
  | { name: 'resumeSchedule'; workflowId: string }
  | { name: 'stepDetail'; runId: string; stepId: string }
  | { name: 'answerApproval'; runId: string; stepId: string; answer: TuiApprovalAnswer }
  | { name: 'quit' };

export type Effect = { kind: 'dispatch'; action: UiAction } | { kind: 'command'; call: CommandCall };

const act = (action: UiAction): Effect => ({ kind: 'dispatch', action });
const send = (call: CommandCall): Effect => ({ kind: 'command', call });
const say = (text: string): Effect => act({ type: 'message', text, tone: 'info' });

/** What the view knows that keys need: how many rows the shown transcript has (for scrolling). */
export interface ViewFacts {
  transcriptRows: number;
}

/** Lines a scroll key moves the transcript. */
export const SCROLL_PAGE = 5;

export function decideIntent(intent: Intent, snapshot: Snapshot, ui: UiState, view: ViewFacts = { transcriptRows: 0 }): Effect[] {
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
      if (ui.openRunId !== null) {
        // In a run: enter goes down into a child run (a workflow step's, an item's, an iteration's).
        const child = childToOpen(snapshot, ui);
        return child ? [act({ type: 'openRun', runId: child.id, firstStep: firstStep(child), child: true })] : [];
      }
      const run = shownRun(snapshot, ui);
      if (!run) return [];
      return [act({ type: 'openRun', runId: run.id, firstStep: firstStep(run) })];
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
    case 'approve':
    case 'reject': {
      const hit = ui.focus === 'runs' ? approvalStep(snapshot, ui) : undefined;
      if (!hit) return [say(`${intent === 'approve' ? 'a' : 'x'} answers a step waiting for approval: select its run (3) or open it and select the step`)];
      const { run, step } = hit;
      const approved = intent === 'approve';
      const form = approved ? (step.approval.fields ?? []) : [];
      const fields: WorkflowInput[] = [...form];
      if (!form.some((f) => f.name === COMMENT)) fields.push({ name: COMMENT, type: 'string', required: false, description: approved ? 'optional' : 'the reason, optional' });
      const approval = { runId: run.id, stepId: step.id, approved, prompt: step.approval.prompt, form: form.map((f) => f.name), ...(step.approval.callId === undefined ? {} : { callId: step.approval.callId }) };
      return [act({ type: 'promptOpen', workflowId: run.workflowId, fields, approval })];
    }
    case 'scrollUp':
    case 'scrollDown': {
      if (ui.openRunId === null || view.transcriptRows === 0) return [say('pgup/pgdn scroll the transcript of an open run’s llm step')];
      return [act({ type: 'scrollTranscript', delta: intent === 'scrollUp' ? SCROLL_PAGE : -SCROLL_PAGE, max: view.transcriptRows - 1 })];
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

const COMMENT = 'comment';

/** The step an opened run selects first: one that waits for a person, else the first. */
function firstStep(run: { steps: readonly { id: string; status: string; approval?: unknown }[] }): string | null {
  return (run.steps.find((s) => s.status === 'in_doubt' || s.status === 'waiting' || s.approval !== undefined) ?? run.steps[0])?.id ?? null;
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
    case 'cancel': return [act({ type: 'promptClose' }), say(p.approval ? 'nothing answered' : 'run cancelled')];
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
      if (p.approval) return [accept, act({ type: 'promptClose' }), send(answerCall(p.approval, inputs))];
      return [accept, act({ type: 'promptClose' }), send({ name: 'runWorkflow', workflowId: p.workflowId, inputs })];
    }
    default: return assertNever(key, 'prompt key');
  }
}

/** The prompt's values as an answer: the form's fields are its input, the rest its comment. */
function answerCall(a: NonNullable<PromptState['approval']>, values: Record<string, unknown>): CommandCall {
  const input: Record<string, unknown> = {};
  for (const name of a.form) if (values[name] !== undefined) input[name] = values[name];
  const comment = a.form.includes(COMMENT) ? undefined : values[COMMENT];
  const answer: TuiApprovalAnswer = {
    approved: a.approved,
    ...(typeof comment === 'string' && comment.trim() !== '' ? { comment } : {}),
    ...(Object.keys(input).length ? { input } : {}),
    ...(a.callId === undefined ? {} : { callId: a.callId }),
  };
  return { name: 'answerApproval', runId: a.runId, stepId: a.stepId, answer };
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
      case 'answerApproval': {
        await commands.answerApproval(call.runId, call.stepId, call.answer);
        const what = call.answer.callId === undefined ? call.stepId : `tool call ${call.answer.callId} of ${call.stepId}`;
        return { text: `${call.answer.approved ? 'approved' : 'rejected'} ${what}`, tone: 'info' };
      }
      case 'quit': await commands.quit(); return { text: 'stopped', tone: 'info' };
      default: return assertNever(call, 'command');
    }
  } catch (err) {
    return { text: `${call.name} failed: ${err instanceof Error ? err.message : String(err)}`, tone: 'error' };
  }
}
