// The engine through the embedding API on a real project: real command executors, the real
// agents pool and store (in memory), contracts, cancellation of a process tree, contention.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openProject, ProjectInvalidError, type Project } from '../../src/index.ts';

const FIXTURE = resolve(import.meta.dirname, '../fixtures/engine/project');
const open: Project[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const p of open.splice(0)) await p.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function project(store = ':memory:'): Promise<Project> {
  const dir = mkdtempSync(join(tmpdir(), 'amas-engine-'));
  cpSync(FIXTURE, dir, { recursive: true });
  dirs.push(dir);
  const p = await openProject(dir, { store });
  open.push(p);
  return p;
}

/** Resolves once `cond` holds, checking after each turn of the event loop (bounded). */
async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 3000; i++) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('runs on a real project', () => {
  it('runs a diamond of command steps; a step with its own condition runs although a need was skipped', async () => {
    const p = await project();
    const r = await p.run('diamond', { n: 3 });
    expect(r.status).toBe('completed');
    expect(r.steps.a?.output).toEqual({ n: 6 });
    expect(r.steps.c).toMatchObject({ status: 'skipped', reason: 'condition was false' });
    expect(r.outputs).toEqual({ d: 24, c: 'skipped' });
    const wf = await p.store.knowledge.retrieve({ category: 'workflow_execution' });
    expect(wf[0]?.content).toMatchObject({ name: 'diamond', step_count: 4, success: true, agents_used: ['tools'] });
    expect(await p.store.knowledge.retrieve({ category: 'task_execution' })).toHaveLength(3);
    expect(await p.store.runs.get(r.id)).toMatchObject({ status: 'completed', attempt: 1 });
  });

  it('refuses a bad capability input before the executor runs, and fails an output that breaks its contract', async () => {
    const p = await project();
    const bad = await p.run('contracts', { n: 'two' });
    expect(bad.status).toBe('failed');
    expect(bad.steps.typed).toMatchObject({ status: 'failed', attempt: 1, error: { kind: 'non_retriable' } });
    expect(bad.steps.typed?.error?.message).toMatch(/n/);
    const shaped = await p.run('contracts', { shape: true });
    expect(shaped.steps.shaped).toMatchObject({ status: 'failed', error: { kind: 'error' } });
    expect(shaped.steps.shaped?.error?.message).toMatch(/output/i);
    await expect(p.run('contracts', { n: 2 })).rejects.toThrow(/input "n": must be string/);
    await expect(p.run('diamnod')).rejects.toMatchObject({ code: 'AMAS_UNKNOWN_WORKFLOW', hint: 'did you mean "diamond"?' });
  });

  it('cancelling a run kills the step’s whole process tree', async () => {
    const p = await project();
    const h = p.start('tree');
    const pidFile = join(p.dir, 'tree.pids');
    await until(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').split('\n').length === 3, 'the process tree');
    const pids = readFileSync(pidFile, 'utf8').split('\n').map(Number);
    expect(pids.every(alive)).toBe(true);
    h.cancel();
    const r = await h.result;
    expect(r.status).toBe('cancelled');
    expect(r.steps.spawn?.status).toBe('cancelled');
    await until(() => !pids.some(alive), 'the tree to die');
  });

  it('routes five parallel steps over two agents of concurrency 1: all run, none fails, never more than two at once', async () => {
    const p = await project();
    let peak = 0;
    p.onEvent((e) => {
      if (e.type === 'step_started') peak = Math.max(peak, p.agents.active);
    });
    const h = p.start('contention');
    const log = join(p.dir, 'hold.log');
    await until(() => existsSync(log) && readFileSync(log, 'utf8').trim().split('\n').length === 2, 'two holders');
    expect(p.agents.waiting).toBe(3);
    writeFileSync(join(p.dir, 'go'), '');
    const r = await h.result;
    expect(r.status).toBe('completed');
    expect(peak).toBe(2);
    const agents = ['s1', 's2', 's3', 's4', 's5'].map((s) => (r.steps[s]?.status === 'completed' ? (r.steps[s].output as { agent: string }).agent : 'none'));
    expect(new Set(agents)).toEqual(new Set(['pair-a', 'pair-b']));
    expect(r.steps.pinned).toMatchObject({ status: 'completed', agent: 'pair-b', attempt: 1 });
  });

  it('runs a dynamic workflow after validating it like a file', async () => {
    const p = await project();
    const r = await p.runDynamic('id: dyn\nsteps:\n  - id: x\n    task: double\n    with: { n: 21 }\noutputs:\n  n: ${{ steps.x.output.n }}\n');
    expect(r).toMatchObject({ status: 'completed', outputs: { n: 42 } });
    const err = await p.runDynamic('id: dyn\nsteps:\n  - id: x\n    task: doubel\n').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProjectInvalidError);
    expect((err as ProjectInvalidError).diagnostics[0]?.message).toMatch(/doubel/);
  });
});
