// Steps handed to workers through PostgreSQL (src/runtime/queue-agents.ts, project-worker.ts,
// the engine's AgentLease.handoff): a real engine drives runs of tests/fixtures/queue-project on a
// real server while workers — in this process, or SIGKILLed in a child — execute its steps.
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Engine, EngineEvent } from '../../src/engine/index.ts';
import { stepIdempotencyKey } from '../../src/engine/attempt.ts';
import { taskKeyOf, type PgQueueWorker } from '../../src/store/index.ts';
import { kill9, startFixture } from '../integration/store-processes.ts';
import { final, startScripted, toolCalls, type ScriptedServer } from '../integration/agent-loop-server.ts';
import { freshDatabase, type TestDatabase } from '../support/postgres.ts';
import { copyQueueProject, executions, openDriver, openSide, release, startWorker, until, workflow, type Side } from '../support/queue-project.ts';

let db: TestDatabase;
let admin: pg.Pool;
let llm: ScriptedServer;
const cleanups: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  db = await freshDatabase('amas_queue_engine');
  admin = new pg.Pool({ connectionString: db.url, max: 2 });
  llm = await startScripted();
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  // A task a test left queued would run on the next test's workers, in that test's project copy.
  await admin.query('DELETE FROM graphile_worker._private_jobs').catch(() => undefined);
  await admin.query('DELETE FROM workers');
});
afterAll(async () => {
  await llm?.close();
  await admin?.end();
  await db?.drop();
});

const env = (): Record<string, string | undefined> => ({ ...process.env, LLM_URL: llm.url, QUEUE_TEST_TOKEN: 'tok-5ecret-value' });

async function project(): Promise<{ dir: string; driverSide: Side; workerSide: Side }> {
  const p = copyQueueProject();
  cleanups.push(p.remove);
  const driverSide = await openSide(p.dir, db.url, env());
  cleanups.push(() => driverSide.close());
  const workerSide = await openSide(p.dir, db.url, env());
  cleanups.push(() => workerSide.close());
  return { dir: p.dir, driverSide, workerSide };
}

async function driver(side: Side): Promise<Engine> {
  const e = await openDriver(side);
  cleanups.push(() => e.suspend());
  return e;
}

async function worker(side: Side, id: string): Promise<PgQueueWorker> {
  const w = await startWorker(side, id);
  cleanups.push(() => w.stop({ wait: false }));
  return w;
}

async function jobCount(key: string): Promise<number> {
  // The queue's schema is installed by the first handoff: absent, or half-installed, it holds no job.
  const r = await admin.query<{ n: string }>('SELECT count(*) AS n FROM graphile_worker.jobs WHERE key = $1', [key]).catch(() => undefined);
  return r ? Number(r.rows[0]!.n) : 0;
}

async function results(runId: string): Promise<{ step_id: string; attempt: number; status: string; worker_id: string }[]> {
  return (await admin.query<{ step_id: string; attempt: number; status: string; worker_id: string }>('SELECT step_id, attempt, status, worker_id FROM task_results WHERE run_id = $1 ORDER BY created_at', [runId])).rows;
}

describe('steps handed to workers', { timeout: 60_000 }, () => {
  it("a workflow's steps run on a worker; each running row and its job commit together", async () => {
    const { dir, driverSide, workerSide } = await project();
    const engine = await driver(driverSide);
    // A worker on another machine, alive but not taking jobs yet (its heartbeat row only).
    await admin.query("INSERT INTO workers (id, host, pid, concurrency, slot_ids, started_at, heartbeat_at) VALUES ('w-elsewhere', 'elsewhere', 1, 1, '{}', $1, $1)", [Date.now()]);
    const h = engine.start(workflow(driverSide, 'pipeline'), { value: 'one' });
    // Not taken yet: the first step is journaled running and its job is queued — both, together.
    const key = taskKeyOf({ idempotencyKey: stepIdempotencyKey(h.id, 'first'), attempt: 1 });
    await until(async () => (await jobCount(key)) === 1);
    expect(await driverSide.store.runs.step(h.id, 'first')).toMatchObject({ status: 'running', attempt: 1 });
    expect(executions(dir)).toEqual([]);
    await worker(workerSide, 'w-pipeline');
    const r = await h.result;
    expect(r.status).toBe('completed');
    expect(r.outputs).toMatchObject({ first: { value: 'one' }, second: { value: 'one-two' } });
    // Each step ran once, on the worker, which named the agent that ran it.
    expect(executions(dir).map((e) => [e.step, e.attempt])).toEqual([
      ['first', 1],
      ['second', 1],
    ]);
    expect(await results(h.id)).toEqual([
      { step_id: 'first', attempt: 1, status: 'ok', worker_id: 'w-pipeline' },
      { step_id: 'second', attempt: 1, status: 'ok', worker_id: 'w-pipeline' },
    ]);
    expect(r.steps.first).toMatchObject({ status: 'completed', attempt: 1, agent: 'hands' });
  });

  it('a worker stopped mid-task releases its job: the step completes on another worker, as the same attempt', async () => {
    const { dir, driverSide, workerSide } = await project();
    const engine = await driver(driverSide);
    const first = await worker(workerSide, 'w-leaves');
    const h = engine.start(workflow(driverSide, 'held'), {});
    await until(() => executions(dir).length === 1);
    await first.stop({ wait: false });
    release(dir);
    const otherSide = await openSide(dir, db.url, env());
    cleanups.push(() => otherSide.close());
    await worker(otherSide, 'w-takes-over');
    const r = await h.result;
    expect(r.status).toBe('completed');
    expect(r.steps.slow).toMatchObject({ status: 'completed', attempt: 1 });
    expect(executions(dir).map((e) => e.attempt)).toEqual([1, 1]);
    expect(await results(h.id)).toEqual([{ step_id: 'slow', attempt: 1, status: 'ok', worker_id: 'w-takes-over' }]);
  });

  it('a crash of the driving process: the resumed run re-attaches to the task the worker completed meanwhile (executed once)', async () => {
    const { dir, driverSide, workerSide } = await project();
    await worker(workerSide, 'w-steady');
    const crashed = await openDriver(driverSide);
    const h = crashed.start(workflow(driverSide, 'held'), {});
    await until(() => executions(dir).length === 1);
    // The driver stops without ending its run (what a crash leaves in the journal: running).
    await crashed.suspend();
    expect((await driverSide.store.runs.get(h.id))?.status).toBe('running');
    release(dir);
    const key = taskKeyOf({ idempotencyKey: stepIdempotencyKey(h.id, 'slow'), attempt: 1 });
    await until(async () => (await driverSide.store.taskResults.get(key)) !== undefined);
    const next = await openSideAndDriver(dir);
    const [resumed] = await next.resumeRuns();
    const r = await resumed!.result;
    expect(r.status).toBe('completed');
    expect(r.steps.slow).toMatchObject({ status: 'completed', attempt: 1 });
    expect(r.outputs).toMatchObject({ slow: { value: 'held' } });
    expect(executions(dir)).toHaveLength(1);
  });

  it('a crash of the driving process while the task still runs: the resumed run waits for the same task', async () => {
    const { dir, driverSide, workerSide } = await project();
    await worker(workerSide, 'w-busy');
    const crashed = await openDriver(driverSide);
    const h = crashed.start(workflow(driverSide, 'charge'), {});
    await until(() => executions(dir).length === 1);
    await crashed.suspend();
    // Not idempotent, yet not in_doubt: its task is alive on a worker, which finishes it.
    const next = await openSideAndDriver(dir);
    const [resumed] = await next.resumeRuns();
    expect(next.get(h.id)?.steps.pay?.status).toBe('running');
    release(dir);
    const r = await resumed!.result;
    expect(r.status).toBe('completed');
    expect(r.steps.pay).toMatchObject({ status: 'completed', attempt: 1 });
    expect(executions(dir)).toHaveLength(1);
  });

  it('idempotent: false — its worker SIGKILLed mid-task, the step is in_doubt (not run again) until a person retries it', async () => {
    const { dir, driverSide, workerSide } = await project();
    const engine = await driver(driverSide);
    const child = startFixture('../queue/project-worker-child.ts', [db.url, 'w-doomed', dir], { LLM_URL: llm.url, QUEUE_TEST_TOKEN: 'tok-5ecret-value' });
    cleanups.push(() => void child.child.kill('SIGKILL'));
    await child.waitFor((l) => l === 'ready');
    const h = engine.start(workflow(driverSide, 'charge'), {});
    await until(() => executions(dir).length === 1);
    expect(executions(dir)[0]!.pid).toBe(child.child.pid);
    await kill9(child.child, child.exited);
    await worker(workerSide, 'w-rescuer');
    const parked = await h.result;
    expect(parked.status).toBe('running');
    expect(parked.waiting).toEqual(['pay']);
    expect(parked.steps.pay).toMatchObject({ status: 'in_doubt', attempt: 1, error: { kind: 'in_doubt' } });
    expect(executions(dir)).toHaveLength(1);
    expect((await driverSide.store.runs.step(h.id, 'pay'))?.status).toBe('in_doubt');
    // A person decides: retried, it is attempt 2, a task of its own.
    release(dir);
    const again = await engine.decide(h.id, 'pay', 'retry');
    const r = await again.result;
    expect(r.status).toBe('completed');
    expect(r.steps.pay).toMatchObject({ status: 'completed', attempt: 2 });
    expect(executions(dir).map((e) => e.attempt)).toEqual([1, 2]);
  });

  it('a for_each over 5 items: every item is a task of its own on the worker', async () => {
    const { dir, driverSide, workerSide } = await project();
    const engine = await driver(driverSide);
    await worker(workerSide, 'w-items');
    const r = await engine.run(workflow(driverSide, 'fanout'), {});
    expect(r.status).toBe('completed');
    expect((r.outputs!.values as { value: string }[]).map((v) => v.value)).toEqual(['a-0', 'b-1', 'c-2', 'd-3', 'e-4']);
    const ex = executions(dir);
    expect(ex).toHaveLength(5);
    expect(new Set(ex.map((e) => e.key)).size).toBe(5);
    const rows = await results(r.id);
    expect(rows).toHaveLength(5);
    expect(rows.every((x) => x.worker_id === 'w-items' && x.status === 'ok')).toBe(true);
  });

  it('knowledge() in an executor spec reads the shared knowledge base on the worker', async () => {
    const { dir, driverSide, workerSide } = await project();
    // Written by the driving process; the worker's cache (refreshed every 200 ms here) reads it.
    await driverSide.store.knowledge.store({ category: 'notes', content: { note: 'first' } });
    await driverSide.store.knowledge.store({ category: 'notes', content: { note: 'second' } });
    await until(() => workerSide.readKnowledge('notes', 2).length === 2);
    const engine = await driver(driverSide);
    await worker(workerSide, 'w-recall');
    const r = await engine.run(workflow(driverSide, 'recall'), {});
    expect(r.status, JSON.stringify(r.steps)).toBe('completed');
    // The tool got the rendered notes on its stdin, newest first, and ran on the worker.
    expect(executions(dir).map((e) => e.input)).toEqual([[{ note: 'second' }, { note: 'first' }]]);
    expect(await results(r.id)).toEqual([{ step_id: 'recall', attempt: 1, status: 'ok', worker_id: 'w-recall' }]);
  });

  it("an llm step on a worker: its model requests reach the driving process's events, its tokens the run", async () => {
    const { driverSide, workerSide } = await project();
    const engine = await driver(driverSide);
    const calls: EngineEvent[] = [];
    engine.on((e) => void (e.type === 'model_call' && calls.push(e)));
    await worker(workerSide, 'w-llm');
    // The server names a secret as the model that answered: the result row keeps it masked.
    llm.script.push(() => ({ ...(final('tea is a drink') as object), model: 'tok-5ecret-value' }));
    const r = await engine.run(workflow(driverSide, 'summary'), {});
    expect(r.status, JSON.stringify(r.steps)).toBe('completed');
    expect(r.outputs).toEqual({ text: 'tea is a drink' });
    expect(await results(r.id)).toEqual([{ step_id: 'sum', attempt: 1, status: 'ok', worker_id: 'w-llm' }]);
    // Both name the agent that ran the step on the worker, not the placeholder of a handed-off attempt.
    expect(calls).toEqual([expect.objectContaining({ type: 'model_call', runId: r.id, stepId: 'sum', attempt: 1, agent: 'planner', provider: 'default', model: 'scripted', inputTokens: 20, outputTokens: 7, finishReason: 'stop' })]);
    expect(r.usage).toEqual({ prompt: 20, completion: 7, total: 27, steps: { sum: { prompt: 20, completion: 7, total: 27 } }, agents: { planner: { prompt: 20, completion: 7, total: 27 } } });
    const stored = await admin.query<{ usage: string }>('SELECT usage FROM task_results WHERE run_id = $1', [r.id]);
    expect(stored.rows[0]!.usage).toContain('"responseModel":"***"');
    expect(stored.rows[0]!.usage).not.toContain('5ecret');
  });

  it("an agent loop runs in the driving process; each of its tool calls is a task on the worker", async () => {
    const { dir, driverSide, workerSide } = await project();
    const engine = await driver(driverSide);
    await worker(workerSide, 'w-tools');
    llm.script.push(
      () => toolCalls(['work', { value: 'from-the-model' }]),
      () => final({ answer: 'planned' }),
    );
    const r = await engine.run(workflow(driverSide, 'planning'), {});
    expect(r.status).toBe('completed');
    expect(executions(dir).map((e) => e.input)).toEqual([{ value: 'from-the-model' }]);
    const rows = await results(r.id);
    expect(rows).toEqual([{ step_id: 'plan', attempt: 1, status: 'ok', worker_id: 'w-tools' }]);
    // The model saw the worker's answer.
    const toolMessage = llm.bodies.at(-1)!.messages.find((m) => m.role === 'tool');
    expect(toolMessage?.content).toContain('from-the-model');
  });

  it('an attempt whose input holds a secret runs in the driving process: its payload never reaches PostgreSQL', async () => {
    const { dir, driverSide, workerSide } = await project();
    const engine = await driver(driverSide);
    await worker(workerSide, 'w-no-secrets');
    const r = await engine.run(workflow(driverSide, 'secret'), {});
    expect(r.status).toBe('completed');
    expect(executions(dir)).toHaveLength(1);
    expect(executions(dir)[0]!.pid).toBe(process.pid);
    expect(await results(r.id)).toEqual([]);
    const jobs = await admin.query("SELECT 1 FROM graphile_worker._private_jobs WHERE payload::text LIKE '%5ecret%'").catch(() => ({ rowCount: 0 }));
    expect(jobs.rowCount).toBe(0);
  });

  it('cancelling a run stops its task on the worker (the step does not run to its timeout)', async () => {
    const { dir, driverSide, workerSide } = await project();
    await worker(workerSide, 'w-stopped');
    const engine = await driver(driverSide);
    const h = engine.start(workflow(driverSide, 'held'), {});
    await until(() => executions(dir).length === 1);
    expect(engine.cancel(h.id, 'the operator changed their mind')).toBe(true);
    expect((await h.result).status).toBe('cancelled');
    // The worker aborted the held command (its timeout is minutes away) and wrote why.
    const key = taskKeyOf({ idempotencyKey: stepIdempotencyKey(h.id, 'slow'), attempt: 1 });
    await until(async () => (await driverSide.store.taskResults.get(key)) !== undefined, 15_000);
    expect(await driverSide.store.taskResults.get(key)).toMatchObject({ status: 'error', error: { code: 'CANCELLED' }, workerId: 'w-stopped' });
    expect(executions(dir)).toHaveLength(1);
  });

  it('a worker listens for jobs and cancels on one connection, and cancels still reach it after that connection is cut', async () => {
    const { dir, driverSide, workerSide } = await project();
    await worker(workerSide, 'w-one-listener');
    // Every NOTIFY in the database wakes each listening backend: a worker keeps one, not two.
    const listeners = async (): Promise<number[]> =>
      (await admin.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'amas worker' AND query ILIKE 'LISTEN%'")).rows.map((r) => r.pid);
    await until(async () => (await listeners()).length > 0);
    await new Promise((r) => setTimeout(r, 300));
    const [first, ...more] = await listeners();
    expect(more).toEqual([]);
    await admin.query('SELECT pg_terminate_backend($1)', [first]);
    // graphile-worker connects again; the worker's cancel listener comes back with it.
    await until(async () => {
      const now = await listeners();
      return now.length === 1 && now[0] !== first;
    });
    const engine = await driver(driverSide);
    const h = engine.start(workflow(driverSide, 'held'), {});
    await until(() => executions(dir).length === 1);
    expect(engine.cancel(h.id, 'the operator changed their mind')).toBe(true);
    const key = taskKeyOf({ idempotencyKey: stepIdempotencyKey(h.id, 'slow'), attempt: 1 });
    await until(async () => (await driverSide.store.taskResults.get(key)) !== undefined, 15_000);
    expect(await driverSide.store.taskResults.get(key)).toMatchObject({ status: 'error', error: { code: 'CANCELLED' }, workerId: 'w-one-listener' });
    expect(await listeners()).toHaveLength(1);
  });

  it('cancelling a run whose task waits in the queue removes the task: no worker runs it later', async () => {
    const { dir, driverSide, workerSide } = await project();
    // A live worker that takes no jobs: the attempt is handed off and waits in the queue.
    await admin.query("INSERT INTO workers (id, host, pid, concurrency, slot_ids, started_at, heartbeat_at) VALUES ('w-idle', 'elsewhere', 1, 1, '{}', $1, $1)", [Date.now()]);
    const engine = await driver(driverSide);
    const h = engine.start(workflow(driverSide, 'held'), {});
    const key = taskKeyOf({ idempotencyKey: stepIdempotencyKey(h.id, 'slow'), attempt: 1 });
    await until(async () => (await jobCount(key)) === 1);
    engine.cancel(h.id);
    expect((await h.result).status).toBe('cancelled');
    await until(async () => (await jobCount(key)) === 0, 15_000);
    await worker(workerSide, 'w-late');
    // The worker is up and polling; the task is gone, so nothing of the run ever executes.
    await new Promise((r) => setTimeout(r, 1000));
    expect(executions(dir)).toHaveLength(0);
  });

  it('with no worker alive, an attempt runs in the driving process instead of waiting for ever', async () => {
    const { dir, driverSide } = await project();
    await admin.query('DELETE FROM workers');
    const engine = await driver(driverSide);
    const r = await engine.run(workflow(driverSide, 'pipeline'), { value: 'alone' });
    expect(r.status).toBe('completed');
    expect(executions(dir).map((e) => e.pid)).toEqual([process.pid, process.pid]);
    expect(await results(r.id)).toEqual([]);
  });
});

async function openSideAndDriver(dir: string): Promise<Engine> {
  const side = await openSide(dir, db.url, env());
  cleanups.push(() => side.close());
  return driver(side);
}
