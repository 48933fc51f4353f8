// Keys that arrive in one read ("2r": fast typing, a slow link, a script driving the terminal)
// act one by one, each seeing the state the previous one left (found by tests/e2e/tui-pty).
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { ManualClock } from '../../../src/core/index.ts';
import { App } from '../../../src/tui/app.tsx';
import { splitKeys } from '../../../src/tui/keymap.ts';
import { busySnapshot, recordingCommands, T0, TestSource } from './factories.ts';
import { renderAt, tick } from './render.ts';

afterEach(() => cleanup());

describe('splitKeys', () => {
  const plain = { ctrl: false, meta: false, shift: false } as Parameters<typeof splitKeys>[1];
  const table: { chunk: string; want: [string, Partial<Parameters<typeof splitKeys>[1]>][] }[] = [
    { chunk: 'r', want: [['r', {}]] },
    { chunk: '2r', want: [['2', { shift: false }], ['r', { shift: false }]] },
    { chunk: 'jR', want: [['j', { shift: false }], ['R', { shift: true }]] },
    { chunk: 'ab\r', want: [['a', {}], ['b', {}], ['', { return: true }]] },
    { chunk: 'x\u007f\t', want: [['x', {}], ['', { backspace: true }], ['', { tab: true }]] },
    { chunk: 'q\u0003', want: [['q', {}], ['c', { ctrl: true }]] },
    { chunk: '\u001b[A', want: [['\u001b[A', {}]] },
  ];
  it.each(table)('$chunk', ({ chunk, want }) => {
    const got = splitKeys(chunk, plain);
    expect(got.map(([i]) => i)).toEqual(want.map(([i]) => i));
    want.forEach(([, k], n) => expect(got[n]![1]).toMatchObject(k));
  });
  it('leaves modified keys alone', () => {
    expect(splitKeys('ab', { ...plain, meta: true })).toHaveLength(1);
  });
});

describe('a chunk of keys in the running App', () => {
  async function app() {
    const rec = recordingCommands();
    const inst = await renderAt(<App source={new TestSource(busySnapshot())} commands={rec.commands} clock={new ManualClock(T0)} color={false} />, 120, 40);
    return { ...rec, write: async (s: string) => (inst.stdin.write(s), await tick()), frame: () => inst.lastFrame() ?? '' };
  }

  it('"2r" focuses Workflows, then runs the selected one', async () => {
    const { write, calls } = await app();
    await write('2r');
    expect(calls).toEqual([['runWorkflow', 'daily-report', {}]]);
  });

  it('"2jjr" then "hi\\r" opens the prompt and the rest of the chunk answers it', async () => {
    const { write, calls, frame } = await app();
    await write('2jjr');
    expect(frame()).toContain('Run summarise');
    await write('hi\r');
    expect(frame()).toMatch(/words \(integer, optional\)/);
    await write('\r');
    expect(calls).toEqual([['runWorkflow', 'summarise', { text: 'hi' }]]);
  });
});
