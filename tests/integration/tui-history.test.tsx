import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cleanup } from 'ink-testing-library';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, memoryLogger, type Snapshot } from '../../src/core/index.ts';
import { Runtime } from '../../src/runtime/index.ts';
import { App } from '../../src/tui/app.tsx';
import { stoppingText } from '../../src/tui/components/footer.tsx';
import { workflowRow } from '../../src/tui/components/workflows-panel.tsx';
import { recordingCommands, run, snapshot, T0 } from '../unit/tui/factories.ts';
import { renderAt, settle } from '../unit/tui/render.ts';

// The TUI after a restart (issue 18 item 7): the runtime loads recent runs and each workflow's
// last outcome from the store, and a paused event-triggered workflow shows as paused.

const ROOT = path.resolve(import.meta.dirname, '../..');
let dir: string;
let second: Runtime | undefined;
const quiet = () => ({ logger: memoryLogger([]), watch: false, control: false, monitoring: { monitor: false, http: false } }) as const;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amas-tui-hist-'));
  fs.cpSync(path.join(ROOT, 'tests/fixtures/up/basic'), dir, { recursive: true });
  fs.rmSync(path.join(dir, 'workflows.d/tick.yaml'));
  const first = await Runtime.start(dir, quiet());
  for (let i = 0; i < 2; i++) {
    const o = first.startRun({ workflow: 'hello', inputs: {}, origin: { kind: 'manual' } });
    expect((await first.waitFor(o.runId))?.status).toBe('completed');
  }
  await first.pause('deploy'); // event + manual triggers, no cron
  await first.stop(0);
  second = await Runtime.start(dir, quiet());
}, 60_000);
afterAll(async () => {
  await second?.stop(0);
  fs.rmSync(dir, { recursive: true, force: true });
});
afterEach(() => cleanup());

describe('after a restart', () => {
  it('the snapshot holds the earlier runs and last outcomes; a paused event workflow is paused', () => {
    const s = second!.getSnapshot();
    expect(s.runs.filter((r) => r.workflowId === 'hello').map((r) => r.status)).toEqual(['completed', 'completed']);
    expect(s.workflows.find((w) => w.id === 'hello')?.lastOutcome?.status).toBe('completed');
    const deploy = s.workflows.find((w) => w.id === 'deploy')!;
    expect(deploy.paused).toBe(true);
    expect(workflowRow(deploy, 60, false, Date.now()).map((x) => x.text).join('')).toContain('paused');
  });

  it('the console shows them instead of "no runs yet" and "never"', async () => {
    const inst = await renderAt(<App source={second!} commands={recordingCommands().commands} clock={new ManualClock(Date.now())} color={false} />, 140, 40);
    await settle(() => (inst.lastFrame() ?? '').includes('hello'));
    const frame = inst.lastFrame() ?? '';
    expect(frame).not.toContain('no runs yet');
    expect(frame).toMatch(/hello[^\n]*completed/);
    expect(frame).toMatch(/deploy[^\n]*paused/);
  });
});

describe('quitting with runs in flight', () => {
  it('names the runs it waits for and says q again stops now', async () => {
    const s: Snapshot = snapshot({ state: 'stopping', runs: [run('run_a1', 'nightly'), run('run_b2', 'digest', { endedAt: T0, status: 'completed' })] });
    expect(stoppingText(s)).toBe('stopping: waiting for 1 run to finish: nightly (run_a1) · q again: stop now (they resume on the next start)');
    const inst = await renderAt(<App source={{ getSnapshot: () => s, subscribe: () => () => undefined }} commands={recordingCommands().commands} clock={new ManualClock(T0)} color={false} />, 160, 30);
    await settle(() => (inst.lastFrame() ?? '').includes('waiting for'));
    expect(inst.lastFrame()).toContain('stopping: waiting for 1 run to finish: nightly (run_a1)');
  });
});
