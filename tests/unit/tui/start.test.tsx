import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { AmasError, ManualClock } from '../../../src/core/index.ts';
import { App } from '../../../src/tui/app.tsx';
import { colorAllowed, startTui } from '../../../src/tui/index.ts';
import { busySnapshot, recordingCommands, snapshot, T0, TestSource } from './factories.ts';
import { fakeTty, renderAt, settle, tick } from './render.ts';

afterEach(() => cleanup());

describe('startTui', () => {
  it('refuses a stdout that is not a terminal', () => {
    const { streams } = fakeTty(80, 24);
    (streams.stdout as { isTTY: boolean }).isTTY = false;
    expect(() => startTui(new TestSource(busySnapshot()), recordingCommands().commands, streams)).toThrow(AmasError);
  });

  it('on q asks the runtime to quit and exits only when quit() has settled', async () => {
    let stopped!: () => void;
    const quit = new Promise<void>((r) => (stopped = r));
    const { commands, calls } = recordingCommands({ quit });
    const tty = fakeTty(80, 24);
    const source = new TestSource(busySnapshot());
    const tui = startTui(source, commands, { ...tty.streams, clock: new ManualClock(T0), env: {} });
    let exited = false;
    void tui.waitUntilExit().then(() => (exited = true));
    // Mounted = subscribed to the source. (The frame itself is not asserted: with CI set, as in
    // .ci/run, Ink holds every frame back until exit.)
    await settle(() => source.subscribers > 0);
    expect(source.subscribers).toBe(1);
    tty.stdin.press('q');
    await settle(() => calls.length > 0);
    expect(calls).toEqual([['quit']]);
    // Still drawing while the runtime stops: the header says so.
    source.set({ ...busySnapshot(), state: 'stopping' });
    await tick();
    expect(exited).toBe(false);
    tty.stdin.press('q');
    await settle(() => calls.length > 1);
    expect(calls).toEqual([['quit'], ['quit']]);
    stopped();
    await tui.waitUntilExit();
    expect(exited).toBe(true);
    expect(source.subscribers).toBe(0);
  });

  it('unmount from outside ends it', async () => {
    const tty = fakeTty(120, 40);
    const tui = startTui(new TestSource(snapshot()), recordingCommands().commands, { ...tty.streams, clock: new ManualClock(T0), env: {} });
    await tick();
    tui.unmount();
    await expect(tui.waitUntilExit()).resolves.toBeUndefined();
  });
});

describe('colorAllowed (NO_COLOR, no-color.org)', () => {
  it.each([
    [{}, true],
    [{ NO_COLOR: '' }, true],
    [{ NO_COLOR: '1' }, false],
    [{ NO_COLOR: 'yes' }, false],
  ])('%o → %s', (env, want) => expect(colorAllowed(env)).toBe(want));
});

describe('redraw bound', () => {
  it('1,000 snapshot updates a millisecond apart cause about 20 renders, not 1,000', async () => {
    const clock = new ManualClock(T0);
    const source = new TestSource(busySnapshot());
    const inst = await renderAt(<App source={source} commands={recordingCommands().commands} clock={clock} color={false} />, 120, 40);
    const before = inst.frames.length;
    for (let i = 0; i < 1000; i++) {
      source.set({ ...busySnapshot(), takenAt: T0 + i, counts: { ...busySnapshot().counts, events: i } });
      clock.advance(1);
      await Promise.resolve();
    }
    clock.advance(50);
    await tick();
    // ink-testing-library renders in debug mode: one frame per React commit, so this counts renders.
    const renders = inst.frames.length - before;
    expect(renders).toBeGreaterThan(5);
    expect(renders).toBeLessThanOrEqual(23); // 20 per simulated second + the trailing one + the 1 s clock tick
    expect(inst.lastFrame()).toContain('events 999');
  });
});
