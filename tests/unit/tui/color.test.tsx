// chalk (under Ink) ignores NO_COLOR (its supports-color reads FORCE_COLOR and --no-color only),
/* eslint-disable no-control-regex -- the assertions are about ANSI escape codes */
// so the TUI drops colours itself. Force chalk on for this file so colours would show if drawn.
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env['FORCE_COLOR'] = '1';
});

const { cleanup } = await import('ink-testing-library');
const { ManualClock } = await import('../../../src/core/index.ts');
const { App } = await import('../../../src/tui/app.tsx');
const { busySnapshot, recordingCommands, T0, TestSource } = await import('./factories.ts');
const { renderAt } = await import('./render.ts');

afterEach(() => cleanup());

const COLOUR = /\u001b\[(3[0-7]|9[0-7])m/;

async function frame(color: boolean): Promise<string> {
  const s = { ...busySnapshot(), health: 'critical' as const };
  const inst = await renderAt(<App source={new TestSource(s)} commands={recordingCommands().commands} clock={new ManualClock(T0)} color={color} />, 80, 24);
  return inst.lastFrame() ?? '';
}

describe('colour', () => {
  it('carries meaning when allowed: red failed, green ok, yellow retrying', async () => {
    const f = await frame(true);
    expect(f).toMatch(/\u001b\[31m +✗ critical/);
    expect(f).toMatch(/\u001b\[32m ● /);
    expect(f).toMatch(/\u001b\[33m +↻ /);
  });
  it('is absent under NO_COLOR, while the icons still say the same', async () => {
    const f = await frame(false);
    expect(f).not.toMatch(COLOUR);
    expect(f).toContain('✗ critical');
    expect(f).toContain('↻ analyse');
  });
});
