import { describe, expect, it } from 'vitest';
import { WORKER_STALE_MS, workerSnapshot, type WorkflowSpec } from '../../../src/core/index.ts';
import { describeEvent, SnapshotBuilder } from '../../../src/runtime/snapshot-builder.ts';

const spec = {
  id: 'wf',
  steps: [
    { id: 'b', task: 't2', needs: ['a'] },
    { id: 'a', task: 't1' },
  ],
} as unknown as WorkflowSpec;

const inputs = (now: number) => ({ now, state: 'running' as const, project: { name: 'p', dir: '/p' }, startedAt: 0, agents: [], workflows: [{ id: 'wf', description: null, triggers: [], inputs: [], nextFire: null, paused: false }] });

describe('describeEvent', () => {
  it.each([
    [{ taskType: 'write_report', stepId: 'write', durationMs: 141.4 }, 'write_report (step write) 141ms'],
    [{ run_id: 'r1', workflow: 'repo-health', duration_ms: 439 }, 'run repo-health completed 439ms'],
    [{ run_id: 'r1', workflow: 'wf', status: 'failed', reason: 'step a failed' }, 'run wf failed: step a failed'],
    [{ kind: 'agent', agentId: 'editor', state: 'online', reason: 'started' }, 'agent editor online (started)'],
    [{ kind: 'reload_failed', diagnostics: [{}, {}] }, 'reload rejected: 2 problem(s)'],
    [{ kind: 'alert', message: 'cpu_usage 93% ≥ 90%' }, 'alert: cpu_usage 93% ≥ 90%'],
    [{ data_type: 'audience_metrics' }, '{"data_type":"audience_metrics"}'],
    ['plain text', 'plain text'],
  ])('%j → %s', (data, text) => expect(describeEvent(data)).toBe(text));
});

describe('SnapshotBuilder', () => {
  it('follows a run from start to end, steps in DAG order, and counts the outcome', () => {
    const b = new SnapshotBuilder();
    b.runStarting('r1', spec, 'manual', 10);
    let s = b.build(inputs(10));
    expect(s.runs[0]!.steps.map((x) => [x.id, x.status])).toEqual([['a', 'pending'], ['b', 'pending']]);
    expect(s.workflows[0]!.activeRuns).toBe(1);
    b.engineEvent({ type: 'step_started', runId: 'r1', stepId: 'a', attempt: 1, maxAttempts: 3, agent: 'w' }, 11);
    b.engineEvent({ type: 'step_retrying', runId: 'r1', stepId: 'a', attempt: 1, maxAttempts: 3, delayMs: 500, error: { kind: 'error', message: 'boom' } }, 12);
    s = b.build(inputs(12));
    expect(s.runs[0]!.steps[0]).toMatchObject({ status: 'retrying', retryAt: 512, error: 'boom', agentId: 'w' });
    b.engineEvent({ type: 'run_finished', runId: 'r1', result: { id: 'r1', workflow: 'wf', status: 'completed', outputs: {}, steps: { a: { status: 'completed', attempt: 2, output: 1, durationMs: 3 }, b: { status: 'completed', attempt: 1, output: 2, durationMs: 1 } }, waiting: [], attempt: 1, startedAt: 10, endedAt: 20 } }, 20);
    s = b.build(inputs(20));
    expect(s.runs[0]).toMatchObject({ status: 'completed', endedAt: 20 });
    expect(s.counts).toMatchObject({ runsActive: 0, runsCompleted: 1 });
    expect(s.workflows[0]!.lastOutcome).toEqual({ runId: 'r1', status: 'completed', at: 20 });
  });

  it('carries the queue workers and work: false only when given (PostgreSQL store, --no-work)', () => {
    const w = workerSnapshot({ id: 'w-1', host: 'h', pid: 1, concurrency: 4, startedAt: 0, heartbeatAt: 10, inFlight: 1, completed: 2, failed: 0 }, 7_000);
    const s = new SnapshotBuilder().build({ ...inputs(1), workers: [w], work: false });
    expect(s.workers).toEqual([{ id: 'w-1', host: 'h', pid: 1, concurrency: 4, startedAt: 0, heartbeatAt: 10, readAt: 7_000, heartbeatAgeMs: 6_990, stale: true, inFlight: 1, completed: 2, failed: 0 }]);
    expect(s.work).toBe(false);
    const plain = new SnapshotBuilder().build(inputs(1));
    expect('workers' in plain).toBe(false);
    expect('work' in plain).toBe(false);
    // Three heartbeat periods is the limit: at exactly 6 s a worker is still live.
    expect(workerSnapshot({ id: 'w', host: 'h', pid: 1, concurrency: 1, startedAt: 0, heartbeatAt: 1_000, inFlight: 0, completed: 0, failed: 0 }, 1_000 + WORKER_STALE_MS).stale).toBe(false);
    expect(workerSnapshot({ id: 'w', host: 'h', pid: 1, concurrency: 1, startedAt: 0, heartbeatAt: 5_000, inFlight: 0, completed: 0, failed: 0 }, 1_000).heartbeatAgeMs).toBe(0);
  });

  it('hands out the same snapshot until something changes', () => {
    const b = new SnapshotBuilder();
    const first = b.build(inputs(1));
    expect(b.build(inputs(2))).toBe(first);
    b.busEvent({ id: 'e1', type: 'data_update', priority: 'normal', source: 'cli', data: { x: 1 }, timestamp: 3 });
    const next = b.build(inputs(3));
    expect(next).not.toBe(first);
    expect(next.events.map((e) => e.summary)).toEqual(['{"x":1}']);
  });

  it('a run parked on an in_doubt step is waiting, not finished', () => {
    const b = new SnapshotBuilder();
    b.runStarting('r2', spec, 'cron', 0);
    b.engineEvent({ type: 'run_finished', runId: 'r2', result: { id: 'r2', workflow: 'wf', status: 'running', outputs: undefined, steps: {}, waiting: ['a'], attempt: 2, startedAt: 0 } }, 5);
    const s = b.build(inputs(5));
    expect(s.runs[0]).toMatchObject({ status: 'waiting', endedAt: null });
    expect(s.counts.runsActive).toBe(1);
  });
});

describe('SnapshotBuilder: approvals and child runs (the TUI reads them)', () => {
  const withApproval = {
    id: 'wf',
    steps: [
      { id: 'ask', approval: { prompt: 'Go?', input: { type: 'object', required: ['channel'], properties: { channel: { type: 'string', description: 'where' }, count: { type: 'integer', default: 1 } } } } },
      { id: 'plan', task: 'plan', needs: ['ask'] },
    ],
  } as unknown as WorkflowSpec;

  it("a waiting approval step carries its prompt and its form's fields", () => {
    const b = new SnapshotBuilder();
    b.runStarting('r1', withApproval, 'manual', 10);
    b.engineEvent({ type: 'approval_requested', runId: 'r1', workflow: 'wf', stepId: 'ask', prompt: 'Go?', requestedAt: 11, deadline: 99, path: '/api/runs/r1/steps/ask/approval' }, 11);
    const step = b.build(inputs(11)).runs[0]!.steps.find((s) => s.id === 'ask')!;
    expect(step.status).toBe('waiting');
    expect(step.approval).toEqual({
      prompt: 'Go?', requestedAt: 11, deadline: 99,
      fields: [{ name: 'channel', type: 'string', required: true, description: 'where' }, { name: 'count', type: 'integer', required: false, description: null, default: 1 }],
    });
  });

  it("a tool call's approval marks its llm step (which keeps running) until that call is answered", () => {
    const b = new SnapshotBuilder();
    b.runStarting('r1', withApproval, 'manual', 10);
    b.engineEvent({ type: 'step_started', runId: 'r1', stepId: 'plan', attempt: 1, maxAttempts: 1, agent: 'w' }, 11);
    b.engineEvent({ type: 'approval_requested', runId: 'r1', workflow: 'wf', stepId: 'plan', callId: '1.0', prompt: 'Call it?', requestedAt: 12, path: '/x' }, 12);
    let step = b.build(inputs(12)).runs[0]!.steps.find((s) => s.id === 'plan')!;
    expect(step).toMatchObject({ status: 'running', approval: { prompt: 'Call it?', callId: '1.0', deadline: null } });
    b.engineEvent({ type: 'approval_answered', runId: 'r1', workflow: 'wf', stepId: 'plan', callId: '1.0', prompt: 'Call it?', approved: true, by: 'cli', at: 13 }, 13);
    step = b.build(inputs(13)).runs[0]!.steps.find((s) => s.id === 'plan')!;
    expect(step.approval).toBeUndefined();
    expect(step.status).toBe('running');
  });

  it('a child run is linked to the parent step its run_started names', () => {
    const b = new SnapshotBuilder();
    b.runStarting('parent', spec, 'manual', 10);
    b.runStarting('child', spec, 'manual', 11);
    b.engineEvent({ type: 'run_started', runId: 'child', workflow: 'wf', attempt: 1, total: 2, trigger: 'workflow', parent: { runId: 'parent', stepId: 'a' } }, 11);
    const runs = b.build(inputs(11)).runs;
    expect(runs.find((r) => r.id === 'child')?.parent).toEqual({ runId: 'parent', stepId: 'a' });
    expect(runs.find((r) => r.id === 'parent')?.parent).toBeNull();
  });
});
