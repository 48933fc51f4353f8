// Issue 19's "done when", end to end on real processes: two `amas up` (a leader and a standby)
// and three `amas worker --concurrency 4` on one PostgreSQL, 200 runs submitted over the HTTP API,
// one worker SIGKILLed mid-task and then the leading `amas up`. The counting server records every
// call a step makes (run, step, the calling process); the store says which call each step's
// journaled output came from. Shown: every run completes; a call other than the journaled one was
// made only by a process killed before its outcome was journaled (no step whose completion was
// journaled ran again), and the step ran again afterwards in another process (interrupted steps
// re-ran); the cron trigger firing every second has exactly one run per second from its first
// fire to its last, across the leader change.
//
// Each `amas up` and worker has a directory of its own (a copy of the same project files), as on
// separate machines; the two `amas up` compete for the leader lock through the project's name.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freePort, httpUp, report, spawnAmas, submitRun, until, type AmasProc } from '../support/amas-procs.ts';
import { startCountingServer, type Call, type CountingServer } from '../support/counting-server.ts';
import { freshDatabase, type TestDatabase } from '../support/postgres.ts';
import { writeScaleProject } from '../support/scale-project.ts';

const RUNS = 200;
/** Runs submitted to the first leader; the rest go to the standby once it leads. */
const BEFORE_TAKEOVER = 140;
const STEPS = ['s1', 's2', 's3'];
const API_KEY = 'scale-out-test-key-0123456789';

let db: TestDatabase;
let admin: pg.Pool;
let counter: CountingServer;
const dirs: string[] = [];
const procs: AmasProc[] = [];

function projectCopy(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `amas-scale-${name}-`));
  dirs.push(dir);
  return writeScaleProject(dir, { name: 'scale-out', counterUrl: counter.url, steps: STEPS.length, cron: true });
}

function env(): Record<string, string> {
  // Warnings and errors only: a log line per task from five processes would keep this process
  // (which also runs the counting server) busy reading pipes.
  return { AMAS_STORE_URL: db.url, AMAS_API_KEY: API_KEY, AMAS_LOG_LEVEL: 'warn' };
}

async function startUp(name: string): Promise<{ proc: AmasProc; base: string }> {
  const port = await freePort();
  const dir = projectCopy(name);
  const proc = spawnAmas(name, ['up', '--no-tui', '--http', `127.0.0.1:${port}`, dir], { cwd: dir, env: env() });
  procs.push(proc);
  const base = `http://127.0.0.1:${port}`;
  await httpUp(base, 60_000);
  return { proc, base };
}

function startWorker(name: string): AmasProc {
  const dir = projectCopy(name);
  const proc = spawnAmas(name, ['worker', dir, '--concurrency', '4'], { cwd: dir, env: env() });
  procs.push(proc);
  return proc;
}

async function rows<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  return (await admin.query<T>(sql, params)).rows;
}

/** The role the `processes` table gives the process `pid` (leader, standby, run), if any. */
async function roleOf(pid: number): Promise<string | undefined> {
  const [r] = await rows<{ role: string }>('SELECT role FROM processes WHERE pid = $1 ORDER BY heartbeat_at DESC LIMIT 1', [pid]);
  return r?.role;
}

async function completedOf(ids: string[]): Promise<number> {
  const [r] = await rows<{ n: string }>("SELECT count(*) AS n FROM runs WHERE id = ANY($1::text[]) AND status = 'completed'", [ids]);
  return Number(r!.n);
}

/** Runs of `ids` that ended otherwise than completed: the test stops at the first. */
async function failedOf(ids: string[]): Promise<{ id: string; status: string; error: string | null }[]> {
  return rows("SELECT id, status, error FROM runs WHERE id = ANY($1::text[]) AND status IN ('failed', 'cancelled', 'budget_exceeded')", [ids]);
}

/** Waits for `n` of `ids` to complete; fails at once if one failed. */
async function completed(ids: string[], n: number, ms: number): Promise<void> {
  await until(
    async () => {
      const bad = await failedOf(ids);
      if (bad.length > 0) throw new Error(`runs ended badly: ${JSON.stringify(bad.slice(0, 5))}`);
      return (await completedOf(ids)) >= n;
    },
    `${n} completed runs`,
    ms,
    200,
  );
}

/**
 * Submits runs of `chain` over HTTP, 20 requests at a time, to one `amas up` until `total` runs in
 * all are acknowledged or `pause()` is called; `pause` resolves once the requests in flight are answered, so
 * the process can be killed without a request whose outcome is unknown (the run count stays exact).
 */
class Submitter {
  readonly ids: string[] = [];
  private paused = false;
  private done: Promise<void> = Promise.resolve();

  start(base: string, total: number): void {
    this.paused = false;
    let issued = this.ids.length;
    this.done = Promise.all(
      Array.from({ length: 20 }, async () => {
        while (!this.paused && issued < total) {
          issued++;
          this.ids.push(await submitRun(base, API_KEY, 'chain'));
        }
      }),
    ).then(() => undefined);
  }

  pause(): Promise<void> {
    this.paused = true;
    return this.done;
  }

  finished(): Promise<void> {
    return this.done;
  }
}

/** Waits (up to `ms`) until `proc` has a call in flight, so a kill cuts a task off mid-way. */
async function callInFlight(proc: AmasProc, ms: number): Promise<boolean> {
  return until(() => counter.calls.some((c) => c.proc === proc.name && c.state === 'pending'), `a call in flight from ${proc.name}`, ms, 5).then(
    () => true,
    () => false,
  );
}

beforeAll(async () => {
  db = await freshDatabase('amas_scale');
  admin = new pg.Pool({ connectionString: db.url, max: 2 });
  counter = await startCountingServer({ delayMs: [100, 300] });
});

afterAll(async () => {
  await Promise.all(procs.map((p) => p.stop(5000)));
  await counter?.close();
  await admin?.end();
  await db?.drop();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

it('200 runs on a leader, a standby and three workers complete through a worker kill and a leader kill: no journaled step runs twice, cut-off steps re-run, no cron fire lost or doubled', async () => {
  try {
    // Everything starts at once (as after a deploy); whichever `amas up` takes the lock leads.
    const ups = Promise.all([startUp('up-1'), startUp('up-2')]);
    const workers = ['worker-1', 'worker-2', 'worker-3'].map(startWorker);
    const [one, two] = await ups;
    const roles = await until(async () => {
      const r = [await roleOf(one.proc.pid), await roleOf(two.proc.pid)];
      return r.includes('leader') && r.includes('standby') ? r : undefined;
    }, 'one amas up to lead and the other to stand by');
    const [a, b] = roles[0] === 'leader' ? [one, two] : [two, one];
    const pids = workers.map((w) => w.pid);
    await until(async () => (await rows('SELECT 1 FROM workers WHERE pid = ANY($1::int[])', [pids])).length === 3, 'three workers registered', 30_000);

    const submitter = new Submitter();
    const ids = submitter.ids;
    submitter.start(a.base, BEFORE_TAKEOVER);
    // Runs advance in step (every run's s1, then s2…): progress is counted in calls, not runs.
    const callsMade = (n: number) => () => counter.calls.length >= n;

    // A worker killed while it holds tasks: they are released once its heartbeat is stale.
    await until(callsMade(BEFORE_TAKEOVER * 0.4), 'calls before the worker kill', 60_000);
    const victim = workers[0]!;
    expect(await callInFlight(victim, 10_000), `${victim.name} never had a call in flight`).toBe(true);
    await victim.kill('SIGKILL');
    const killed = new Set([victim.name]);

    // The leader killed mid-way (its runs unfinished, the killed worker's tasks not yet released):
    // the standby leads, adopts the runs, catches up the cron fires due meanwhile.
    await until(callsMade(BEFORE_TAKEOVER * 1.2), 'calls before the leader kill', 60_000);
    await callInFlight(a.proc, 3000);
    await submitter.pause();
    const unfinished = ids.length - (await completedOf(ids));
    expect(unfinished, 'runs mid-way when the leader dies').toBeGreaterThan(0);
    const fired = await rows<{ n: string }>("SELECT count(*) AS n FROM runs WHERE workflow_id = 'tick'");
    expect(Number(fired[0]!.n), 'the cron trigger fired before the leader change').toBeGreaterThan(0);
    await a.proc.kill('SIGKILL');
    const leaderKilledAt = Date.now();
    killed.add(a.proc.name);
    await until(async () => (await roleOf(b.proc.pid)) === 'leader', `${b.proc.name} to take over`, 20_000);

    submitter.start(b.base, RUNS);
    await submitter.finished();
    expect(new Set(ids).size).toBe(RUNS);
    await completed(ids, RUNS, 90_000);

    // Every run completed; each step's journaled output names the call it came from.
    const steps = await rows<{ run_id: string; step_id: string; status: string; output: string | null }>('SELECT run_id, step_id, status, output FROM steps WHERE run_id = ANY($1::text[])', [ids]);
    expect(steps).toHaveLength(RUNS * STEPS.length);
    const byStep = new Map<string, Call[]>();
    for (const c of counter.calls) {
      const k = `${c.run}/${c.step}`;
      byStep.set(k, [...(byStep.get(k) ?? []), c]);
    }
    const problems: string[] = [];
    const interrupted: Call[] = [];
    for (const s of steps) {
      const k = `${s.run_id}/${s.step_id}`;
      const calls = byStep.get(k) ?? [];
      const journaled = s.output === null ? undefined : (JSON.parse(s.output) as { call?: number }).call;
      const made = calls.find((c) => c.n === journaled);
      if (s.status !== 'completed' || !made) {
        problems.push(`${k}: ${s.status}, journaled call ${journaled}, calls ${JSON.stringify(calls)}`);
        continue;
      }
      if (made.state !== 'answered') problems.push(`${k}: the journaled call ${made.n} was not answered (${made.state})`);
      for (const c of calls) {
        if (c === made) continue;
        // Another call for this step: only a process killed before its outcome was journaled may
        // have made it — never a live one, which would mean a step ran again after completing.
        if (!killed.has(c.proc)) problems.push(`${k}: call ${c.n} by ${c.proc} (${c.state}) besides the journaled call ${made.n}`);
        // The interrupted attempt ran again afterwards, elsewhere, and that is the journaled one.
        else if (c.n > made.n || c.proc === made.proc) problems.push(`${k}: call ${c.n} by killed ${c.proc} is not followed by the journaled call ${made.n} (${made.proc})`);
        else interrupted.push(c);
      }
    }
    expect(problems, problems.slice(0, 10).join('\n')).toEqual([]);
    // The worker kill did interrupt steps mid-call (it had a call in flight), and they re-ran.
    expect(interrupted.some((c) => c.proc === victim.name)).toBe(true);
    expect(counter.calls.length).toBe(RUNS * STEPS.length + interrupted.length);

    // Cron: one run per second from the first fire to the last, across the leader change.
    await until(async () => (await roleOf(b.proc.pid)) === 'leader' && Date.now() - leaderKilledAt > 3000, 'a few fires under the new leader');
    const fires = await rows<{ fire: string | null; n: string }>("SELECT trigger::jsonb ->> 'fireId' AS fire, count(*) AS n FROM runs WHERE workflow_id = 'tick' GROUP BY 1");
    expect(fires.filter((f) => f.fire === null), 'cron runs without a fire id').toEqual([]);
    const doubled = fires.filter((f) => Number(f.n) !== 1);
    expect(doubled, 'fires with more than one run').toEqual([]);
    // The fire id ends with the fire's scheduled time (epoch ms).
    const seconds = fires.map((f) => Number(f.fire!.slice(f.fire!.lastIndexOf('/') + 1))).sort((x, y) => x - y);
    const first = seconds[0]!;
    const last = seconds.at(-1)!;
    const lost = [];
    for (let t = first; t <= last; t += 1000) if (!seconds.includes(t)) lost.push(new Date(t).toISOString());
    expect(lost, 'seconds without a fire').toEqual([]);
    expect(seconds.every((t) => t % 1000 === 0)).toBe(true);
    expect(first).toBeLessThan(leaderKilledAt - 1000);
    expect(last).toBeGreaterThan(leaderKilledAt + 2000);
    // And each fire's run completes, those the dead leader started or missed included.
    await until(
      async () => {
        const open = await rows("SELECT 1 FROM runs WHERE workflow_id = 'tick' AND status <> 'completed' AND (trigger::jsonb ->> 'fireId') = ANY($1::text[])", [fires.map((f) => f.fire)]);
        return open.length === 0;
      },
      'the cron runs to complete',
      30_000,
      200,
    );
  } catch (e) {
    const err = e as Error;
    const byProc = new Map<string, number>();
    for (const c of counter.calls) byProc.set(`${c.proc || '?'} ${c.state}`, (byProc.get(`${c.proc || '?'} ${c.state}`) ?? 0) + 1);
    err.message += `\n\ncalls by process and state: ${JSON.stringify(Object.fromEntries(byProc))}\n\nprocess output tails:\n${report(procs)}`;
    throw err;
  }
}, 180_000);
