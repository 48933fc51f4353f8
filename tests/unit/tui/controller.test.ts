import { describe, expect, it } from 'vitest';
import { decideIntent, decidePromptKey, parseInput, runCommand, type Effect } from '../../../src/tui/controller.ts';
import type { Intent } from '../../../src/tui/keymap.ts';
import { initialUiState, type UiState } from '../../../src/tui/state.ts';
import { busySnapshot, recordingCommands } from './factories.ts';

const ui = (o: Partial<UiState>): UiState => ({ ...initialUiState, ...o });
const sel = (o: Partial<UiState['selected']>) => ({ ...initialUiState.selected, ...o });
const commandsOf = (effects: Effect[]) => effects.flatMap((e) => (e.kind === 'command' ? [e.call] : []));
const actionsOf = (effects: Effect[]) => effects.flatMap((e) => (e.kind === 'dispatch' ? [e.action.type] : []));

describe('decideIntent: keys that send commands', () => {
  const s = busySnapshot();
  const table: { name: string; intent: Intent; ui: Partial<UiState>; commands: unknown[]; actions?: string[] }[] = [
    { name: 'r on a workflow without inputs runs it', intent: 'run', ui: { focus: 'workflows' }, commands: [{ name: 'runWorkflow', workflowId: 'daily-report', inputs: {} }] },
    { name: 'r on a workflow with inputs asks for them first', intent: 'run', ui: { focus: 'workflows', selected: sel({ workflows: 'summarise' }) }, commands: [], actions: ['promptOpen'] },
    { name: 'r in Runs reruns the shown run’s workflow', intent: 'run', ui: { focus: 'runs', selected: sel({ runs: 'run-bbbb-000002' }) }, commands: [{ name: 'runWorkflow', workflowId: 'triage', inputs: {} }] },
    { name: 'r elsewhere only explains', intent: 'run', ui: { focus: 'agents' }, commands: [], actions: ['message'] },
    { name: 'c cancels the selected active run', intent: 'cancel', ui: { focus: 'runs' }, commands: [{ name: 'cancelRun', runId: 'run-aaaa-000001' }] },
    { name: 'c on an ended run explains', intent: 'cancel', ui: { focus: 'runs', selected: sel({ runs: 'run-bbbb-000002' }) }, commands: [], actions: ['message'] },
    { name: 'c outside Runs does nothing but explain', intent: 'cancel', ui: { focus: 'events' }, commands: [], actions: ['message'] },
    { name: 'R retries the in_doubt step of the shown run', intent: 'retry', ui: { focus: 'runs' }, commands: [{ name: 'retryStep', runId: 'run-aaaa-000001', stepId: 'draft' }] },
    { name: 's skips the selected in_doubt step of the open run', intent: 'skip', ui: { focus: 'runs', openRunId: 'run-aaaa-000001', selectedStep: 'draft' }, commands: [{ name: 'skipStep', runId: 'run-aaaa-000001', stepId: 'draft' }] },
    { name: 'R on a step that is not in_doubt refuses', intent: 'retry', ui: { focus: 'runs', openRunId: 'run-aaaa-000001', selectedStep: 'analyse' }, commands: [], actions: ['message'] },
    { name: 'p pauses a running schedule', intent: 'pause', ui: { focus: 'workflows' }, commands: [{ name: 'pauseSchedule', workflowId: 'daily-report' }] },
    { name: 'p resumes a paused schedule', intent: 'pause', ui: { focus: 'workflows', selected: sel({ workflows: 'triage' }) }, commands: [{ name: 'resumeSchedule', workflowId: 'triage' }] },
    { name: 'q starts a graceful quit', intent: 'quit', ui: {}, commands: [{ name: 'quit' }], actions: ['quitting'] },
    { name: 'q again while stopping forces', intent: 'quit', ui: { quitting: true }, commands: [{ name: 'quit' }], actions: [] },
  ];
  it.each(table)('$name', ({ intent, ui: o, commands, actions }) => {
    const effects = decideIntent(intent, s, ui(o));
    expect(commandsOf(effects)).toEqual(commands);
    if (actions) expect(actionsOf(effects)).toEqual(actions);
  });
});

describe('decideIntent: keys that only move the view', () => {
  const s = busySnapshot();
  it.each([
    { intent: 'focus3', ui: {}, want: [{ type: 'focus', panel: 'runs' }] },
    { intent: 'focus5', ui: {}, want: [{ type: 'focus', panel: 'alerts' }] },
    { intent: 'down', ui: { focus: 'workflows' }, want: [{ type: 'move', delta: 1, ids: ['daily-report', 'triage', 'summarise'] }] },
    { intent: 'up', ui: { focus: 'runs', openRunId: 'run-aaaa-000001' }, want: [{ type: 'move', delta: -1, ids: ['fetch', 'analyse', 'draft', 'publish'] }] },
    { intent: 'open', ui: { focus: 'runs' }, want: [{ type: 'openRun', runId: 'run-aaaa-000001', firstStep: 'draft' }] },
    { intent: 'open', ui: { focus: 'runs', selected: sel({ runs: 'run-bbbb-000002' }) }, want: [{ type: 'openRun', runId: 'run-bbbb-000002', firstStep: 'classify' }] },
    { intent: 'back', ui: { openRunId: 'run-aaaa-000001' }, want: [{ type: 'closeRun' }] },
    { intent: 'back', ui: { help: true }, want: [{ type: 'toggleHelp' }] },
    { intent: 'filterType', ui: {}, want: [{ type: 'cycleEventType' }, { type: 'focus', panel: 'events' }] },
    { intent: 'filterPriority', ui: {}, want: [{ type: 'cyclePriority' }, { type: 'focus', panel: 'events' }] },
  ] as { intent: Intent; ui: Partial<UiState>; want: unknown[] }[])('$intent in $ui.focus', ({ intent, ui: o, want }) => {
    const effects = decideIntent(intent, s, ui(o));
    expect(effects.map((e) => (e.kind === 'dispatch' ? e.action : e))).toEqual(want);
  });
});

describe('decidePromptKey', () => {
  const fields = [
    { name: 'text', type: 'string', required: true, description: null },
    { name: 'words', type: 'integer', required: false, default: 100, description: null },
  ];
  const prompt = (o: Partial<NonNullable<UiState['prompt']>>) => ui({ prompt: { workflowId: 'summarise', fields, index: 0, values: {}, buffer: '', error: null, ...o } });

  it.each([
    { name: 'empty required input is refused', p: {}, want: ['promptError'], cmd: [] },
    { name: 'a value moves to the next input', p: { buffer: 'hello' }, want: ['promptAccept'], cmd: [] },
    { name: 'a bad integer is refused', p: { index: 1, values: { text: 'hi' }, buffer: '1.5' }, want: ['promptError'], cmd: [] },
    { name: 'the last input runs the workflow with all values', p: { index: 1, values: { text: 'hi' }, buffer: '42' }, want: ['promptAccept', 'promptClose'], cmd: [{ name: 'runWorkflow', workflowId: 'summarise', inputs: { text: 'hi', words: 42 } }] },
    { name: 'empty optional input is left to its default', p: { index: 1, values: { text: 'hi' } }, want: ['promptAccept', 'promptClose'], cmd: [{ name: 'runWorkflow', workflowId: 'summarise', inputs: { text: 'hi' } }] },
  ])('$name', ({ p, want, cmd }) => {
    const effects = decidePromptKey({ kind: 'submit' }, prompt(p));
    expect(actionsOf(effects)).toEqual(want);
    expect(commandsOf(effects)).toEqual(cmd);
  });
  it('esc cancels without running', () => {
    const effects = decidePromptKey({ kind: 'cancel' }, prompt({ buffer: 'x' }));
    expect(actionsOf(effects)).toEqual(['promptClose', 'message']);
    expect(commandsOf(effects)).toEqual([]);
  });
});

describe('parseInput', () => {
  const f = (type: string | null, required = false) => ({ name: 'x', type, required, description: null });
  it.each([
    { type: 'string', text: ' a b ', want: { value: ' a b ' } },
    { type: null, text: '{"a":1}', want: { value: '{"a":1}' } },
    { type: 'number', text: '2.5', want: { value: 2.5 } },
    { type: 'number', text: 'two', want: { error: 'x must be a number' } },
    { type: 'integer', text: '7', want: { value: 7 } },
    { type: 'boolean', text: 'true', want: { value: true } },
    { type: 'boolean', text: 'yes', want: { error: 'x must be true or false' } },
    { type: 'array', text: '[1,2]', want: { value: [1, 2] } },
    { type: 'array', text: '{}', want: { error: 'x must be a JSON array' } },
    { type: 'object', text: '{"a":1}', want: { value: { a: 1 } } },
    { type: 'object', text: '{', want: { error: 'x must be JSON (object)' } },
    { type: 'string', text: '', want: { value: undefined } },
  ])('$type "$text"', ({ type, text, want }) => {
    expect(parseInput(f(type), text)).toEqual(want);
  });
});

describe('runCommand', () => {
  it('calls the command and words the result', async () => {
    const { commands, calls } = recordingCommands();
    expect(await runCommand(commands, { name: 'runWorkflow', workflowId: 'w', inputs: { a: 1 } })).toEqual({ text: 'started run-new-1 (w)', tone: 'info', runId: 'run-new-1' });
    expect(await runCommand(commands, { name: 'skipStep', runId: 'r', stepId: 's' })).toEqual({ text: 'skipped s', tone: 'info' });
    expect(calls).toEqual([['runWorkflow', 'w', { a: 1 }], ['skipStep', 'r', 's']]);
  });
  it('turns a rejection into an error message instead of throwing', async () => {
    const { commands } = recordingCommands({ fail: 'no such run' });
    expect(await runCommand(commands, { name: 'cancelRun', runId: 'r' })).toEqual({ text: 'cancelRun failed: no such run', tone: 'error' });
  });
});
