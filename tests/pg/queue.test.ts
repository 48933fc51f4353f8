// The work queue on a real PostgreSQL (src/store/pg/queue.ts, worker.ts): a step task is added in
// the journal's transaction, runs on a worker, and its result wakes the waiting process; a worker
// SIGKILLed mid-task has its task run again on another worker (or `in_doubt` when the step is not
// idempotent); a result already written is never executed again; the idempotency key deduplicates.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPgStore, PgQueueWorker, taskKeyOf, type PgStore, type StepTask } from '../../src/store/index.ts';
import { kill9, startFixture } from '../integration/store-processes.ts';
import { ensureExecutionsTable, testExecutor, type TestInput } from '../fixtures/queue/executor.ts';
import { freshDatabase, type TestDatabase } from '../support/postgres.ts';

let db: TestDatabase;
let store: PgStore;
let admin: pg.Pool;
const executors: ReturnType<typeof testExecutor>[] = [];

beforeAll(async () => {
  db = await freshDatabase('amas_queue');
  store = await openPgStore(db.url, { resultPollMs: 300 });
  await ensureExecutionsTable(db.url);
  admin = new pg.Pool({ connectionString: db.url, max: 2 });
});
afterAll(async () => {
  await store?.close();
  for (const e of executors) await e.close();
  await admin?.end();
  await db?.drop();
});

let n = 0;
function task(input: TestInput, over: Partial<StepTask> = {}): StepTask {
  n++;
  return { runId: `run-${n}`, stepId: 'work', attempt: 1, capability: 'test', idempotencyKey: `key-${n}`, idempotent: true, input, ...over };
}

/** Journals the task's run and running step and hands the task over, in one transaction. */
function handOver(t: StepTask): Promise<void> {
  return store.runs.writeJournal({
    runs: [{ id: t.runId, workflowId: 'wf', status: 'running', createdAt: 1 }],
    steps: [{ runId: t.runId, stepId: t.stepId, status: 'running', attempt: t.attempt, startedAt: 2 }],
    knowledge: [],
    tasks: [t],
  });
}

async function worker(id: string): Promise<PgQueueWorker> {
  const ex = testExecutor(db.url);
  executors.push(ex);
  return PgQueueWorker.start({ url: db.url, id, execute: ex.execute, concurrency: 2, heartbeatMs: 200, staleMs: 1500, pollMs: 200 });
}

async function executions(key: string): Promise<{ worker_id: string; claim: number }[]> {
  return (await admin.query<{ worker_id: string; claim: number }>('SELECT worker_id, claim FROM test_executions WHERE key = $1 ORDER BY at', [key])).rows;
}

async function jobs(key: string): Promise<number> {
  const r = await admin.query<{ n: string }>('SELECT count(*) AS n FROM graphile_worker.jobs WHERE key = $1', [key]);
  return Number(r.rows[0]!.n);
}

async function until(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the work queue', () => {
  it('a task handed over with its running step runs on a worker; the waiter gets output and usage', async () => {
    const w = await worker('w-basic');
    try {
      const t = task({ value: 'hello' });
      await handOver(t);
      expect((await store.runs.step(t.runId, 'work'))?.status).toBe('running');
      const r = await store.taskResults.wait(taskKeyOf(t));
      expect(r).toMatchObject({ status: 'ok', output: { value: 'hello', by: 'w-basic' }, usage: { tokens: 7 }, runId: t.runId, stepId: 'work', workerId: 'w-basic' });
      expect(await executions(t.idempotencyKey)).toHaveLength(1);
      // A failing task's error is its result (the engine's retry policy decides what follows).
      const bad = task({ fail: 'the tool broke' });
      await handOver(bad);
      expect(await store.taskResults.wait(taskKeyOf(bad))).toMatchObject({ status: 'error', error: { code: 'TEST_FAIL', message: 'the tool broke' } });
      // The step's next attempt (its retry) is a task of its own and runs.
      const retry = { ...bad, attempt: 2, input: { value: 'retried' } };
      await handOver(retry);
      expect(await store.taskResults.wait(taskKeyOf(retry))).toMatchObject({ status: 'ok', attempt: 2, output: { value: 'retried' } });
      expect((await executions(bad.idempotencyKey)).map((e) => e.claim)).toEqual([1, 1]);
      await until(async () => w.counters.completed === 2 && w.counters.failed === 1);
      // Its heartbeat carries the counters: what status, /metrics and health show.
      await w.beat();
      const [info] = (await store.workers.list()).filter((x) => x.id === 'w-basic');
      expect(info).toMatchObject({ id: 'w-basic', pid: process.pid, concurrency: 2, inFlight: 0, completed: 2, failed: 1 });
      expect(Date.now() - info!.heartbeatAt).toBeLessThan(10_000);
    } finally {
      await w.stop();
    }
  });

  it('a journal batch that fails adds no job: the step and its handoff commit together or not at all', async () => {
    const t = task({ value: 'never' });
    const bad = store.runs.writeJournal({
      runs: [{ id: t.runId, workflowId: 'wf', status: 'running', createdAt: 1 }],
      steps: [{ runId: t.runId, stepId: 'work', status: null as unknown as string, attempt: 1 }],
      knowledge: [],
      tasks: [t],
    });
    await expect(bad).rejects.toThrow();
    expect(await jobs(taskKeyOf(t))).toBe(0);
    expect(await store.runs.get(t.runId)).toBeUndefined();
  });

  it('a result too large for a notification is read by its key; one that fits arrives whole, with no read', async () => {
    const w = await worker('w-large');
    try {
      const big = 'x'.repeat(20_000);
      const t = task({ value: big });
      await handOver(t);
      expect(await store.taskResults.wait(taskKeyOf(t))).toMatchObject({ status: 'ok', output: { value: big, by: 'w-large' } });
      // Listening since before the handover, the waiter reads nothing: its result comes in the
      // notification (with the row deleted after the write, only the notification can deliver it).
      const small = task({ value: 'small', sleepMs: 300 });
      const since = store.taskResults.listeningEpoch;
      expect(since).toBeDefined();
      await handOver(small);
      const waiting = store.taskResults.wait(taskKeyOf(small), undefined, since);
      await until(async () => (await admin.query('DELETE FROM task_results WHERE task_key = $1', [taskKeyOf(small)])).rowCount === 1);
      expect(await waiting).toMatchObject({ status: 'ok', output: { value: 'small', by: 'w-large' } });
    } finally {
      await w.stop();
    }
  });

  it('a notification that is not a result row of the expected shape is not taken as the result', async () => {
    const w = await worker('w-hostile');
    try {
      const t = task({ value: 'the real one', sleepMs: 500 });
      const since = store.taskResults.listeningEpoch;
      await handOver(t);
      const waiting = store.taskResults.wait(taskKeyOf(t), undefined, since);
      const key = taskKeyOf(t);
      // Anyone who can connect may NOTIFY on the channel.
      await admin.query("SELECT pg_notify('amas_task_results', $1)", [JSON.stringify({ task_key: key, status: 'ok', output: 5 })]);
      await admin.query("SELECT pg_notify('amas_task_results', $1)", ['{"task_key": "not json']);
      expect(await waiting).toMatchObject({ status: 'ok', output: { value: 'the real one', by: 'w-hostile' } });
    } finally {
      await w.stop();
    }
  });

  it('the idempotency key deduplicates: a task handed over twice is queued and executed once', async () => {
    const t = task({ value: 'once' });
    await handOver(t);
    await handOver(t);
    expect(await jobs(taskKeyOf(t))).toBe(1);
    const w = await worker('w-dedupe');
    try {
      expect((await store.taskResults.wait(taskKeyOf(t))).status).toBe('ok');
      expect(await executions(t.idempotencyKey)).toHaveLength(1);
    } finally {
      await w.stop();
    }
  });

  it('a task whose result is already written is not executed again (a job re-run after its worker died past the commit)', async () => {
    const w = await worker('w-result');
    try {
      const t = task({ value: 'first' });
      await handOver(t);
      const first = await store.taskResults.wait(taskKeyOf(t));
      await until(async () => (await jobs(taskKeyOf(t))) === 0);
      // The job again, as a resumed run hands its attempt over again: it finds the result and completes.
      await handOver({ ...t, input: { value: 'second' }, resumed: true });
      await until(async () => (await jobs(taskKeyOf(t))) === 0);
      expect(await executions(t.idempotencyKey)).toHaveLength(1);
      expect(await store.taskResults.wait(taskKeyOf(t))).toEqual(first);
    } finally {
      await w.stop();
    }
  });

  it('a worker SIGKILLed mid-task: its heartbeat stops, another worker releases the job and runs the task again', async () => {
    const child = startFixture('../queue/worker-child.ts', [db.url, 'w-doomed']);
    try {
      await child.waitFor((l) => l === 'ready');
      const t = task({ value: 'survives', sleepMs: 60_000 });
      await handOver(t);
      await until(async () => (await executions(t.idempotencyKey)).length === 1);
      await kill9(child.child, child.exited);
      const w = await worker('w-rescuer');
      try {
        // The rescue must not wait for the 60 s sleep: the rescuer re-runs the task with a short one.
        await admin.query("UPDATE graphile_worker._private_jobs SET payload = jsonb_set(payload::jsonb, '{input,sleepMs}', '10')::json WHERE key = $1", [taskKeyOf(t)]);
        const r = await store.taskResults.wait(taskKeyOf(t));
        expect(r).toMatchObject({ status: 'ok', output: { value: 'survives', by: 'w-rescuer' } });
        expect(await executions(t.idempotencyKey)).toEqual([
          { worker_id: 'w-doomed', claim: 1 },
          { worker_id: 'w-rescuer', claim: 2 },
        ]);
        // The dead worker's row is gone; the live one heartbeats.
        const ids = (await admin.query<{ id: string }>('SELECT id FROM workers ORDER BY id')).rows.map((x) => x.id);
        expect(ids).toEqual(['w-rescuer']);
      } finally {
        await w.stop();
      }
    } finally {
      child.child.kill('SIGKILL');
    }
  });

  it('a non-idempotent step whose worker died mid-task is not run again: its result is in_doubt', async () => {
    const child = startFixture('../queue/worker-child.ts', [db.url, 'w-doomed-2']);
    try {
      await child.waitFor((l) => l === 'ready');
      const t = task({ value: 'charge the card', sleepMs: 60_000 }, { idempotent: false });
      await handOver(t);
      await until(async () => (await executions(t.idempotencyKey)).length === 1);
      await kill9(child.child, child.exited);
      const w = await worker('w-rescuer-2');
      try {
        const r = await store.taskResults.wait(taskKeyOf(t));
        expect(r).toMatchObject({ status: 'in_doubt', error: { code: 'IN_DOUBT' } });
        expect(await executions(t.idempotencyKey)).toHaveLength(1);
      } finally {
        await w.stop();
      }
    } finally {
      child.child.kill('SIGKILL');
    }
  });

  it('a non-idempotent job claimed before but never started (its worker died holding it) runs: not in_doubt', async () => {
    const t = task({ value: 'charge once' }, { idempotent: false });
    await handOver(t);
    // What a worker that took the job into its local queue and died leaves: the job claimed once
    // (attempts 1), its lock released by a live worker's sweep, and no start mark.
    await admin.query('UPDATE graphile_worker._private_jobs SET attempts = 1 WHERE key = $1', [taskKeyOf(t)]);
    const w = await worker('w-second-claim');
    try {
      expect(await store.taskResults.wait(taskKeyOf(t))).toMatchObject({ status: 'ok', output: { value: 'charge once' } });
      expect(await executions(t.idempotencyKey)).toEqual([{ worker_id: 'w-second-claim', claim: 2 }]);
      // Its start mark went with its result.
      expect((await admin.query('SELECT 1 FROM task_starts WHERE task_key = $1', [taskKeyOf(t)])).rowCount).toBe(0);
    } finally {
      await w.stop();
    }
  });

  it('SIGTERM: a worker finishes its in-flight task, writes the result and leaves the workers table', async () => {
    const child = startFixture('../queue/worker-child.ts', [db.url, 'w-term']);
    await child.waitFor((l) => l === 'ready');
    const t = task({ value: 'finished', sleepMs: 800 });
    await handOver(t);
    await until(async () => (await executions(t.idempotencyKey)).length === 1);
    child.child.kill('SIGTERM');
    expect(await child.exited).toBe(0);
    expect(await store.taskResults.get(taskKeyOf(t))).toMatchObject({ status: 'ok', output: { value: 'finished', by: 'w-term' } });
    expect((await admin.query("SELECT 1 FROM workers WHERE id = 'w-term'")).rowCount).toBe(0);
    // Completions are batched (COMPLETE_BATCH_MS): a graceful stop still deletes the finished job.
    expect((await admin.query('SELECT 1 FROM graphile_worker.jobs WHERE key = $1', [taskKeyOf(t)])).rowCount).toBe(0);
  });

  it('a task leaves no link behind on the worker\'s long-lived stop signal (Node 20 AbortSignal.any never dropped one)', async () => {
    const w = await worker('w-links');
    try {
      const ts = Array.from({ length: 12 }, (_, i) => task({ value: `link-${i}` }));
      for (const t of ts) await handOver(t);
      for (const t of ts) expect((await store.taskResults.wait(taskKeyOf(t))).status).toBe('ok');
      // Node keeps an AbortSignal's dependants (signals made by AbortSignal.any from it) under a
      // private symbol; a per-task AbortSignal.any over this signal added one entry per task, for ever.
      const stopSignal = (w as unknown as { stopping: AbortController }).stopping.signal;
      const sym = Object.getOwnPropertySymbols(stopSignal).find((x) => x.description === 'kDependantSignals');
      const dependants = sym === undefined ? undefined : (stopSignal as unknown as Record<symbol, Set<unknown> | undefined>)[sym];
      expect(dependants?.size ?? 0).toBe(0);
    } finally {
      await w.stop({ wait: true });
    }
  });

  it('waiting is cancelled by its abort signal', async () => {
    const ac = new AbortController();
    const waiting = store.taskResults.wait('no-such-key', ac.signal);
    ac.abort(new Error('step cancelled'));
    await expect(waiting).rejects.toThrow('step cancelled');
  });
});
