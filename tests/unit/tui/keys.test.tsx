// Keys written to stdin reach the runtime as the right command on a recording TuiCommands.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { ManualClock } from '../../../src/core/index.ts';
import { App } from '../../../src/tui/app.tsx';
import { KEYMAP } from '../../../src/tui/keymap.ts';
import { busySnapshot, recordingCommands, T0, TestSource } from './factories.ts';
import { renderAt, tick } from './render.ts';

afterEach(() => cleanup());

const KEY = { tab: '\t', shiftTab: '\u001b[Z', enter: '\r', esc: '\u001b', up: '\u001b[A', down: '\u001b[B', backspace: '\u007f', ctrlC: '\u0003' };

async function app(opts: Parameters<typeof recordingCommands>[0] = {}, columns = 80, rows = 24) {
  const rec = recordingCommands(opts);
  const inst = await renderAt(<App source={new TestSource(busySnapshot())} commands={rec.commands} clock={new ManualClock(T0)} color={false} />, columns, rows);
  const press = async (...keys: string[]) => {
    for (const k of keys) {
      inst.stdin.write(k);
      await tick();
    }
  };
  return { ...rec, press, frame: () => inst.lastFrame() ?? '' };
}

describe('keys send commands', () => {
  const table: { name: string; keys: string[]; calls: unknown[] }[] = [
    { name: '2 r runs the selected workflow', keys: ['2', 'r'], calls: [['runWorkflow', 'daily-report', {}]] },
    { name: '3 c cancels the selected run', keys: ['3', 'c'], calls: [['cancelRun', 'run-aaaa-000001']] },
    { name: '3 enter R retries the in_doubt step', keys: ['3', KEY.enter, 'R'], calls: [['retryStep', 'run-aaaa-000001', 'draft']] },
    { name: '3 enter s skips the in_doubt step', keys: ['3', KEY.enter, 's'], calls: [['skipStep', 'run-aaaa-000001', 'draft']] },
    { name: 'R on a step that is not in_doubt sends nothing', keys: ['3', KEY.enter, 'k', 'R'], calls: [] },
    { name: '2 p pauses a schedule', keys: ['2', 'p'], calls: [['pauseSchedule', 'daily-report']] },
    { name: '2 j p resumes a paused one', keys: ['2', 'j', 'p'], calls: [['resumeSchedule', 'triage']] },
    { name: 'tab tab and arrows reach the same workflow', keys: [KEY.tab, KEY.down, KEY.down, KEY.up, 'p'], calls: [['resumeSchedule', 'triage']] },
    { name: 'shift-tab goes back', keys: ['3', KEY.shiftTab, 'r'], calls: [['runWorkflow', 'daily-report', {}]] },
    { name: 'q quits', keys: ['q'], calls: [['quit']] },
    { name: 'ctrl-c quits like q', keys: [KEY.ctrlC], calls: [['quit']] },
    { name: 'keys of other panels do nothing on agents', keys: ['r', 'c', 'p', 'R', 's'], calls: [] },
  ];
  it.each(table)('$name', async ({ keys, calls: want }) => {
    const { press, calls } = await app();
    await press(...keys);
    expect(calls).toEqual(want);
  });

  it('asks for inputs, refuses a bad one, then runs with the typed values', async () => {
    const { press, calls, frame } = await app();
    await press('2', 'j', 'j', 'r');
    expect(frame()).toContain('Run summarise');
    expect(frame()).toMatch(/text \(string, required\) ▌/);
    await press(KEY.enter);
    expect(frame()).toContain('✗ text is required');
    await press('hello wor', 'x', KEY.backspace, 'ld', KEY.enter);
    expect(frame()).toMatch(/words \(integer, optional\)/);
    expect(frame()).toContain('empty: 100');
    await press('4', '2', KEY.enter);
    expect(calls).toEqual([['runWorkflow', 'summarise', { text: 'hello world', words: 42 }]]);
    expect(frame()).toContain('started run-new-1 (summarise)');
    expect(frame()).not.toContain('Run summarise');
  });

  it('takes q as text inside the prompt and esc as cancel', async () => {
    const { press, calls, frame } = await app();
    await press('2', 'j', 'j', 'r', 'q');
    expect(frame()).toMatch(/text \(string, required\) q▌/);
    await press(KEY.esc);
    await tick(10);
    expect(frame()).toContain('run cancelled');
    expect(calls).toEqual([]);
  });

  it('shows a failed command on the status line', async () => {
    const { press, frame } = await app({ fail: 'run already ended' });
    await press('3', 'c');
    expect(frame()).toContain('cancelRun failed: run already ended');
  });
});

describe('keys that change the view', () => {
  it('? shows every key of the keymap, ? again closes', async () => {
    const { press, frame } = await app({}, 120, 40);
    await press('?');
    for (const b of KEYMAP) expect(frame()).toContain(b.label);
    expect(frame()).toContain('? in_doubt');
    await press('r');
    expect(frame()).toContain(' Keys ');
    await press('?');
    expect(frame()).not.toContain(' Keys ');
    expect(frame()).toContain('1 Agents');
  });

  it('f and F filter the events feed', async () => {
    const { press, frame } = await app();
    await press('f');
    expect(frame()).toContain('task_request · f F');
    expect(frame()).toContain('engine→plann');
    expect(frame()).not.toContain('error_occurred writer');
    await press(...'fffffff', 'F', 'F');
    expect(frame()).toContain('all types ≥high');
    expect(frame()).toContain('error_occurred');
    expect(frame()).not.toContain('task_request');
  });

  it('enter opens a run; esc closes it', async () => {
    const { press, frame } = await app({}, 120, 40);
    await press('3', 'j');
    expect(frame()).toContain('Steps run-bbbb-000002');
    await press(KEY.enter);
    expect(frame()).not.toContain('enter opens');
    await press(KEY.esc);
    await tick(10);
    expect(frame()).toContain('enter opens');
  });
});
