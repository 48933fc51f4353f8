import { describe, expect, it } from 'vitest';
import { useTempStore } from './temp-store.ts';

const tmp = useTempStore('amas-approvals-');

const request = (runId: string, stepId = 'review', requestedAt = 1000) => ({
  runId,
  stepId,
  callId: '',
  workflowId: 'wf',
  prompt: `Publish ${runId}?`,
  inputSchema: { type: 'object' },
  requestedAt,
  deadline: requestedAt + 60_000,
  onTimeout: 'reject',
});

describe('approvals (store.approvals, migration 0008)', () => {
  it('keeps the first request of a step (a restart asking again does not move its time) and takes one answer', async () => {
    const s = await tmp.openAt();
    await s.runs.upsert({ id: 'r1', workflowId: 'wf', status: 'running', createdAt: 1 });
    const first = await s.approvals.request(request('r1'));
    const again = await s.approvals.request({ ...request('r1', 'review', 9999), prompt: 'changed' });
    expect(again).toEqual(first);
    expect(again.requestedAt).toBe(1000);
    expect(again.answer).toBeNull();

    const a = await s.approvals.answer('r1', 'review', '', { approved: true, by: 'ana', at: 2000, comment: 'ok', input: { channel: 'blog' } });
    expect(a.taken).toBe(true);
    expect(a.row?.answer).toEqual({ approved: true, by: 'ana', at: 2000, comment: 'ok', input: { channel: 'blog' } });
    const b = await s.approvals.answer('r1', 'review', '', { approved: false, by: 'bo', at: 3000, comment: null, input: null });
    expect(b.taken).toBe(false);
    expect(b.row?.answer?.by).toBe('ana');
    const none = await s.approvals.answer('r1', 'nope', '', { approved: false, by: 'bo', at: 3000, comment: null, input: null });
    expect(none).toEqual({ taken: false, row: undefined });
  });

  it('lists pending approvals of unfinished runs only, oldest first, and survives a reopen', async () => {
    const s = await tmp.openAt();
    await s.runs.upsert({ id: 'r1', workflowId: 'wf', status: 'running', createdAt: 1 });
    await s.runs.upsert({ id: 'r2', workflowId: 'wf', status: 'running', createdAt: 1 });
    await s.runs.upsert({ id: 'r3', workflowId: 'wf', status: 'cancelled', createdAt: 1, endedAt: 5 });
    await s.approvals.request(request('r2', 'review', 500));
    await s.approvals.request(request('r1', 'review', 800));
    await s.approvals.request(request('r3', 'review', 100));
    await s.approvals.request(request('r1', 'second', 900));
    await s.approvals.answer('r1', 'second', '', { approved: true, by: 'x', at: 1000, comment: null, input: null });
    expect(s.approvals.pending().map((p) => `${p.runId}/${p.stepId}`)).toEqual(['r2/review', 'r1/review']);
    await s.close();
    const again = await tmp.openAt();
    expect(again.approvals.pending().map((p) => `${p.runId}/${p.stepId}`)).toEqual(['r2/review', 'r1/review']);
    expect(again.approvals.get('r1', 'second')?.answer?.by).toBe('x');
    expect(again.approvals.ofRun('r1').map((p) => p.stepId)).toEqual(['review', 'second']);
  });

  it('prunes approvals with their runs', async () => {
    const s = await tmp.openAt();
    await s.runs.upsert({ id: 'old', workflowId: 'wf', status: 'completed', createdAt: 1, endedAt: 10 });
    await s.runs.upsert({ id: 'live', workflowId: 'wf', status: 'running', createdAt: 1 });
    await s.approvals.request(request('old'));
    await s.approvals.request(request('live'));
    expect(await s.runs.prune(100)).toBe(1);
    expect(s.approvals.get('old', 'review')).toBeUndefined();
    expect(s.approvals.get('live', 'review')).toBeDefined();
  });
});
