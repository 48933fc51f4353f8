// Queue workers seen by the monitor on a real PostgreSQL (src/monitor/workers.ts): one read of the
// `workers` table per collection feeds health, the Prometheus exposition (checked by promtool) and
// the snapshot; a worker SIGKILLed in a process of its own turns stale after three missed
// heartbeats and health names it; a worker that stopped leaves the exposition; with no live worker,
// health warns only when the runtime executes no steps itself (`work: false`).
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentPool } from '../../src/agents/index.ts';
import { EventBus } from '../../src/bus/index.ts';
import { silentLogger, systemClock, WORKER_STALE_MS } from '../../src/core/index.ts';
import { createMonitor, type Monitor } from '../../src/monitor/index.ts';
import { openPgStore, PgQueueWorker, taskKeyOf, type PgStore, type StepTask, type StoreBackend } from '../../src/store/index.ts';
import { ensureExecutionsTable, testExecutor, type TestInput } from '../fixtures/queue/executor.ts';
import { kill9, startFixture } from '../integration/store-processes.ts';
import { freshDatabase, type TestDatabase } from '../support/postgres.ts';

const HAVE_PROMTOOL = spawnSync('promtool', ['--version'], { encoding: 'utf8' }).status === 0;

let db: TestDatabase;
let store: PgStore;
const closers: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  db = await freshDatabase('amas_workers');
  store = await openPgStore(db.url, { resultPollMs: 300 });
  await ensureExecutionsTable(db.url);
});
afterAll(async () => {
  for (const c of closers.reverse()) await c().catch(() => undefined);
  await store?.close();
  await db?.drop();
});

/** The store with its `workers.list` calls counted (every other call goes to the real store). */
function counting(s: StoreBackend): { store: StoreBackend; reads: () => number } {
  let n = 0;
  const workers = { list: () => (n++, s.workers.list()) };
  return { store: Object.assign(Object.create(s) as StoreBackend, { workers, kind: s.kind }), reads: () => n };
}

async function monitorOn(s: StoreBackend, work?: boolean): Promise<Monitor> {
  const bus = new EventBus({ clock: systemClock, logger: silentLogger });
  const pool = new AgentPool({ bus, clock: systemClock, logger: silentLogger });
  const m = await createMonitor({
    sources: { pool, bus, store: s, onEngineEvent: () => () => undefined, activeRuns: () => 0, dataDir: tmpdir() },
    clock: systemClock,
    logger: silentLogger,
    project: 'workers-test',
    defaultMetrics: false,
    ...(work === undefined ? {} : { work }),
  });
  closers.push(() => m.close(0));
  return m;
}

/** One collection, with its read of the workers landed. */
async function collect(m: Monitor): Promise<void> {
  m.tick();
  await m.flush();
}

let n = 0;
async function runTask(input: TestInput): Promise<void> {
  n++;
  const t: StepTask = { runId: `run-${n}`, stepId: 'work', attempt: 1, capability: 'test', idempotencyKey: `key-${n}`, idempotent: true, input };
  await store.runs.writeJournal({
    runs: [{ id: t.runId, workflowId: 'wf', status: 'running', createdAt: 1 }],
    steps: [{ runId: t.runId, stepId: 'work', status: 'running', attempt: 1, startedAt: 2 }],
    knowledge: [],
    tasks: [t],
  });
  await store.taskResults.wait(taskKeyOf(t));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('queue workers in health, /metrics and the snapshot', () => {
  it('lists live workers with their counters, marks a killed one stale by name, drops a stopped one', async () => {
    const ex = testExecutor(db.url);
    closers.push(() => ex.close());
    // Its stale limit is long: the dead worker's row must stay for the monitor to see it stale.
    const live = await PgQueueWorker.start({ url: db.url, id: 'w-live', execute: ex.execute, concurrency: 3, heartbeatMs: 200, staleMs: 600_000, pollMs: 200 });
    closers.push(() => live.stop({ wait: false }));
    const doomed = startFixture('../queue/worker-child.ts', [db.url, 'w-doomed']);
    closers.push(async () => doomed.child.kill('SIGKILL'));
    await doomed.waitFor((l) => l === 'ready');
    // Both tasks go to the live worker once the other is dead: kill it first.
    await kill9(doomed.child, doomed.exited);
    await runTask({ value: 'ok' });
    await runTask({ fail: 'broken tool' });
    await live.beat();

    const c = counting(store);
    const m = await monitorOn(c.store);
    await collect(m);
    expect(c.reads()).toBe(1);
    const first = m.workers()!;
    expect(first.map((w) => w.id).sort()).toEqual(['w-doomed', 'w-live']);
    expect(first.find((w) => w.id === 'w-live')).toMatchObject({ concurrency: 3, inFlight: 0, completed: 1, failed: 1, pid: process.pid, stale: false });

    // Health and scrapes answer from the collection's read: no query per request.
    for (let i = 0; i < 5; i++) {
      await m.health();
      await m.metrics();
    }
    expect(c.reads()).toBe(1);

    const { body } = await m.metrics();
    expect(body).toContain('# TYPE amas_worker_tasks_in_flight gauge');
    expect(body).toContain('# TYPE amas_worker_tasks_completed_total counter');
    expect(body).toContain('# TYPE amas_worker_tasks_failed_total counter');
    expect(body).toContain('# TYPE amas_worker_heartbeat_age_seconds gauge');
    expect(body).toContain('amas_worker_tasks_in_flight{worker="w-live"} 0');
    expect(body).toContain('amas_worker_tasks_completed_total{worker="w-live"} 1');
    expect(body).toContain('amas_worker_tasks_failed_total{worker="w-live"} 1');
    expect(body).toMatch(/amas_worker_heartbeat_age_seconds\{worker="w-doomed"\} \d/);
    if (HAVE_PROMTOOL) {
      const r = spawnSync('promtool', ['check', 'metrics'], { input: body, encoding: 'utf8' });
      expect(`${r.stdout}${r.stderr}`.trim()).toBe('');
      expect(r.status).toBe(0);
    }

    // Three missed heartbeats later the killed worker is stale; the live one is not.
    await sleep(WORKER_STALE_MS + 500);
    await live.beat();
    await collect(m);
    expect(c.reads()).toBe(2);
    const later = m.workers()!;
    expect(later.find((w) => w.id === 'w-doomed')).toMatchObject({ stale: true });
    expect(later.find((w) => w.id === 'w-doomed')!.heartbeatAgeMs).toBeGreaterThan(WORKER_STALE_MS);
    expect(later.find((w) => w.id === 'w-live')).toMatchObject({ stale: false });
    const h = await m.health();
    expect(h.status).toBe('warning');
    expect(h.workers).toMatchObject({ status: 'warning', live: 1, stale: ['w-doomed'] });
    expect(h.workers!.message).toContain('w-doomed');
    expect(m.status()).toBe('warning');
    const age = Number(/amas_worker_heartbeat_age_seconds\{worker="w-doomed"\} ([\d.]+)/.exec((await m.metrics()).body)![1]);
    expect(age).toBeGreaterThan(WORKER_STALE_MS / 1000);

    // A worker that stopped removed its row: the next collection drops its series.
    await live.stop();
    await collect(m);
    const gone = (await m.metrics()).body;
    expect(gone).not.toContain('worker="w-live"');
    expect(gone).toContain('worker="w-doomed"');
    expect(m.workers()!.map((w) => w.id)).toEqual(['w-doomed']);
  }, 60_000);

  it('no live worker is a warning only when the runtime executes no steps itself', async () => {
    const other = await freshDatabase('amas_workers_none');
    closers.push(() => other.drop());
    const s = await openPgStore(other.url);
    closers.push(() => s.close());
    const working = await monitorOn(s);
    await collect(working);
    expect(working.workers()).toEqual([]);
    const ok = await working.health();
    expect(ok.workers).toEqual({ status: 'healthy', live: 0, stale: [], message: null });
    expect(ok.status).toBe('healthy');

    const noWork = await monitorOn(s, false);
    await collect(noWork);
    const h = await noWork.health();
    expect(h.status).toBe('warning');
    expect(h.workers).toMatchObject({ status: 'warning', live: 0 });
    expect(h.workers!.message).toContain('no live workers');
    // A worker coming up clears it at the next collection.
    const w = await PgQueueWorker.start({ url: other.url, id: 'w-arrives', execute: () => Promise.reject(new Error('no task')), concurrency: 1 });
    closers.push(() => w.stop({ wait: false }));
    await collect(noWork);
    expect((await noWork.health()).workers).toMatchObject({ status: 'healthy', live: 1 });
  }, 60_000);

  it('a worker frozen past the stale limit is taken for dead by another, and registers again when it resumes', async () => {
    const frozen = startFixture('../queue/worker-child.ts', [db.url, 'w-frozen']);
    closers.push(async () => frozen.child.kill('SIGKILL'));
    await frozen.waitFor((l) => l === 'ready');
    const startedAt = (await store.workers.list()).find((w) => w.id === 'w-frozen')!.startedAt;
    // The rescuer's stale limit is the frozen worker's (1.5 s): it removes the row of a worker that went quiet.
    const rescuer = await PgQueueWorker.start({ url: db.url, id: 'w-rescuer', execute: () => Promise.reject(new Error('no task')), concurrency: 1, heartbeatMs: 200, staleMs: 1500, pollMs: 200 });
    closers.push(() => rescuer.stop({ wait: false }));
    const listed = async (id: string) => (await store.workers.list()).some((w) => w.id === id);
    frozen.child.kill('SIGSTOP');
    await until(async () => !(await listed('w-frozen')));
    frozen.child.kill('SIGCONT');
    // Alive again: its next heartbeat finds its row gone and registers again, as it started.
    await until(() => listed('w-frozen'));
    const again = (await store.workers.list()).find((w) => w.id === 'w-frozen')!;
    expect(again.startedAt).toBe(startedAt);
    expect(Date.now() - again.heartbeatAt).toBeLessThan(WORKER_STALE_MS);
    frozen.child.kill('SIGTERM');
    await frozen.waitFor((l) => l === 'stopped');
    expect(await listed('w-frozen')).toBe(false);
  }, 60_000);
});

async function until(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await sleep(100);
  }
}
