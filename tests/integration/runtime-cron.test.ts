import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/index.ts';
import { Runtime } from '../../src/runtime/index.ts';
import { openStore } from '../../src/store/index.ts';

// Cron through the whole Runtime (scheduler → overlap gate → engine → store) on an injected
// clock: the outage is simulated by stopping the runtime, moving the clock and starting again
// on the same store.

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/up');
const MINUTE = 60_000;
const tmps: string[] = [];
const live: Runtime[] = [];

afterEach(async () => {
  for (const rt of live.splice(0)) await rt.stop(0);
  for (const d of tmps.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function copyFixture(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `amas-cron-${name}-`));
  tmps.push(dir);
  fs.cpSync(path.join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

async function start(dir: string, clock: ManualClock): Promise<Runtime> {
  const rt = await Runtime.start(dir, { clock, control: false, watch: false });
  live.push(rt);
  return rt;
}

async function stop(rt: Runtime, graceMs = 0): Promise<void> {
  await rt.stop(graceMs);
  live.splice(live.indexOf(rt), 1);
}

/** Polls (real time, short steps) until `cond` holds; fails after `ms`. */
async function until(cond: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

// `since`: a restarted runtime also shows the finished runs it loaded from the store's history.
const finished = (rt: Runtime, wf: string, since = 0) => rt.getSnapshot().runs.filter((r) => r.workflowId === wf && r.endedAt !== null && r.startedAt >= since);
const active = (rt: Runtime, wf: string) => rt.getSnapshot().runs.filter((r) => r.workflowId === wf && r.endedAt === null);

async function storedRuns(dir: string): Promise<Map<string, { status: string; startedAt: number | null; endedAt: number | null }[]>> {
  const store = await openStore(path.join(dir, '.amas/amas.db'), { readOnly: true });
  try {
    const out = new Map<string, { status: string; startedAt: number | null; endedAt: number | null }[]>();
    for (const r of store.runs.list({ limit: 10_000 }).reverse()) {
      const list = out.get(r.workflowId) ?? [];
      list.push({ status: r.status, startedAt: r.startedAt, endedAt: r.endedAt });
      out.set(r.workflowId, list);
    }
    return out;
  } finally {
    await store.close();
  }
}

describe('cron through the Runtime on a manual clock', () => {
  it('after a 12-hour outage: run-once fires once (not 720 times), skip fires none, run-all only those within its grace', async () => {
    const dir = copyFixture('misfire');
    const clock = new ManualClock(Date.UTC(2026, 0, 1, 0, 0, 30));
    let rt = await start(dir, clock);
    clock.advance(30_000); // 00:01:00 — one regular fire each
    await until(() => ['run-once', 'skip', 'run-all'].every((p) => finished(rt, `every-minute-${p}`).length === 1), 'the first fires');
    await stop(rt);

    clock.advance(12 * 60 * MINUTE); // down until 12:01:00: 720 minutely fires missed
    const restarted = clock.now();
    rt = await start(dir, clock);
    await until(() => finished(rt, 'every-minute-run-once', restarted).length === 1 && finished(rt, 'every-minute-run-all', restarted).length === 3, 'the catch-up runs');
    // Catch-up happens during start; nothing else is due until 12:02.
    expect(finished(rt, 'every-minute-skip', restarted)).toHaveLength(0);
    expect(active(rt, 'every-minute-skip')).toHaveLength(0);
    const sched = new Map(rt.schedule().map((e) => [e.workflowId, e]));
    expect(sched.get('every-minute-run-once')?.nextFire).toBe(Date.UTC(2026, 0, 1, 12, 2));
    expect(sched.get('every-minute-run-once')?.lastFire).toBe(Date.UTC(2026, 0, 1, 12, 1));

    clock.advance(MINUTE); // 12:02:00 — back on schedule, one fire each
    await until(() => finished(rt, 'every-minute-skip', restarted).length === 1 && finished(rt, 'every-minute-run-once', restarted).length === 2, 'the next regular fire');
    await stop(rt);

    const runs = await storedRuns(dir);
    expect(runs.get('every-minute-run-once')?.map((r) => r.status)).toEqual(['completed', 'completed', 'completed']);
    expect(runs.get('every-minute-skip')).toHaveLength(2);
    // grace 150s before 12:01:00 → the fires of 11:59, 12:00 and 12:01, then 12:02.
    expect(runs.get('every-minute-run-all')).toHaveLength(5);
  });

  it('overlap with a slow run: skip drops the second fire, queue starts it after the first ends', async () => {
    const dir = copyFixture('overlap');
    const clock = new ManualClock(Date.UTC(2026, 0, 1, 0, 0, 30));
    const rt = await start(dir, clock);
    clock.advance(30_000); // 00:01 — both start and block on the release file
    await until(() => active(rt, 'slow-skip').length === 1 && active(rt, 'slow-queue').length === 1, 'the first runs');
    await until(() => rt.getSnapshot().agents[0]!.inFlight === 2, 'both commands running');
    clock.advance(MINUTE); // 00:02 — a second fire while the first runs
    const sched = () => new Map(rt.schedule().map((e) => [e.workflowId, e]));
    expect(sched().get('slow-skip')?.lastOutcome).toBe('skipped');
    expect(sched().get('slow-queue')?.lastOutcome).toBe('queued');
    expect(active(rt, 'slow-skip')).toHaveLength(1);

    fs.writeFileSync(path.join(dir, 'release'), '');
    await until(() => finished(rt, 'slow-queue').length === 2 && finished(rt, 'slow-skip').length === 1, 'the runs to end');
    expect(finished(rt, 'slow-queue').every((r) => r.status === 'completed')).toBe(true);
    // The queued run's outcome is recorded against the fire that queued it.
    await until(() => sched().get('slow-queue')?.lastOutcome === 'succeeded', 'the queued run outcome');
    expect(sched().get('slow-skip')?.lastOutcome).toBe('skipped');
    await stop(rt);

    const runs = await storedRuns(dir);
    expect(runs.get('slow-skip')).toHaveLength(1);
    const q = runs.get('slow-queue')!;
    expect(q).toHaveLength(2);
    // One at a time: the queued run started only after the first one ended.
    expect(q[1]!.startedAt!).toBeGreaterThanOrEqual(q[0]!.endedAt!);
  });

  it('a crash after a cron run was stored but before its fire time was saved: the restart does not start that fire again', async () => {
    const dir = copyFixture('misfire');
    const clock = new ManualClock(Date.UTC(2026, 0, 1, 0, 0, 30));
    let rt = await start(dir, clock);
    clock.advance(30_000); // 00:01:00
    await until(() => finished(rt, 'every-minute-run-once').length === 1, 'the 00:01 fire');
    await stop(rt);
    // The crash window: the run of the 00:01 fire is in the store, its fire time is not.
    const store = await openStore(path.join(dir, '.amas/amas.db'));
    const fireId = store.runs.list({ workflowId: 'every-minute-run-once', limit: 10 }).map((r) => (r.trigger as { fireId?: string } | null)?.fireId);
    await store.transaction((tx) => void tx.run("UPDATE trigger_state SET last_fire = NULL WHERE workflow_id = 'every-minute-run-once' AND trigger_key <> '*'"));
    await store.close();
    expect(fireId).toEqual([`every-minute-run-once/cron:* * * * *@UTC/${Date.UTC(2026, 0, 1, 0, 1)}`]);

    clock.advance(30_000); // 00:01:30: the 00:01 fire looks missed, and run-once would run it
    rt = await start(dir, clock);
    clock.advance(30_000); // 00:02:00: the next fire is a new one
    await until(() => finished(rt, 'every-minute-run-once').length === 1, 'the 00:02 fire');
    await stop(rt);
    expect((await storedRuns(dir)).get('every-minute-run-once')).toHaveLength(2);
  });

  it('a stop past the grace period suspends running runs; the next start resumes them (not cancelled)', async () => {
    const dir = copyFixture('overlap');
    // Real time here: the grace period is a real 150 ms, and the runs cannot end before it
    // because they wait for a file the test creates only after the restart. The runs are
    // fired as their cron fires them: neither workflow lists `manual`.
    let rt = await Runtime.start(dir, { control: false, watch: false });
    live.push(rt);
    const ids = [rt.startRun({ workflow: 'slow-skip', inputs: {}, origin: { kind: 'cron' } }).runId, rt.startRun({ workflow: 'slow-queue', inputs: {}, origin: { kind: 'cron' } }).runId].sort();
    await until(() => rt.getSnapshot().agents[0]!.inFlight === 2, 'both commands running');
    await stop(rt, 150);
    let runs = await storedRuns(dir);
    expect([...runs.values()].flat().map((r) => r.status)).toEqual(['running', 'running']);

    rt = await Runtime.start(dir, { control: false, watch: false });
    live.push(rt);
    expect(rt.getSnapshot().runs.filter((r) => r.endedAt === null).map((r) => r.id).sort()).toEqual(ids);
    // The resumed runs hold their workflows' overlap slots.
    expect(rt.startRun({ workflow: 'slow-skip', inputs: {}, origin: { kind: 'cron' } }).kind).toBe('skipped');
    expect(rt.startRun({ workflow: 'slow-queue', inputs: {}, origin: { kind: 'cron' } }).kind).toBe('queued');
    fs.writeFileSync(path.join(dir, 'release'), '');
    await until(() => rt.getSnapshot().runs.filter((r) => r.status === 'completed').length === 3, 'the resumed and the queued run to complete');
    await stop(rt);
    runs = await storedRuns(dir);
    expect(runs.get('slow-skip')?.map((r) => r.status)).toEqual(['completed']);
    expect(runs.get('slow-queue')?.map((r) => r.status)).toEqual(['completed', 'completed']);
  });
});
