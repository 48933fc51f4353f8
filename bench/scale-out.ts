// Runs/s of a workflow of five 50 ms I/O-bound steps on a PostgreSQL store, with 1, 2 and 4
// `amas worker` processes doing the work (the leading `amas up --no-work` drives the runs), and
// the embedded store against PostgreSQL with one `amas up` doing everything.
//
// The step is an `http` POST to a server in this process that answers after 50 ms (not `command:
// sleep 0.05`): a command step forks a process per attempt, and on a small machine the fork and
// exec cost CPU that would be measured instead of the queue. An http step waits on a socket like
// the tool calls and API requests amas's steps make in practice.
//
// Every phase gets a fresh database and fresh processes; 20 warm-up runs first, then RUNS runs
// submitted over the HTTP API (20 requests at a time) and timed from the first request to the
// last run's end, as the driving process announces them (`run_finished` on its event stream). CPU
// seconds of every process (amas, and PostgreSQL's backends) show where a run's cost lands.
//
//   npm run bench:scale-out                       (= npx tsx bench/scale-out.ts)
//   npx tsx bench/scale-out.ts --runs 200 --phases embedded,pg-1,w1,w2,w4 --concurrency 4
// Needs dist/ (built when older than src/, like the integration tests).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import buildDist from '../tests/global-setup.ts';
import { openPgStore, taskKeyOf, type JournalWrite, type StepTask } from '../src/store/index.ts';
import { freePort, httpUp, processCpuSeconds, spawnAmas, spawnNode, submitRun, until, type AmasProc } from '../tests/support/amas-procs.ts';
import { startCountingServer, type CountingServer } from '../tests/support/counting-server.ts';
import { writeScaleProject } from '../tests/support/scale-project.ts';
import { sse } from '../tests/integration/stream-harness.ts';
import { createDatabase, startPostgres } from '../scripts/postgres-dev.mjs';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '500' },
    steps: { type: 'string', default: '5' },
    delay: { type: 'string', default: '50' },
    concurrency: { type: 'string', default: '4' },
    phases: { type: 'string', default: 'embedded,pg-1,w1,w2,w4' },
  },
});
const RUNS = Number(args.runs);
const STEPS = Number(args.steps);
const DELAY = Number(args.delay);
const CONCURRENCY = Number(args.concurrency);
const WARMUP = 20;
const IN_FLIGHT_REQUESTS = 20;
const API_KEY = 'bench-scale-out-key-0123456789';

/** BENCH_PROFILE_DIR=DIR: every child process writes a V8 CPU profile there (node --cpu-prof). */
function profileArgs(): string[] {
  const dir = process.env.BENCH_PROFILE_DIR;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(dir)}`] : [];
}

interface Phase {
  name: string;
  /** `queue`: the work queue alone (no engine): this process journals and waits, bare workers execute. */
  store: 'embedded' | 'postgres' | 'queue';
  /** `amas worker` processes (bare queue workers for `queue`); 0: the one `amas up` does the work. */
  workers: number;
}

interface Result {
  phase: Phase;
  seconds: number;
  runsPerSecond: number;
  failed: number;
  cpu: { name: string; seconds: number }[];
  pgCpu: number | undefined;
  /** Per step: PostgreSQL transactions and scans of the jobs table. */
  perStep?: { commits: number; jobScans: number };
}

function perStep(before: PgCounters, after: PgCounters): { commits: number; jobScans: number } {
  const steps = RUNS * STEPS;
  return { commits: (after.commits - before.commits) / steps, jobScans: (after.jobScans - before.jobScans) / steps };
}

function phaseOf(name: string): Phase {
  if (name === 'embedded') return { name, store: 'embedded', workers: 0 };
  if (name === 'pg-1') return { name, store: 'postgres', workers: 0 };
  const m = /^(w|q)(\d+)$/.exec(name);
  if (m) return { name, store: m[1] === 'w' ? 'postgres' : 'queue', workers: Number(m[2]) };
  throw new Error(`unknown phase ${name}: embedded, pg-1, wN or qN`);
}

/** `amas_runs_total{workflow="chain",status=…}` summed by status, from the driver's /metrics. */
async function runCounts(base: string): Promise<{ completed: number; ended: number }> {
  const text = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${API_KEY}` } }).then((r) => r.text());
  let completed = 0;
  let ended = 0;
  for (const line of text.split('\n')) {
    const m = /^amas_runs_total\{([^}]*)\} (\S+)$/.exec(line);
    if (!m || !m[1]!.includes('workflow="chain"')) continue;
    const n = Number(m[2]);
    ended += n;
    if (m[1]!.includes('status="completed"')) completed += n;
  }
  return { completed, ended };
}

/** Submits `n` runs, `IN_FLIGHT_REQUESTS` requests at a time. */
async function submitMany(base: string, n: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT_REQUESTS }, async () => {
      while (next < n) {
        next++;
        await submitRun(base, API_KEY, 'chain');
      }
    }),
  );
}

interface PgCounters {
  /** Transactions committed in the database. */
  commits: number;
  /** Scans of graphile-worker's jobs table (each look for a job is one, plus one per completion). */
  jobScans: number;
}

/** PostgreSQL's own counters for `db` (read after a pause: backends flush them at most once a second). */
async function pgCounters(dbUrl: string, db: string): Promise<PgCounters> {
  await new Promise((r) => setTimeout(r, 1500));
  const c = new pg.Client({ connectionString: dbUrl });
  await c.connect();
  try {
    const [x] = (await c.query<{ n: string }>('SELECT xact_commit AS n FROM pg_stat_database WHERE datname = $1', [db])).rows;
    const [j] = (await c.query<{ n: string | null }>("SELECT COALESCE(seq_scan, 0) + COALESCE(idx_scan, 0) AS n FROM pg_stat_all_tables WHERE schemaname = 'graphile_worker' AND relname = '_private_jobs'")).rows;
    return { commits: Number(x?.n ?? 0), jobScans: Number(j?.n ?? 0) };
  } finally {
    await c.end();
  }
}

/** The errors of the steps that did not complete, most frequent first (why runs failed). */
async function printFailures(dbUrl: string): Promise<void> {
  const c = new pg.Client({ connectionString: dbUrl });
  await c.connect();
  try {
    const r = await c.query<{ status: string; error: string | null; n: string }>(
      "SELECT status, left(error, 300) AS error, count(*) AS n FROM steps WHERE status <> 'completed' GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 5",
    );
    for (const row of r.rows) console.log(`  ${row.n} steps ${row.status}: ${row.error ?? ''}`);
  } finally {
    await c.end();
  }
}

/** CPU seconds of the PostgreSQL backends serving database `db` (they live as long as the pools). */
async function pgBackendCpu(adminUrl: string, db: string): Promise<number | undefined> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    const pids = (await c.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [db])).rows.map((r) => r.pid);
    let sum = 0;
    for (const pid of pids) sum += processCpuSeconds(pid) ?? 0;
    return sum;
  } finally {
    await c.end();
  }
}

async function runPhase(phase: Phase, counter: CountingServer, pgAdmin: string | undefined): Promise<Result> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `amas-bench-${phase.name}-`));
  writeScaleProject(dir, { name: `bench-${phase.name}`, counterUrl: counter.url, steps: STEPS });
  // The logs live beside the project, not in it: `amas up` watches its project folder, and every
  // write to a file there made the watcher read the folder again (1 s of its CPU per 1,000 steps).
  const logs = fs.mkdtempSync(path.join(os.tmpdir(), `amas-bench-${phase.name}-logs-`));
  const procs: AmasProc[] = [];
  const database = phase.store === 'postgres' ? await createDatabase(pgAdmin!, 'amas_bench') : undefined;
  const env: Record<string, string> = { AMAS_API_KEY: API_KEY, ...(database ? { AMAS_STORE_URL: database.url } : {}) };
  try {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const upArgs = ['up', '--no-tui', '--http', `127.0.0.1:${port}`, ...(phase.workers > 0 ? ['--no-work'] : []), dir];
    // Output to files, as to a log collector that keeps up: a pipe this busy process read would
    // block the children whenever it fell behind, and cost it CPU per line.
    const up = spawnAmas('up', upArgs, { cwd: dir, env, nodeArgs: profileArgs(), outputFile: path.join(logs, 'up.log') });
    procs.push(up);
    await httpUp(base, 60_000);
    for (let i = 1; i <= phase.workers; i++) procs.push(spawnAmas(`worker-${i}`, ['worker', dir, '--concurrency', String(CONCURRENCY)], { cwd: dir, env, nodeArgs: profileArgs(), outputFile: path.join(logs, `worker-${i}.log`) }));
    if (database && phase.workers > 0) {
      const c = new pg.Client({ connectionString: database.url });
      await c.connect();
      try {
        await until(async () => Number((await c.query<{ n: string }>('SELECT count(*) AS n FROM workers')).rows[0]!.n) >= phase.workers, `${phase.workers} workers registered`, 60_000, 200);
      } finally {
        await c.end();
      }
    }
    // Warm-up: JIT, connection pools, the plan cache.
    await submitMany(base, WARMUP);
    await until(async () => (await runCounts(base)).ended >= WARMUP, 'the warm-up runs', 120_000, 100);
    // The measured runs' ends, as the driver announces them: an event stream rather than polling
    // /metrics, whose every scrape costs the measured process CPU (memory, histograms, a count).
    const finished = await sse(`${base}/api/events/stream?type=run_finished&workflow=chain`, API_KEY);
    const countersBefore = database ? await pgCounters(database.url, database.name) : undefined;
    const cpuBefore = procs.map((p) => p.cpuSeconds() ?? 0);
    const selfBefore = process.cpuUsage();
    const pgBefore = database ? await pgBackendCpu(pgAdmin!, database.name) : undefined;
    const t0 = performance.now();
    await submitMany(base, RUNS);
    await until(() => Promise.resolve(finished.messages.length >= RUNS), `${RUNS} runs`, 600_000, 10);
    const seconds = (performance.now() - t0) / 1000;
    finished.close();
    const failed = finished.messages.filter((m) => (m.data.result as { status?: string } | undefined)?.status !== 'completed').length;
    if (database && failed > 0) await printFailures(database.url);
    const self = process.cpuUsage(selfBefore);
    // The bench's own share of the machine: the http server the steps call and the client submitting runs.
    const cpu = [...procs.map((p, i) => ({ name: p.name, seconds: (p.cpuSeconds() ?? 0) - cpuBefore[i]! })), { name: 'bench (server + client)', seconds: (self.user + self.system) / 1e6 }];
    const pgAfter = database ? await pgBackendCpu(pgAdmin!, database.name) : undefined;
    const countersAfter = database ? await pgCounters(database.url, database.name) : undefined;
    return {
      ...(countersBefore && countersAfter ? { perStep: perStep(countersBefore, countersAfter) } : {}),
      phase,
      seconds,
      runsPerSecond: RUNS / seconds,
      failed,
      cpu,
      pgCpu: pgBefore === undefined || pgAfter === undefined ? undefined : pgAfter - pgBefore,
    };
  } catch (e) {
    for (const p of procs) process.stderr.write(`--- ${p.name}\n${p.tail()}\n`);
    throw e;
  } finally {
    await Promise.all(procs.map((p) => p.stop(10_000)));
    await database?.drop().catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(logs, { recursive: true, force: true });
  }
}

/**
 * The work queue without the engine: RUNS chains of STEPS tasks, each step journaled `running`
 * with its task in one transaction (as the engine hands a step over), its result awaited, then
 * journaled `completed` with the next step's handoff — the store's round trips per step, and no
 * more. Its runs/s is the ceiling the queue puts on the full phases.
 */
async function runQueuePhase(phase: Phase, counter: CountingServer, pgAdmin: string): Promise<Result> {
  const database = await createDatabase(pgAdmin, 'amas_bench');
  const store = await openPgStore(database.url);
  const procs: AmasProc[] = [];
  const workerScript = path.join(import.meta.dirname, 'scale-out-worker.ts');
  try {
    for (let i = 1; i <= phase.workers; i++) procs.push(spawnNode(`worker-${i}`, [...profileArgs(), '--import', 'tsx', workerScript, database.url, counter.url, String(CONCURRENCY)], { cwd: process.cwd(), env: {} }));
    await until(() => procs.every((p) => p.saw('ready')), 'the bare workers', 60_000, 100);
    let failed = 0;
    const chain = async (runId: string): Promise<void> => {
      const now = Date.now();
      let runs: JournalWrite['runs'] = [{ id: runId, workflowId: 'chain', status: 'running', createdAt: now, startedAt: now }];
      let done: JournalWrite['steps'] = [];
      for (let s = 1; s <= STEPS; s++) {
        const task: StepTask = { runId, stepId: `s${s}`, attempt: 1, capability: 'call_api', idempotencyKey: `${runId}/s${s}`, idempotent: true, input: { step: `s${s}` } };
        await store.runs.writeJournal({ runs, steps: [...done, { runId, stepId: task.stepId, status: 'running', attempt: 1, startedAt: Date.now() }], knowledge: [], tasks: [task] });
        runs = [];
        const r = await store.taskResults.wait(taskKeyOf(task));
        if (r.status !== 'ok') failed++;
        done = [{ runId, stepId: task.stepId, status: r.status === 'ok' ? 'completed' : 'failed', attempt: 1, output: r.status === 'ok' ? r.output : undefined, endedAt: Date.now() }];
      }
      await store.runs.writeJournal({ runs: [{ id: runId, workflowId: 'chain', status: 'completed', createdAt: now, endedAt: Date.now() }], steps: done, knowledge: [] });
    };
    await Promise.all(Array.from({ length: WARMUP }, (_, i) => chain(`warm-${i}`)));
    const cpuBefore = procs.map((p) => p.cpuSeconds() ?? 0);
    const selfBefore = process.cpuUsage();
    const countersBefore = await pgCounters(database.url, database.name);
    const pgBefore = await pgBackendCpu(pgAdmin, database.name);
    const t0 = performance.now();
    await Promise.all(Array.from({ length: RUNS }, (_, i) => chain(`run-${i}`)));
    const seconds = (performance.now() - t0) / 1000;
    const self = process.cpuUsage(selfBefore);
    const cpu = [{ name: 'bench (driver + server)', seconds: (self.user + self.system) / 1e6 }, ...procs.map((p, i) => ({ name: p.name, seconds: (p.cpuSeconds() ?? 0) - cpuBefore[i]! }))];
    const pgAfter = await pgBackendCpu(pgAdmin, database.name);
    const countersAfter = await pgCounters(database.url, database.name);
    return { perStep: perStep(countersBefore, countersAfter), phase, seconds, runsPerSecond: RUNS / seconds, failed, cpu, pgCpu: pgBefore === undefined || pgAfter === undefined ? undefined : pgAfter - pgBefore };
  } catch (e) {
    for (const p of procs) process.stderr.write(`--- ${p.name}\n${p.tail()}\n`);
    throw e;
  } finally {
    await Promise.all(procs.map((p) => p.stop(10_000)));
    await store.close();
    await database.drop().catch(() => undefined);
  }
}

function describe(p: Phase): string {
  if (p.store === 'embedded') return 'embedded store, 1 amas up';
  if (p.store === 'queue') return `queue alone, ${p.workers} bare worker${p.workers > 1 ? 's' : ''} × ${CONCURRENCY}`;
  if (p.workers === 0) return 'PostgreSQL, 1 amas up';
  return `PostgreSQL, amas up --no-work + ${p.workers} worker${p.workers > 1 ? 's' : ''} × ${CONCURRENCY}`;
}

async function main(): Promise<void> {
  const phases = args.phases.split(',').map(phaseOf);
  buildDist();
  const counter = await startCountingServer({ delayMs: [DELAY, DELAY] });
  const server = phases.some((p) => p.store !== 'embedded') ? await startPostgres() : undefined;
  const results: Result[] = [];
  console.log(`${RUNS} runs × ${STEPS} http steps of ${DELAY} ms; ${os.availableParallelism()} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  try {
    for (const phase of phases) {
      const r = phase.store === 'queue' ? await runQueuePhase(phase, counter, server!.url) : await runPhase(phase, counter, server?.url);
      results.push(r);
      const cpu = r.cpu.map((c) => `${c.name} ${c.seconds.toFixed(1)}`).join(', ');
      const pgCpu = r.pgCpu === undefined ? '' : `, postgres ${r.pgCpu.toFixed(1)}`;
      const counters = r.perStep ? `; per step: ${r.perStep.commits.toFixed(1)} PG transactions, ${r.perStep.jobScans.toFixed(1)} jobs-table scans` : '';
      console.log(`${describe(phase).padEnd(48)} ${r.runsPerSecond.toFixed(1).padStart(6)} runs/s  (${r.seconds.toFixed(1)} s${r.failed ? `, ${r.failed} FAILED` : ''}; CPU s: ${cpu}${pgCpu}${counters})`);
    }
  } finally {
    await counter.close();
    await server?.stop();
  }
  const by = (name: string) => results.find((r) => r.phase.name === name)?.runsPerSecond;
  const w1 = by('w1');
  const w4 = by('w4');
  if (w1 && w4) console.log(`scaling 4 workers / 1 worker: ${(w4 / w1).toFixed(2)}× (target ≥ 3×)`);
  const e = by('embedded');
  const p = by('pg-1');
  if (e && p) console.log(`one process: PostgreSQL / embedded: ${(p / e).toFixed(2)}×`);
  console.log(`calls answered: ${counter.calls.length} (expected ${(RUNS + WARMUP) * STEPS * phases.length}) over ${counter.connections()} connections`);
}

await main();
