// for_each, sub-workflows and repeat end to end: the real `amas up` runs command capabilities
// that log when each item starts and ends; it is SIGKILLed with items in flight and restarted.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { amasAsync } from './stream-harness.ts';
import { amas, ensureBuilt, ROOT, startUp, until, untilAsync, type Up } from './store-up.ts';

const FIXTURE = path.join(ROOT, 'tests/fixtures/flow');
const dirs: string[] = [];
const ups: Up[] = [];

beforeAll(() => ensureBuilt());
afterEach(async () => {
  for (const u of ups.splice(0)) await u.kill9();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function project(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amas-flow-'));
  fs.cpSync(FIXTURE, dir, { recursive: true });
  dirs.push(dir);
  return dir;
}

async function up(dir: string): Promise<Up> {
  const u = await startUp(dir);
  ups.push(u);
  return u;
}

const lines = (dir: string, file: string): string[] => (fs.existsSync(path.join(dir, file)) ? fs.readFileSync(path.join(dir, file), 'utf8').trim().split('\n') : []);

/** The most items between a `start` and its `end` at once, over a stretch of items.log. */
function peak(log: string[]): number {
  let running = 0;
  let max = 0;
  for (const l of log) {
    if (l.startsWith('start ')) max = Math.max(max, ++running);
    else if (l.startsWith('end ')) running--;
  }
  return max;
}

async function finished(u: Up, runId: string): Promise<any> {
  return untilAsync(
    async () => {
      const r = await u.api('GET', `/api/runs/${runId}`);
      return r.status === 200 && ['completed', 'failed', 'cancelled', 'budget_exceeded'].includes(r.body.run.status) ? r.body : undefined;
    },
    `run ${runId} to end`,
    30_000,
    u.output,
  );
}

describe('for_each through amas up', () => {
  it('runs 5 items at most 2 at a time, in item order, and after a SIGKILL only the unfinished items run again', async () => {
    const dir = project();
    fs.writeFileSync(path.join(dir, 'hold'), 'c\nd\n');
    const first = await up(dir);
    const started = await first.api('POST', '/api/workflows/fan/runs', { platforms: ['a', 'b', 'c', 'd', 'e'] });
    expect(started.status).toBe(202);
    const runId = started.body.runId as string;
    await until(() => lines(dir, 'items.log').filter((l) => /^start [cd] /.test(l)).length === 2, 'items c and d in flight', 20_000, first.output);
    await first.kill9();
    const before = lines(dir, 'items.log');
    expect(peak(before)).toBe(2);
    expect(before.filter((l) => l.startsWith('start e'))).toEqual([]);

    fs.writeFileSync(path.join(dir, 'release'), '');
    const second = await up(dir);
    const done = await finished(second, runId);
    expect(done.run.status).toBe('completed');
    expect(done.run.outputs.posts).toEqual(['a', 'b', 'c', 'd', 'e'].map((p) => ({ post: `posted on ${p}` })));
    const after = lines(dir, 'items.log').slice(before.length);
    expect(peak(after)).toBeLessThanOrEqual(2);
    const starts = (p: string) => lines(dir, 'items.log').filter((l) => l.startsWith(`start ${p} `));
    // a and b completed before the crash: they never ran again; c and d were in flight: once more, same key.
    expect(['a', 'b', 'c', 'd', 'e'].map((p) => starts(p).length)).toEqual([1, 1, 2, 2, 1]);
    for (const p of ['c', 'd']) {
      const [one, two] = starts(p).map((l) => l.split(' '));
      expect(two![2]).toBe('2');
      expect(two![3]).toBe(one![3]);
    }
    expect(new Set(['a', 'b', 'c', 'd', 'e'].map((p) => starts(p)[0]!.split(' ')[3])).size).toBe(5);
    // Each item has a journal row of its own, shown under its step.
    const shown = amas(dir, 'runs', 'show', runId);
    expect(shown.stdout).toMatch(/social\[4\]\s+completed/);
  }, 90_000);
});

describe('sub-workflows through amas up', () => {
  it('a workflow: step runs a linked child run per item; the step output is its outputs; faces list the children', async () => {
    const dir = project();
    const u = await up(dir);
    const r = await u.api('POST', '/api/workflows/parent/runs?wait=true', { platforms: ['x', 'y'] });
    expect(r.status).toBe(200);
    expect(r.body.result).toMatchObject({ status: 'completed', outputs: { one: 'posted on solo', each: [{ post: 'posted on x' }, { post: 'posted on y' }] } });
    const runId = r.body.runId as string;
    const detail = await u.api('GET', `/api/runs/${runId}`);
    const kids = detail.body.children as { workflowId: string; status: string; parentStepId: string }[];
    expect(kids.map((k) => [k.workflowId, k.parentStepId, k.status])).toEqual([
      ['publish', 'one', 'completed'],
      ['publish', 'each', 'completed'],
      ['publish', 'each', 'completed'],
    ]);
    const shown = amas(dir, 'runs', 'show', runId);
    expect(shown.code).toBe(0);
    expect(shown.stdout.match(/↳ child run_\w+\s+publish/g)).toHaveLength(3);
    const json = amas(dir, 'runs', 'show', runId, '--json').json();
    expect(json.children).toHaveLength(3);
  }, 60_000);
});

describe('sub-workflows: cancellation and a crash through amas up', () => {
  it('`amas runs cancel` on the parent while its child runs cancels the child run too', async () => {
    const dir = project();
    fs.writeFileSync(path.join(dir, 'hold'), 'solo\n');
    const u = await up(dir);
    const started = await u.api('POST', '/api/workflows/parent/runs', { platforms: ['x'] });
    expect(started.status).toBe(202);
    const runId = started.body.runId as string;
    await until(() => lines(dir, 'items.log').some((l) => l.startsWith('start solo ')), 'the child step in flight', 20_000, u.output);
    // Asynchronously: a blocking spawn would keep this process from seeing the server close an
    // idle keep-alive connection, and the next request would be sent on the closed one.
    const cancel = await amasAsync(dir, ['runs', 'cancel', runId, dir]);
    expect(cancel.code, cancel.stderr).toBe(0);
    const done = await finished(u, runId);
    expect(done.run.status).toBe('cancelled');
    const kids = (await untilAsync(
      async () => {
        const r = await u.api('GET', `/api/runs/${runId}`);
        const c = r.body.children as { status: string }[];
        return c.length === 1 && c[0]!.status !== 'running' ? c : undefined;
      },
      'the child run to end',
      20_000,
      u.output,
    )) as { workflowId: string; status: string }[];
    expect(kids.map((k) => [k.workflowId, k.status])).toEqual([['publish', 'cancelled']]);
    // The child's held step was stopped, not finished; the parent's for_each never started.
    expect(lines(dir, 'items.log').filter((l) => l.startsWith('end '))).toEqual([]);
    expect(lines(dir, 'items.log').filter((l) => l.startsWith('start x '))).toEqual([]);
  }, 60_000);

  it('after a SIGKILL with the child in flight, the restarted amas up finishes parent and child without a second child run', async () => {
    const dir = project();
    fs.writeFileSync(path.join(dir, 'hold'), 'solo\n');
    const first = await up(dir);
    const started = await first.api('POST', '/api/workflows/parent/runs', { platforms: ['x'] });
    const runId = started.body.runId as string;
    await until(() => lines(dir, 'items.log').some((l) => l.startsWith('start solo ')), 'the child step in flight', 20_000, first.output);
    await first.kill9();
    fs.writeFileSync(path.join(dir, 'release'), '');
    const second = await up(dir);
    const done = await finished(second, runId);
    expect(done.run.status).toBe('completed');
    expect(done.run.outputs).toEqual({ one: 'posted on solo', each: [{ post: 'posted on x' }] });
    const detail = await second.api('GET', `/api/runs/${runId}`);
    const kids = detail.body.children as { workflowId: string; parentStepId: string; status: string }[];
    // One child for `one` (re-attached, not started again) and one for the item.
    expect(kids.map((k) => [k.parentStepId, k.status])).toEqual([
      ['one', 'completed'],
      ['each', 'completed'],
    ]);
    // The interrupted child step ran once more with the same idempotency key; the item once.
    const solo = lines(dir, 'items.log').filter((l) => l.startsWith('start solo ')).map((l) => l.split(' '));
    expect(solo).toHaveLength(2);
    expect(solo[1]![3]).toBe(solo[0]![3]);
    expect(lines(dir, 'items.log').filter((l) => l.startsWith('start x '))).toHaveLength(1);
  }, 90_000);
});

describe('repeat through amas up', () => {
  it('re-runs until `until` holds and, after a SIGKILL mid-iteration, resumes at that iteration', async () => {
    const dir = project();
    fs.writeFileSync(path.join(dir, 'hold-edit'), '1');
    const first = await up(dir);
    const started = await first.api('POST', '/api/workflows/loop/runs', {});
    const runId = started.body.runId as string;
    await until(() => lines(dir, 'edits.log').length === 2, 'iteration 1 in flight', 20_000, first.output);
    await first.kill9();
    fs.writeFileSync(path.join(dir, 'release'), '');
    const second = await up(dir);
    const done = await finished(second, runId);
    expect(done.run.status).toBe('completed');
    // score 3, 6, 9: until (score >= 8) holds at iteration 2; iteration 0 never ran again.
    expect(done.run.outputs).toEqual({ draft: 'draft v3' });
    expect(lines(dir, 'edits.log')).toEqual(['edit 0', 'edit 1', 'edit 1', 'edit 2']);
  }, 90_000);
});
