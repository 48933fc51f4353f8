// CPU per task of one `amas worker` process, and of the PostgreSQL work it causes, without the
// rest of the scale-out bench around it: this process hands tasks over as the engine does (each
// journaled `running` with its task in one statement, then its result awaited) in CHAINS chains,
// one task after another, and the worker runs each as an `http` step against a server here that
// answers after DELAY ms. No `amas up`: the only amas process measured is the worker.
//
//   npx tsx bench/worker-cpu.ts [--tasks 1000] [--warmup 300] [--chains 6] [--concurrency 4]
//                               [--bin PATH] [--node-args "--cpu-prof --cpu-prof-dir=DIR"] [--log-level info]
//
// Prints the worker's CPU ms per task (user + system, every thread), PostgreSQL's per task split
// by who asked (the worker's connections, this process's), this process's, and — when the server
// has pg_stat_statements loaded — the statements per task by text. `--bin` runs another build
// (a copy of bin/ and dist/ beside a node_modules link) for A/B runs on the same server.
// Uses the server of AMAS_TEST_PG_URL, else starts one (scripts/postgres-dev.mjs).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import buildDist from '../tests/global-setup.ts';
import { openPgStore, taskKeyOf, type JournalWrite, type StepTask } from '../src/store/index.ts';
import { BIN, processCpuSeconds, spawnNode, until, type AmasProc } from '../tests/support/amas-procs.ts';
import { startCountingServer } from '../tests/support/counting-server.ts';
import { writeScaleProject } from '../tests/support/scale-project.ts';
import { createDatabase, startPostgres } from '../scripts/postgres-dev.mjs';

const { values: args } = parseArgs({
  options: {
    tasks: { type: 'string', default: '1000' },
    warmup: { type: 'string', default: '300' },
    chains: { type: 'string', default: '6' },
    concurrency: { type: 'string', default: '4' },
    workers: { type: 'string', default: '1' },
    delay: { type: 'string', default: '50' },
    bin: { type: 'string', default: BIN },
    'node-args': { type: 'string', default: '' },
    'log-level': { type: 'string', default: 'info' },
    /** Every line the worker writes goes to this file too (e.g. with --node-args --trace-deopt). */
    'worker-log': { type: 'string' },
  },
});
const TASKS = Number(args.tasks);
const WARMUP = Number(args.warmup);
const CHAINS = Number(args.chains);

interface Backend {
  pid: number;
  app: string;
}

/** PostgreSQL's backends serving `db`, with the application name their client gave (and what a listener listens to). */
async function backends(admin: pg.Client, db: string): Promise<Backend[]> {
  const r = await admin.query<{ pid: number; application_name: string; query: string }>('SELECT pid, application_name, query FROM pg_stat_activity WHERE datname = $1', [db]);
  // A connection that only listens is shown apart: every NOTIFY in the database wakes its backend.
  return r.rows.map((b) => ({ pid: b.pid, app: /^\s*LISTEN/i.test(b.query) ? `${b.application_name}, listening (${b.query.trim().slice(0, 40)})` : b.application_name }));
}

/** CPU seconds per application name (`amas worker`, `amas`, …) of the backends listed. */
function cpuByApp(list: Backend[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const b of list) out.set(b.app, (out.get(b.app) ?? 0) + (processCpuSeconds(b.pid) ?? 0));
  return out;
}

/** Statement calls in `db` by text, when pg_stat_statements is loaded (undefined otherwise). */
async function statements(admin: pg.Client, db: string): Promise<Map<string, { calls: number; ms: number }> | undefined> {
  try {
    await admin.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    const r = await admin.query<{ q: string; calls: string; ms: number }>(
      'SELECT left(regexp_replace(query, $2, $3, $4), 90) AS q, calls, total_exec_time AS ms FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = $1',
      [db, '\\s+', ' ', 'g'],
    );
    const out = new Map<string, { calls: number; ms: number }>();
    for (const row of r.rows) {
      const e = out.get(row.q) ?? { calls: 0, ms: 0 };
      e.calls += Number(row.calls);
      e.ms += row.ms;
      out.set(row.q, e);
    }
    return out;
  } catch (e) {
    if (process.env.BENCH_DEBUG) console.error(e);
    return undefined;
  }
}

async function main(): Promise<void> {
  if (args.bin === BIN) buildDist();
  const counter = await startCountingServer({ delayMs: [Number(args.delay), Number(args.delay)] });
  const server = await startPostgres();
  const database = await createDatabase(server.url, 'amas_workercpu');
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amas-workercpu-'));
  writeScaleProject(dir, { name: 'workercpu', counterUrl: counter.url, steps: 1 });
  const store = await openPgStore(database.url);
  const workers: AmasProc[] = [];
  try {
    const env = { AMAS_STORE_URL: database.url, AMAS_LOG_LEVEL: args['log-level'] };
    const nodeArgs = args['node-args'].split(' ').filter((a) => a !== '');
    for (let i = 1; i <= Number(args.workers); i++) workers.push(spawnNode(`worker-${i}`, [...nodeArgs, path.resolve(args.bin), 'worker', dir, '--concurrency', args.concurrency], { cwd: dir, env }));
    const logFile = args['worker-log'];
    if (logFile !== undefined) {
      const out = fs.createWriteStream(logFile);
      workers[0]!.child.stdout!.on('data', (d: string) => out.write(d));
      workers[0]!.child.stderr!.on('data', (d: string) => out.write(d));
    }
    // Registered (their rows): the `worker ready` line is dropped by a quieter log level.
    await until(async () => (await store.workers.list()).length >= workers.length, 'the workers', 60_000, 100);
    // Its slots start looking for jobs just after it registers.
    await new Promise((r) => setTimeout(r, 500));

    let next = 0;
    const chain = async (c: number, n: number, label: string): Promise<void> => {
      const runId = `${label}-${c}`;
      const now = Date.now();
      await store.runs.writeJournal({ runs: [{ id: runId, workflowId: 'chain', status: 'running', createdAt: now, startedAt: now }], steps: [], knowledge: [] });
      let done: JournalWrite['steps'] = [];
      while (next < n) {
        const s = ++next;
        const stepId = `s${s}`;
        const task: StepTask = {
          runId,
          stepId,
          attempt: 1,
          capability: 'call_api',
          idempotencyKey: `${runId}/${stepId}`,
          idempotent: true,
          deadline: Date.now() + 30_000,
          input: { step: stepId },
          workflowId: 'chain',
          timeoutMs: 30_000,
          scope: { run: { id: runId, attempt: 1, workflow: 'chain' }, inputs: {} },
        };
        await store.runs.writeJournal({ runs: [], steps: [...done, { runId, stepId, status: 'running', attempt: 1, startedAt: Date.now() }], knowledge: [], tasks: [task] });
        const r = await store.taskResults.wait(taskKeyOf(task));
        if (r.status !== 'ok') throw new Error(`task ${taskKeyOf(task)}: ${JSON.stringify(r)}`);
        done = [{ runId, stepId, status: 'completed', attempt: 1, output: r.output, endedAt: Date.now() }];
      }
    };
    const phase = async (n: number, label: string): Promise<void> => {
      next = 0;
      await Promise.all(Array.from({ length: CHAINS }, (_, c) => chain(c, n, label)));
    };
    await phase(WARMUP, 'warm');
    // Backends flush their statistics at most once a second.
    await new Promise((r) => setTimeout(r, 1200));
    const stmtBefore = await statements(admin, database.name);
    const pgList = await backends(admin, database.name);
    const pgBefore = cpuByApp(pgList);
    const cpuOfWorkers = (): number => workers.reduce((a, w) => a + (w.cpuSeconds() ?? 0), 0);
    const workerBefore = cpuOfWorkers();
    const selfBefore = process.cpuUsage();
    const t0 = performance.now();
    await phase(TASKS, 'run');
    const seconds = (performance.now() - t0) / 1000;
    const workerCpu = cpuOfWorkers() - workerBefore;
    const self = process.cpuUsage(selfBefore);
    const pgAfter = cpuByApp(pgList);
    await new Promise((r) => setTimeout(r, 1200));
    const stmtAfter = await statements(admin, database.name);

    const perTask = (s: number): string => ((s * 1000) / TASKS).toFixed(2);
    console.log(`${TASKS} tasks (after ${WARMUP} warm-up), ${CHAINS} chains, ${workers.length} worker(s) × --concurrency ${args.concurrency}, ${args.delay} ms each; ${(TASKS / seconds).toFixed(1)} tasks/s; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    console.log(`CPU ms per task: worker${workers.length > 1 ? 's' : ''} ${perTask(workerCpu)}`);
    for (const [app, after] of pgAfter) console.log(`  PostgreSQL for "${app}": ${perTask(after - (pgBefore.get(app) ?? 0))}`);
    console.log(`  this process (driver + http server): ${perTask((self.user + self.system) / 1e6)}`);
    if (stmtBefore && stmtAfter) {
      console.log('statements per task (calls, exec ms per task):');
      const rows = [...stmtAfter].map(([q, a]) => ({ q, calls: a.calls - (stmtBefore.get(q)?.calls ?? 0), ms: a.ms - (stmtBefore.get(q)?.ms ?? 0) })).filter((r) => r.calls > 0);
      for (const r of rows.sort((a, b) => b.ms - a.ms).slice(0, 12)) console.log(`  ${(r.calls / TASKS).toFixed(2).padStart(6)} ${(r.ms / TASKS).toFixed(3).padStart(7)}  ${r.q}`);
      console.log(`  total ${(rows.reduce((a, r) => a + r.calls, 0) / TASKS).toFixed(2)} statements, ${(rows.reduce((a, r) => a + r.ms, 0) / TASKS).toFixed(3)} exec ms per task`);
    }
  } catch (e) {
    for (const w of workers) process.stderr.write(`--- ${w.name}\n${w.tail()}\n`);
    throw e;
  } finally {
    await Promise.all(workers.map((w) => w.stop(10_000)));
    await store.close();
    await admin.end();
    await database.drop().catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
    await counter.close();
    await server.stop();
  }
}

await main();
