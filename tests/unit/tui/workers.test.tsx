// The Workers section (src/tui/components/workers-panel.tsx): shown under the agents only when the
// snapshot lists queue workers (PostgreSQL store), with load, counters and heartbeat age; a stale
// worker is marked so with colour off too.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { ManualClock, type Snapshot } from '../../../src/core/index.ts';
import { App } from '../../../src/tui/app.tsx';
import { busySnapshot, recordingCommands, T0, TestSource, worker } from './factories.ts';
import { expectFits, renderAt } from './render.ts';

afterEach(() => cleanup());

async function frameOf(s: Snapshot, columns: number, rows: number): Promise<string> {
  const inst = await renderAt(<App source={new TestSource(s)} commands={recordingCommands().commands} clock={new ManualClock(T0)} color={false} />, columns, rows);
  const f = inst.lastFrame() ?? '';
  expectFits(f, columns, rows);
  return f;
}

const withWorkers = (): Snapshot => ({
  ...busySnapshot(),
  workers: [
    worker('w-node1-101-aa', { inFlight: 8, completed: 120, failed: 2, heartbeatAgeMs: 1200 }),
    worker('w-node2-202-bb', { host: 'node-2', pid: 202, inFlight: 1, completed: 7, heartbeatAgeMs: 9000, stale: true }),
  ],
});

describe('Workers section', () => {
  it('is absent without workers (embedded store, or none registered)', async () => {
    expect(await frameOf(busySnapshot(), 80, 24)).not.toContain('Workers');
    expect(await frameOf({ ...busySnapshot(), workers: [] }, 120, 40)).not.toContain('Workers');
  });

  it('lists each worker with load, completed, failed and heartbeat age; a stale one says so', async () => {
    const f = await frameOf(withWorkers(), 80, 24);
    expect(f).toMatch(/Workers +1\/2 live · 1 stale/);
    // Cut ids keep their distinguishing end; the stale one is marked by its icon (colour is off here).
    expect(f).toMatch(/● …de1-101-aa +8\/8 +120✓ +2✗ +1\.2s/);
    expect(f).toMatch(/✗ …de2-202-bb +1\/8 +7✓ +0✗ +9\.0s/);
    // The agents keep the rest of their place.
    expect(f).toContain('1 Agents');
  });

  it('shows every worker and the host at 120 columns', async () => {
    const f = await frameOf(withWorkers(), 120, 40);
    expect(f).toMatch(/● w-node1-101-aa +8\/8 +120✓ +2✗ +1\.2s node-1:4242/);
    expect(f).toMatch(/✗ w-node2-202-bb +1\/8 +7✓ +0✗ +stale 9\.0s node-2:202/);
  });
});
