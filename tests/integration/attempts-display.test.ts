import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryLogger } from '../../src/core/index.ts';
import { Runtime } from '../../src/runtime/index.ts';
import { runtimeCommands } from '../../src/runtime/tui-commands.ts';
import { stepRow } from '../../src/tui/components/run-dag.tsx';

// The TUI's attempt column follows the step's effective retry policy: a capability with
// `retry.attempts: 2` (amas.yaml says 3) stops after two, and the row says #2/2, not #2/3.
const ROOT = path.resolve(import.meta.dirname, '../..');
let dir: string;
let rt: Runtime | undefined;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amas-attempts-'));
  fs.cpSync(path.join(ROOT, 'tests/fixtures/tui-attempts'), dir, { recursive: true });
  rt = await Runtime.start(dir, { logger: memoryLogger([]), watch: false, control: false, monitoring: { monitor: false, http: false } });
});
afterAll(async () => {
  await rt?.stop(0);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('attempt display', () => {
  it('uses the capability retry policy the engine used', async () => {
    const o = rt!.startRun({ workflow: 'flaky', inputs: {}, origin: { kind: 'manual' } });
    const r = await rt!.waitFor(o.runId);
    expect(r?.status).toBe('failed');
    const step = rt!.getSnapshot().runs.find((x) => x.id === o.runId)!.steps.find((s) => s.id === 'boom')!;
    expect(step).toMatchObject({ attempt: 2, maxAttempts: 2, status: 'failed' });
    const row = stepRow(step, 0, 80, true, Date.now()).map((s) => s.text).join('');
    expect(row).toContain('#2/2');
    // The console's step detail (d) reads the same record from the store.
    const detail = await runtimeCommands(rt!).stepDetail(o.runId, 'boom');
    expect(detail).toMatchObject({ status: 'failed', attempt: 2, maxAttempts: 2, task: 'fail', agentId: 'flaky', output: null });
    expect(detail.error).toMatch(/3/);
  });
});
