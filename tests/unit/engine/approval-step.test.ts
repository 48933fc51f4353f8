import { describe, expect, it } from 'vitest';
import { AmasError, ManualClock, type StepSpec } from '../../../src/core/index.ts';
import { Engine, MemoryApprovals, type EngineEvent } from '../../../src/engine/index.ts';
import { wf } from './fixtures.ts';
import { FnAgents, MemoryJournal } from './harness.ts';

const tick = async (n = 10) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};

function setup(approval: StepSpec['approval'], clock = new ManualClock()) {
  const published: unknown[] = [];
  const journal = new MemoryJournal();
  const approvals = new MemoryApprovals();
  const make = () =>
    new Engine({
      agents: new FnAgents([{ id: 'a', caps: { post: (i) => (published.push(i), { posted: true }) } }]),
      journal,
      approvals,
      clock,
      recordKnowledge: false,
    });
  const spec = wf('review', [
    { id: 'draft', task: 'post', with: { title: 'Hello' } },
    { id: 'review', needs: ['draft'], approval: approval! },
    { id: 'publish', needs: ['review'], if: '${{ steps.review.output.approved }}', task: 'post', with: { who: '${{ steps.review.output.by }}' } },
  ]);
  return { published, journal, approvals, clock, make, spec };
}

describe('approval steps', () => {
  it('park the run as running with the step waiting, then continue once approved', async () => {
    const s = setup({ prompt: 'Publish ${{ steps.draft.output.posted }}?', input: { type: 'object', properties: { channel: { type: 'string', default: 'blog' } } } });
    const engine = s.make();
    const events: EngineEvent[] = [];
    engine.on((e) => events.push(e));
    const h = engine.start(s.spec);
    const parked = await h.result;
    expect(parked.status).toBe('running');
    expect(parked.waiting).toEqual(['review']);
    expect(parked.steps.review?.status).toBe('waiting');
    expect(s.journal.steps.get(h.id)?.get('review')?.status).toBe('waiting');
    const req = events.find((e) => e.type === 'approval_requested');
    expect(req).toMatchObject({ stepId: 'review', prompt: 'Publish true?', path: `/api/runs/${h.id}/steps/review/approval` });
    expect(s.published).toHaveLength(1);

    const { handle } = await engine.answer(h.id, 'review', { approved: true, by: 'ana', comment: 'ship it' });
    const done = await handle.result;
    expect(done.status).toBe('completed');
    expect(done.steps.review?.output).toMatchObject({ approved: true, by: 'ana', comment: 'ship it', channel: 'blog', at: new Date(s.clock.now()).toISOString() });
    expect(s.published).toEqual([{ title: 'Hello' }, { who: 'ana' }]);
    expect(events.some((e) => e.type === 'approval_answered' && e.by === 'ana' && e.approved)).toBe(true);
    expect(engine.activeRuns()).toEqual([]);
  });

  it('a rejection completes the step with approved: false and the downstream if: skips', async () => {
    const s = setup({ prompt: 'ok?' });
    const engine = s.make();
    const h = engine.start(s.spec);
    await h.result;
    const r = await (await engine.answer(h.id, 'review', { approved: false, by: 'bo' })).handle.result;
    expect(r.status).toBe('completed');
    expect(r.steps.review?.output).toMatchObject({ approved: false, by: 'bo' });
    expect(r.steps.publish?.status).toBe('skipped');
    expect(s.published).toHaveLength(1);
  });

  it('takes one answer: a second is refused naming the first, who and when', async () => {
    const s = setup({ prompt: 'ok?' });
    const engine = s.make();
    const h = engine.start(s.spec);
    await h.result;
    await (await engine.answer(h.id, 'review', { approved: true, by: 'ana' })).handle.result;
    const err = await engine.answer(h.id, 'review', { approved: false, by: 'bo' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AmasError);
    expect((err as AmasError).code).toBe('AMAS_APPROVAL_ANSWERED');
    expect((err as AmasError).message).toMatch(/already answered: approved by ana at 2026-/);
  });

  it('refuses an input that does not fit the form and keeps the approval open', async () => {
    const s = setup({ prompt: 'ok?', input: { type: 'object', required: ['channel'], properties: { channel: { type: 'string' } }, additionalProperties: false } });
    const engine = s.make();
    const h = engine.start(s.spec);
    await h.result;
    const bad = await engine.answer(h.id, 'review', { approved: true, by: 'ana', input: { channel: 3 } }).catch((e: unknown) => e as AmasError);
    expect(bad).toMatchObject({ code: 'AMAS_APPROVAL_INPUT' });
    expect((bad as AmasError).message).toMatch(/channel/);
    expect(engine.get(h.id)?.steps.review?.status).toBe('waiting');
    const ok = await (await engine.answer(h.id, 'review', { approved: true, by: 'ana', input: { channel: 'x' } })).handle.result;
    expect(ok.steps.review?.output).toMatchObject({ channel: 'x', approved: true });
  });

  it('refuses unknown runs, unknown steps and steps that do not wait', async () => {
    const s = setup({ prompt: 'ok?' });
    const engine = s.make();
    const h = engine.start(s.spec);
    await h.result;
    await expect(engine.answer('run_nope', 'review', { approved: true, by: 'a' })).rejects.toMatchObject({ code: 'AMAS_RUN_UNKNOWN' });
    await expect(engine.answer(h.id, 'nope', { approved: true, by: 'a' })).rejects.toMatchObject({ code: 'AMAS_STEP_UNKNOWN' });
    await expect(engine.answer(h.id, 'publish', { approved: true, by: 'a' })).rejects.toMatchObject({ code: 'AMAS_APPROVAL_NOT_WAITING' });
  });

  for (const [onTimeout, expectStatus, approved] of [
    ['approve', 'completed', true],
    ['reject', 'completed', false],
    ['fail', 'failed', undefined],
  ] as const) {
    it(`on_timeout: ${onTimeout} answers by "timeout" when the deadline passes on the clock`, async () => {
      const s = setup({ prompt: 'ok?', timeout: '1h', on_timeout: onTimeout });
      const engine = s.make();
      const h = engine.start(s.spec);
      await h.result;
      s.clock.advance(59 * 60_000);
      await tick();
      expect(engine.get(h.id)?.steps.review?.status).toBe('waiting');
      s.clock.advance(60_000);
      await tick();
      const r = await new Promise<unknown>((resolve) => {
        const snap = engine.get(h.id);
        if (!snap) resolve(s.journal.runs.get(h.id)?.status);
        else resolve(snap.status);
      });
      expect(r).toBe(expectStatus);
      const step = s.journal.steps.get(h.id)?.get('review');
      if (approved === undefined) {
        expect(step?.status).toBe('failed');
        expect(step?.error?.message).toMatch(/no answer to its approval within 1h/);
      } else {
        expect(step?.output).toMatchObject({ approved, by: 'timeout' });
      }
      expect(s.published).toHaveLength(approved ? 2 : 1);
      const late = await engine.answer(h.id, 'review', { approved: true, by: 'ana' }).catch((e: unknown) => e as AmasError);
      expect(late).toMatchObject({ code: 'AMAS_APPROVAL_ANSWERED' });
    });
  }

  it('closing the engine leaves a parked run waiting; a new engine restores the wait and its deadline from the request time', async () => {
    const s = setup({ prompt: 'ok?', timeout: '1h', on_timeout: 'approve' });
    const first = s.make();
    const h = first.start(s.spec);
    await h.result;
    s.clock.advance(30 * 60_000);
    await first.close();
    expect(s.journal.runs.get(h.id)?.status).toBe('running');
    expect(s.journal.steps.get(h.id)?.get('review')?.status).toBe('waiting');

    const second = s.make();
    const [resumed] = await second.resumeRuns();
    const parked = await resumed!.result;
    expect(parked.waiting).toEqual(['review']);
    expect(await second.pendingApprovals()).toHaveLength(1);
    s.clock.advance(30 * 60_000);
    await tick();
    expect(s.journal.runs.get(h.id)?.status).toBe('completed');
    expect(s.journal.steps.get(h.id)?.get('review')?.output).toMatchObject({ approved: true, by: 'timeout' });
    expect(s.published).toHaveLength(2);
  });

  it('an answer given to an engine that does not run the run resumes it from the journal (the offline path)', async () => {
    const s = setup({ prompt: 'ok?' });
    const first = s.make();
    const h = first.start(s.spec);
    await h.result;
    await first.close();
    const second = s.make();
    const { handle } = await second.answer(h.id, 'review', { approved: true, by: 'cli' });
    const r = await handle.result;
    expect(r.status).toBe('completed');
    expect(s.published).toHaveLength(2);
  });

  it('cancelling a parked run cancels its waiting step', async () => {
    const s = setup({ prompt: 'ok?', timeout: '1h' });
    const engine = s.make();
    const h = engine.start(s.spec);
    await h.result;
    expect(engine.cancel(h.id)).toBe(true);
    await tick();
    expect(s.journal.runs.get(h.id)?.status).toBe('cancelled');
    expect(s.journal.steps.get(h.id)?.get('review')?.status).toBe('cancelled');
    expect(s.clock.pending).toBe(0);
  });
});
