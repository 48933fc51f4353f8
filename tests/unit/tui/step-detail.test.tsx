// d on a selected step of an open run shows that step in full; esc closes it (issue 18 item 7).
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { ManualClock } from '../../../src/core/index.ts';
import { App } from '../../../src/tui/app.tsx';
import { helpEntries } from '../../../src/tui/components/help-overlay.tsx';
import { busySnapshot, recordingCommands, T0, TestSource } from './factories.ts';
import { renderAt, settle, tick } from './render.ts';

afterEach(() => cleanup());

async function app(columns = 100, rows = 30) {
  const rec = recordingCommands();
  const inst = await renderAt(<App source={new TestSource(busySnapshot())} commands={rec.commands} clock={new ManualClock(T0)} color={false} />, columns, rows);
  const press = async (...keys: string[]) => {
    for (const k of keys) {
      inst.stdin.write(k);
      await tick();
    }
  };
  return { ...rec, press, frame: () => inst.lastFrame() ?? '' };
}

describe('step detail', () => {
  it('3 enter d asks for the selected step and shows its whole error, input, output and attempts', async () => {
    const a = await app();
    await a.press('3', '\r', 'd');
    await settle(() => a.frame().includes('esc closes'));
    expect(a.calls).toEqual([['stepDetail', 'run-aaaa-000001', 'draft']]);
    const f = a.frame();
    expect(f).toContain('step draft of run-aaaa-000001');
    expect(f).toContain('attempt 2 of 2');
    expect(f).toContain('exit code 3: the whole error, not cut to a row');
    expect(f).toContain('input (with:, as written)');
    expect(f).toContain('"text": "${{ inputs.topic }}"');
    expect(f).toMatch(/output\n\s+–/);
    await a.press('\u001b');
    expect(a.frame()).not.toContain('esc closes');
  });

  it('d without an open run says how to get one, and sends nothing', async () => {
    const a = await app();
    await a.press('3', 'd');
    expect(a.calls).toEqual([]);
    expect(a.frame()).toContain('d shows a step in full');
  });

  it('is listed in the ? help', () => {
    expect(helpEntries().find((e) => e.label === 'd')?.help).toMatch(/error, input, output, attempts/);
  });
});
