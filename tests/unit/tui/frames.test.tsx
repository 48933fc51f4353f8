// The whole screen at the two widths we promise (80×24 and 120×40), plus the awkward cases.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { ManualClock, type Snapshot } from '../../../src/core/index.ts';
import { App } from '../../../src/tui/app.tsx';
import { agent, busySnapshot, recordingCommands, snapshot, T0, TestSource } from './factories.ts';
import { expectFits, renderAt, tick } from './render.ts';

afterEach(() => cleanup());

async function screen(s: Snapshot, columns: number, rows: number, clock = new ManualClock(T0)) {
  const source = new TestSource(s);
  const inst = await renderAt(<App source={source} commands={recordingCommands().commands} clock={clock} color={false} />, columns, rows);
  return { ...inst, source, clock, frame: () => inst.lastFrame() ?? '' };
}

describe('80×24', () => {
  it('shows header, every agent, schedule, run, step, event and alert without overflowing', async () => {
    const { frame } = await screen(busySnapshot(), 80, 24);
    const ls = expectFits(frame(), 80, 24);
    expect(ls[0]).toMatch(/^ amas demo up 1h02m {2}● healthy {2}reload ✓ 11:59:40 {2}agents 1\/4 {2}runs 1▶ 0✓ 1✗/);
    for (const text of ['1 Agents', '2 Workflows', '3 Runs', '4 Events', '5 Alerts']) expect(frame()).toContain(text);
    expect(frame()).toMatch(/▶ planner +2\/2 +41✓ +1✗ +1\.2s/);
    expect(frame()).toMatch(/✗ writer +0\/2 +0✓ +3✗/);
    expect(frame()).toMatch(/◷ daily-report +in 4m05s ✓ completed/);
    expect(frame()).toMatch(/⏸ triage +paused ✗ failed/);
    expect(frame()).toMatch(/▶ …-000001 daily-report +1\/4 +12\.0s/);
    expect(frame()).toMatch(/↻ analyse +#2\/3 retry 3\.2s/);
    expect(frame()).toMatch(/\? draft +in_doubt/);
    expect(frame()).toMatch(/11:59:58 ! error_occurred writer→\*/);
    expect(frame()).toContain('✗ 11:59:30 error_rate: 0.31 > 0.2');
    expect(ls.at(-1)).toMatch(/^ \? help {2}tab\/1-5 panel/);
  });

  it('moves the retry countdown and uptime with the clock, without a new snapshot', async () => {
    const { frame, clock } = await screen(busySnapshot(), 80, 24);
    clock.advance(1000);
    await tick();
    expect(frame()).toContain('retry 2.2s');
    expect(frame()).toContain('up 1h02m');
  });

  it('caps the live area at rows-1 however many rows the snapshot has', async () => {
    const many = snapshot({ agents: Array.from({ length: 60 }, (_, i) => agent(`agent-${i}`)) });
    const { frame } = await screen(many, 80, 24);
    const ls = expectFits(frame(), 80, 24);
    expect(ls).toHaveLength(23);
  });
});

describe('120×40', () => {
  it('shows the extra columns: p95, triggers, step agents, event summaries; run ids give way to workflow names', async () => {
    const { frame } = await screen(busySnapshot(), 120, 40);
    expectFits(frame(), 120, 40);
    expect(frame()).toMatch(/▶ planner +2\/2 +41✓ +1✗ +1\.2s p95 +3\.1s +5\.0s ago/);
    expect(frame()).toContain('…-000001 daily-report');
    expect(frame()).toContain('cron 0 9');
    expect(frame()).toMatch(/↻ analyse +retrying +#2\/3 +retry 3\.2s planner/);
        expect(frame()).toMatch(/error_occurred +writer→\* +draft crashed/);
    expect(frame()).toContain('/srv/demo');
  });
});

describe('after a bad save', () => {
  const broken = (): Snapshot => ({
    ...busySnapshot(),
    health: 'warning',
    lastReload: {
      at: T0 - 1000,
      ok: false,
      diagnostics: [
        { file: 'agents.d/writer.yaml', line: 3, column: 7, severity: 'error', code: 'schema.type', message: 'concurrency must be integer' },
        { file: 'workflows.d/x.yaml', line: 12, column: 1, severity: 'warning', code: 'ref.unused', message: 'step out is never used' },
      ],
    },
  });
  it.each([
    [80, 24],
    [120, 40],
  ])('at %i×%i shows file:line diagnostics while the last good agents stay', async (columns, rows) => {
    const { frame } = await screen(broken(), columns, rows);
    expectFits(frame(), columns, rows);
    expect(frame()).toContain('reload ✗ 2 problems');
    expect(frame()).toContain('✗ agents.d/writer.yaml:3:7 concurrency must be integer');
    expect(frame()).toContain('▲ workflows.d/x.yaml:12:1');
    expect(frame()).toContain('▲ warning');
    expect(frame()).toContain('planner');
  });
  it('says the last good spec keeps running when there is room', async () => {
    const { frame } = await screen(broken(), 120, 40);
    expect(frame()).toContain('reload refused: the last good spec keeps running');
  });
});

describe('small and resized terminals', () => {
  it.each([
    [50, 12],
    [30, 6],
    [10, 2],
  ])('at %i×%i draws only what fits', async (columns, rows) => {
    const { frame } = await screen(busySnapshot(), columns, rows);
    expectFits(frame(), columns, rows);
  });
  it('shows only the focused panel when compact', async () => {
    const { frame } = await screen(busySnapshot(), 50, 12);
    expect(frame()).toContain('1 Agents');
    expect(frame()).not.toContain('2 Workflows');
  });
  it('follows a resize', async () => {
    const inst = await screen(busySnapshot(), 120, 40);
    Object.defineProperty(inst.stdout, 'columns', { get: () => 80, configurable: true });
    Object.defineProperty(inst.stdout, 'rows', { get: () => 24, configurable: true });
    inst.stdout.emit('resize');
    await tick();
    expectFits(inst.frame(), 80, 24);
    expect(inst.frame()).toContain('…-000001');
  });
});

describe('stopping', () => {
  it('says so in the header', async () => {
    const { frame } = await screen({ ...busySnapshot(), state: 'stopping' }, 80, 24);
    expect(frame()).toContain('stopping… (q again: now)');
  });
});
