// on_timeout on the injected clock: a Runtime started in-process on the approval fixture with a
// ManualClock, so the hour passes at once and nothing waits on the wall clock.
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/index.ts';
import { Runtime } from '../../src/runtime/index.ts';
import { approvalProject, publishedLines } from './approval-fixture.ts';

const open: { rt: Runtime; dir: string }[] = [];
afterEach(async () => {
  for (const { rt, dir } of open.splice(0)) {
    await rt.stop(0);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

async function eventually<T>(get: () => T | undefined | Promise<T | undefined>, what: string, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await get();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function start(): Promise<{ rt: Runtime; clock: ManualClock; dir: string }> {
  const dir = approvalProject();
  const clock = new ManualClock(Date.UTC(2026, 0, 1, 12));
  const rt = await Runtime.start(dir, { clock, env: { PATH: process.env.PATH }, watch: false, control: false, monitoring: { http: false } });
  open.push({ rt, dir });
  return { rt, clock, dir };
}

describe('approval timeouts on the injected clock', () => {
  for (const [mode, status, approved, published] of [
    ['approve', 'completed', true, ['approve']],
    ['reject', 'completed', false, []],
    ['fail', 'failed', undefined, []],
  ] as const) {
    it(`on_timeout: ${mode} answers as "timeout" once the hour has passed since the request`, async () => {
      const { rt, clock, dir } = await start();
      const o = rt.startRun({ workflow: `timed-${mode}`, inputs: {}, origin: { kind: 'manual', via: 'embed' } });
      expect(o.kind).toBe('started');
      const pending = await eventually(async () => ((await rt.pendingApprovals()).length ? rt.pendingApprovals() : undefined), 'the approval');
      expect(pending[0]).toMatchObject({ stepId: 'review', requestedAt: clock.now(), deadline: clock.now() + 3_600_000 });
      expect(rt.getSnapshot().runs[0]?.steps.find((s) => s.id === 'review')).toMatchObject({ status: 'waiting', approval: { prompt: 'Go?' } });

      clock.advance(3_599_000);
      await new Promise((r) => setTimeout(r, 50));
      expect((await rt.project.store.runs.get(o.runId))?.status).toBe('running');

      clock.advance(1_000);
      const run = await eventually(async () => {
        const r = await rt.project.store.runs.get(o.runId);
        return r && r.status !== 'running' ? r : undefined;
      }, 'the run to end');
      expect(run.status).toBe(status);
      const step = await rt.project.store.runs.step(o.runId, 'review');
      if (approved === undefined) {
        expect(step?.status).toBe('failed');
        expect(JSON.stringify(step?.error)).toMatch(/no answer to its approval within 1h/);
      } else {
        expect(step?.output).toMatchObject({ approved, by: 'timeout', at: new Date(clock.now()).toISOString() });
      }
      expect((await rt.project.store.approvals.get(o.runId, 'review'))?.answer).toMatchObject({ by: 'timeout', approved: mode === 'approve' });
      expect(publishedLines(dir)).toEqual(published);
      await expect(rt.answerApproval(o.runId, 'review', { approved: true, by: 'late' })).rejects.toMatchObject({ code: 'AMAS_APPROVAL_ANSWERED' });
    }, 60_000);
  }

  it('a person answering before the deadline wins; the deadline then does nothing', async () => {
    const { rt, clock, dir } = await start();
    const o = rt.startRun({ workflow: 'timed-reject', inputs: {}, origin: { kind: 'manual', via: 'embed' } });
    await eventually(async () => ((await rt.pendingApprovals()).length ? true : undefined), 'the approval');
    await rt.answerApproval(o.runId, 'review', { approved: true, by: 'ana' });
    await eventually(async () => ((await rt.project.store.runs.get(o.runId))?.status === 'completed' ? true : undefined), 'the run to complete');
    clock.advance(3_600_000);
    await new Promise((r) => setTimeout(r, 50));
    expect((await rt.project.store.approvals.get(o.runId, 'review'))?.answer?.by).toBe('ana');
    expect(publishedLines(dir)).toEqual(['reject']);
  }, 60_000);
});
