import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { reloadingProject } from './reload-harness.ts';

// A plan is cached by workflow hash, but the capability settings it bakes in (timeout, retry,
// executor kind) live in agents.d/: a reload that changes only those must reach the next run.

const p = reloadingProject('reload-caps');
const { run } = p;

/** task_execution records are written for side-effecting steps only (not for pure templates). */
const taskRecords = async (runId: string) =>
  (await p.rt.project.store.knowledge.retrieve({ category: 'task_execution', limit: 1000 })).filter((k) => JSON.stringify(k.content).includes(runId) || JSON.stringify(k.metadata ?? {}).includes(runId));

const reloaded = (change: () => void) => p.reloaded(change, 'the reload');

const edit = (rel: string, from: string, to: string) => {
  const text = fs.readFileSync(p.file(rel), 'utf8');
  if (!text.includes(from)) throw new Error(`${rel} has no ${from}`);
  fs.writeFileSync(p.file(rel), text.replace(from, to));
};

describe('a reload that changes only a capability reaches the next run', () => {
  it('runs schemas that carry an $id again and again across a reload (no "already exists")', async () => {
    const first = await run('labeller');
    expect(first.result.status).toBe('completed');
    // New spec objects, the same $ids: each compiled schema must not collide with the last.
    await reloaded(() => {
      edit('workflows.d/labeller.yaml', 'version 1', 'version 2');
      edit('agents.d/worker.yaml', 'carry an $id', 'carry an $id (2)');
    });
    for (let i = 0; i < 2; i++) {
      const again = await run('labeller');
      expect(again.result.error ?? '').not.toMatch(/already exists/);
      expect(again.result.status).toBe('completed');
      expect(again.result.steps.label).toMatchObject({ status: 'completed', output: { text: 'reloads' } });
    }
  });

  it('uses the new timeout and the new executor kind', async () => {
    const before = await run('napper');
    expect(before.result.status).toBe('failed');
    expect(before.result.steps.nap?.error?.message).toMatch(/timed out|timeout/i);
    const pure = await run('noter');
    expect(pure.result.status).toBe('completed');
    expect(await taskRecords(pure.runId)).toHaveLength(0);

    const agent = fs.readFileSync(p.file('agents.d/worker.yaml'), 'utf8');
    const changed = agent
      .replace('timeout: 200ms', 'timeout: 10s')
      .replace('template: { text: noted }', 'command:\n        argv: [node, -e, "console.log(JSON.stringify({noted: true}))"]\n        parse: json');
    expect(changed).not.toBe(agent);
    await reloaded(() => fs.writeFileSync(p.file('agents.d/worker.yaml'), changed));

    const after = await run('napper');
    expect(after.result.steps.nap).toMatchObject({ status: 'completed', output: { rested: true } });
    expect(after.result.status).toBe('completed');
    const effect = await run('noter');
    expect(effect.result.steps.note).toMatchObject({ status: 'completed', output: { noted: true } });
    // Now a side effect: its step is journalled durably and recorded as a task execution.
    expect(await taskRecords(effect.runId)).toHaveLength(1);
  });
});
