// The gate in front of an agent loop's tool call with `approval:` (src/engine/tool-approval.ts),
// on the in-memory approval journal and the real expression layer: when a call waits, that a wait
// is requested once and restored after that, and what an answer makes of the call.
import { describe, expect, it } from 'vitest';
import { LoopWaiting, ManualClock, type LoopCallRecord } from '../../../src/core/index.ts';
import { MemoryApprovals, type EngineEvent } from '../../../src/engine/index.ts';
import type { RunDeps } from '../../../src/engine/run-deps.ts';
import { approvalCallId, gateCall, type GateContext } from '../../../src/engine/tool-approval.ts';
import { hasExpressions, render } from '../../../src/expr/index.ts';

function gate(): { g: GateContext; approvals: MemoryApprovals; events: EngineEvent[]; clock: ManualClock } {
  const approvals = new MemoryApprovals();
  const events: EngineEvent[] = [];
  const clock = new ManualClock(1_000);
  const deps = { approvals, clock, expr: { render, hasExpressions }, listening: () => true, emit: (e: EngineEvent) => events.push(e) } as unknown as RunDeps;
  return { g: { deps, runId: 'run_1', workflow: 'main', stepId: 'plan', loopKey: 'plan' }, approvals, events, clock };
}

function call(args: unknown, callId = '1.0'): LoopCallRecord {
  return { runId: 'run_1', loop: 'plan', callId, turn: 1, toolCallId: 'call_x', tool: 'spend', kind: 'capability', args, idempotent: true, status: 'running', result: undefined, startedAt: 0, endedAt: undefined, durationMs: undefined };
}

describe('approvalCallId', () => {
  it('is the call id in the step loop, the path through nested loops, and none inside items or iterations', () => {
    expect(approvalCallId('plan', 'plan', '1.0')).toBe('1.0');
    expect(approvalCallId('plan', 'plan/2.1', '1.0')).toBe('2.1/1.0');
    expect(approvalCallId('social', 'social[2]', '1.0')).toBeUndefined();
    expect(approvalCallId('draft', 'draft#1/1.0', '2.0')).toBeUndefined();
  });
});

describe('gateCall', () => {
  it('journals the request once, announces it, and throws LoopWaiting; a replay finds it and says restored', async () => {
    const { g, approvals, events, clock } = gate();
    await expect(gateCall(g, call({ amount: 5 }), 'required')).rejects.toBeInstanceOf(LoopWaiting);
    const rec = await approvals.get('run_1', 'plan', '1.0');
    expect(rec).toMatchObject({ callId: '1.0', tool: 'spend', args: { amount: 5 }, requestedAt: 1_000 });
    expect(rec!.prompt).toBe('Allow the agent to call spend with {"amount":5}?');
    expect(events).toEqual([expect.objectContaining({ type: 'approval_requested', stepId: 'plan', callId: '1.0', path: '/api/runs/run_1/steps/plan/approval' })]);
    expect(events[0]).not.toHaveProperty('restored');
    clock.advance(5_000);
    await expect(gateCall(g, call({ amount: 5 }), 'required')).rejects.toBeInstanceOf(LoopWaiting);
    expect((await approvals.get('run_1', 'plan', '1.0'))!.requestedAt).toBe(1_000);
    expect(events[1]).toMatchObject({ restored: true, callId: '1.0' });
    expect(await approvals.pending()).toHaveLength(1);
  });

  it('lets an approved call run, and turns a rejected one into the text the model gets', async () => {
    const { g, approvals } = gate();
    await expect(gateCall(g, call({ amount: 5 }, '1.0'), 'required')).rejects.toBeInstanceOf(LoopWaiting);
    await expect(gateCall(g, call({ amount: 6 }, '1.1'), 'required')).rejects.toBeInstanceOf(LoopWaiting);
    await approvals.answer('run_1', 'plan', '1.0', { approved: true, by: 'ana', at: 2_000 });
    await approvals.answer('run_1', 'plan', '1.1', { approved: false, by: 'bo', at: 2_000, comment: 'over budget' });
    expect(await gateCall(g, call({ amount: 5 }, '1.0'), 'required')).toEqual({ run: true });
    const rejected = await gateCall(g, call({ amount: 6 }, '1.1'), 'required');
    expect(rejected.run).toBe(false);
    expect(!rejected.run && rejected.text).toMatch(/rejected by bo, saying: over budget/);
  });

  it('evaluates `when` on the arguments as args: false runs at once without a request, true waits, an error waits (fail closed)', async () => {
    const { g, approvals } = gate();
    const when = { when: '${{ args.amount > 100 }}' };
    expect(await gateCall(g, call({ amount: 5 }, '1.0'), when)).toEqual({ run: true });
    expect(await approvals.get('run_1', 'plan', '1.0')).toBeUndefined();
    await expect(gateCall(g, call({ amount: 500 }, '1.1'), when)).rejects.toBeInstanceOf(LoopWaiting);
    await expect(gateCall(g, call({ amount: 5 }, '1.2'), { when: '${{ args.amount > }}' })).rejects.toBeInstanceOf(LoopWaiting);
    expect((await approvals.get('run_1', 'plan', '1.2'))!.prompt).toMatch(/could not be evaluated/);
  });

  it('refuses a gated call in a for_each item before asking anyone', async () => {
    const { g, approvals } = gate();
    await expect(gateCall({ ...g, stepId: 'social', loopKey: 'social[0]' }, call({}), 'required')).rejects.toThrow(/for_each items and repeat iterations/);
    expect(await approvals.pending()).toEqual([]);
  });
});
