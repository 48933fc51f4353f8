// MCP approve/reject/list against the real `amas mcp` server (stdio child), on a run parked on
// an approval by `amas run` with no `amas up`.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvalProject, publishedLines } from './approval-fixture.ts';
import { call, connect, data, text, type Connected } from './mcp-helpers.ts';
import { amas } from './trust-fixture.ts';

let dir = '';
let c: Connected;
const runs: string[] = [];

beforeAll(async () => {
  dir = approvalProject();
  for (let i = 0; i < 2; i++) {
    const r = amas(dir, ['run', 'review', '--input', `title=T${i}`]);
    runs.push(/amas runs approve (run_\w+) review/.exec(r.stderr)![1]!);
  }
  c = await connect(dir);
}, 90_000);

afterAll(async () => {
  await c?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function runStatus(runId: string): Promise<string> {
  return (data(await call(c.client, 'get_run', { run_id: runId })) as { status: string }).status;
}

describe('approvals over MCP', () => {
  it('lists the waiting approvals with their prompt and form', async () => {
    const r = await call(c.client, 'list_approvals');
    expect(r.isError).toBeFalsy();
    const list = (data(r) as { approvals: { runId: string; stepId: string; prompt: string; input: unknown }[] }).approvals;
    expect(list.map((a) => [a.runId, a.stepId, a.prompt])).toEqual([
      [runs[0], 'review', 'Publish T0?'],
      [runs[1], 'review', 'Publish T1?'],
    ]);
    expect(list[0]!.input).toMatchObject({ type: 'object', properties: { channel: { type: 'string' } } });
  });

  it('approve_step answers as the client, the run finishes, and a second answer is an error result', async () => {
    const r = await call(c.client, 'approve_step', { run_id: runs[0], step_id: 'review', input: { channel: 'mcp' }, comment: 'from the model' });
    expect(r.isError).toBeFalsy();
    expect(data(r)).toMatchObject({ approval: { answer: { approved: true, by: 'amas-tests', comment: 'from the model', input: { channel: 'mcp' } } } });
    for (let i = 0; i < 200 && (await runStatus(runs[0]!)) !== 'completed'; i++) await new Promise((res) => setTimeout(res, 50));
    expect(await runStatus(runs[0]!)).toBe('completed');
    expect(publishedLines(dir)).toEqual(['T0 on mcp by amas-tests']);

    const again = await call(c.client, 'reject_step', { run_id: runs[0], step_id: 'review' });
    expect(again.isError).toBe(true);
    expect(text(again)).toMatch(/AMAS_APPROVAL_ANSWERED: .* already answered: approved by amas-tests at/);
  });

  it('reject_step completes the step with approved: false; bad input is refused and the approval stays open', async () => {
    const bad = await call(c.client, 'approve_step', { run_id: runs[1], step_id: 'review', input: { count: 'x' } });
    expect(bad.isError).toBe(true);
    expect(text(bad)).toMatch(/AMAS_APPROVAL_INPUT/);
    const r = await call(c.client, 'reject_step', { run_id: runs[1], step_id: 'review', reason: 'no' });
    expect(r.isError).toBeFalsy();
    for (let i = 0; i < 200 && (await runStatus(runs[1]!)) !== 'completed'; i++) await new Promise((res) => setTimeout(res, 50));
    const run = data(await call(c.client, 'get_run', { run_id: runs[1] })) as { steps: Record<string, { status: string; output?: unknown }> };
    expect(run.steps.review?.output).toMatchObject({ approved: false, comment: 'no', by: 'amas-tests' });
    expect(run.steps.publish?.status).toBe('skipped');
    expect(publishedLines(dir)).toHaveLength(1);
    expect((data(await call(c.client, 'list_approvals')) as { approvals: unknown[] }).approvals).toEqual([]);
  });
});
