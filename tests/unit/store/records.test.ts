import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/index.ts';
import { openStore, type Store } from '../../../src/store/index.ts';

let clock: ManualClock;
let store: Store;
beforeEach(async () => {
  clock = new ManualClock(Date.UTC(2026, 0, 1));
  store = await openStore(':memory:', { clock });
});
afterEach(() => store.close());

describe('runs and steps', () => {
  it('upserts a run and its steps in one transaction and lists runs newest first', async () => {
    await store.transaction((tx) => {
      store.runs.putRun(tx, { id: 'r1', workflowId: 'wf', status: 'running', inputs: { a: 1 }, specHash: 'h1', startedAt: clock.now() });
      store.runs.putStep(tx, { runId: 'r1', stepId: 'plan', status: 'running', attempt: 1, idempotencyKey: 'r1:plan:1' });
    });
    clock.advance(1000);
    await store.runs.upsertStep({ runId: 'r1', stepId: 'plan', status: 'completed', attempt: 1, output: { ok: true }, endedAt: clock.now() });
    await store.runs.upsert({ id: 'r1', workflowId: 'wf', status: 'completed', inputs: { a: 1 }, outputs: { t: 'x' }, specHash: 'h1', endedAt: clock.now() });
    await store.runs.upsert({ id: 'r2', workflowId: 'other', status: 'running' });
    const r1 = store.runs.get('r1')!;
    expect(r1).toMatchObject({ status: 'completed', outputs: { t: 'x' }, createdAt: Date.UTC(2026, 0, 1), updatedAt: Date.UTC(2026, 0, 1) + 1000 });
    expect(store.runs.steps('r1')).toEqual([expect.objectContaining({ stepId: 'plan', status: 'completed', output: { ok: true }, idempotencyKey: null })]);
    expect(store.runs.list().map((r) => r.id)).toEqual(['r2', 'r1']);
    expect(store.runs.list({ status: ['running', 'pending'] }).map((r) => r.id)).toEqual(['r2']);
    expect(await store.runs.prune(clock.now() + 1)).toBe(1);
    expect(store.runs.steps('r1')).toEqual([]);
  });
});

describe('events, metrics, trigger state', () => {
  it('keeps events newest first and prunes by age', async () => {
    await store.events.append({ id: 'e1', type: 'data_update', priority: 'normal', source: 'cli', target: null, data: { x: 1 }, createdAt: 1, expiresAt: null });
    await store.events.append({ id: 'e2', type: 'task_complete', priority: 'high', source: 'a', target: 'b', data: null, createdAt: 2, expiresAt: null });
    expect(store.events.list().map((e) => e.id)).toEqual(['e2', 'e1']);
    expect(store.events.list({ type: 'data_update' })[0]!.data).toEqual({ x: 1 });
    expect(await store.events.prune(2)).toBe(1);
  });

  it('records metric samples and reads a time range', async () => {
    await store.metrics.record([{ name: 'cpu', value: 0.5, labels: { host: 'a' } }, { name: 'cpu', value: 0.7, ts: clock.now() + 10 }]);
    expect(store.metrics.query('cpu', { since: clock.now() + 5 })).toEqual([{ name: 'cpu', ts: clock.now() + 10, value: 0.7, labels: {} }]);
    expect(store.metrics.query('cpu')).toHaveLength(2);
  });

  it('merges trigger state and pauses a workflow', async () => {
    await store.triggers.recordFire('wf', 'cron:0', 1000, 'completed');
    await store.triggers.put({ workflowId: 'wf', triggerKey: 'cron:0', data: { missed: 0 } });
    expect(store.triggers.get('wf', 'cron:0')).toMatchObject({ lastFire: 1000, lastOutcome: 'completed', data: { missed: 0 }, paused: false });
    await store.triggers.setPaused('wf', true);
    expect(store.triggers.isPaused('wf')).toBe(true);
    expect(store.triggers.list('wf').map((t) => t.triggerKey)).toEqual(['*', 'cron:0']);
  });
});
