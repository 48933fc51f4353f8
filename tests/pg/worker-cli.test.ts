// `amas worker` through the real CLI (dist/): on tests/fixtures/queue-project with a PostgreSQL
// store, a driver (`amas run`) hands the steps off and they run in the worker process (the
// project's tool records the pid of the amas process that ran it); SIGTERM lets a running task
// finish; a project on the embedded store is refused with exit 2.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../support/postgres.ts';
import { copyQueueProject, executions, release, until } from '../support/queue-project.ts';

const BIN = path.resolve(import.meta.dirname, '../../bin/amas');
let db: TestDatabase;
const cleanups: (() => void)[] = [];

beforeAll(async () => {
  db = await freshDatabase('amas_worker_cli');
});
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});
afterAll(async () => {
  await db?.drop();
});

function baseEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const { AMAS_STORE_URL: _ignored, ...base } = process.env;
  return { ...base, NO_COLOR: '1', AMAS_DEBUG: '', AMAS_LOG_LEVEL: 'info', LLM_URL: 'http://127.0.0.1:9', QUEUE_TEST_TOKEN: 'tok-5ecret-value', ...extra };
}

function project(): string {
  const p = copyQueueProject();
  cleanups.push(p.remove);
  return p.dir;
}

interface Proc {
  child: ChildProcess;
  out: () => string;
  lines: () => Record<string, unknown>[];
  exited: Promise<number | null>;
}

function start(args: string[], env: NodeJS.ProcessEnv): Proc {
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (out += c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (out += c));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  cleanups.push(() => void child.kill('SIGKILL'));
  return {
    child,
    out: () => out,
    lines: () =>
      out
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>),
    exited,
  };
}

async function startWorkerCli(dir: string, concurrency = 2): Promise<Proc> {
  const w = start(['worker', dir, '--concurrency', String(concurrency)], baseEnv({ AMAS_STORE_URL: db.url }));
  await until(() => w.lines().some((l) => l.msg === 'worker ready'), 30_000).catch(() => {
    throw new Error(`amas worker did not get ready:\n${w.out()}`);
  });
  return w;
}

describe('amas worker', { timeout: 90_000 }, () => {
  it('refuses a project on the embedded store: exit 2, naming what it needs', () => {
    const dir = project();
    const r = spawnSync(process.execPath, [BIN, 'worker', dir], { encoding: 'utf8', env: baseEnv(), timeout: 30_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('amas worker needs a PostgreSQL store (store.url or AMAS_STORE_URL): docs/scale-out.md');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a bad --concurrency is a usage error (exit 2)', () => {
    const dir = project();
    const r = spawnSync(process.execPath, [BIN, 'worker', dir, '--concurrency', '0'], { encoding: 'utf8', env: baseEnv({ AMAS_STORE_URL: db.url }), timeout: 30_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--concurrency: expected a whole number from 1 to 1000, got "0"');
  });

  it('amas run hands the steps off; they run in the worker process, logged as JSON lines', async () => {
    const dir = project();
    const w = await startWorkerCli(dir);
    const ready = w.lines().find((l) => l.msg === 'worker ready')!;
    expect(ready).toMatchObject({ concurrency: 2 });
    expect(String(ready.worker)).toContain(String(w.child.pid));
    const run = spawnSync(process.execPath, [BIN, 'run', 'pipeline', dir, '--input', 'value=cli', '--json'], { encoding: 'utf8', env: baseEnv({ AMAS_STORE_URL: db.url }), timeout: 60_000 });
    expect(run.status, run.stderr).toBe(0);
    const ex = executions(dir);
    expect(ex.map((e) => e.step)).toEqual(['first', 'second']);
    // Both ran in the worker, not in the driver (`amas run`).
    expect(ex.every((e) => e.pid === w.child.pid)).toBe(true);
    await until(() => w.lines().filter((l) => l.msg === 'task finished').length === 2);
    expect(w.lines().filter((l) => l.msg === 'task finished').map((l) => [l.stepId, l.status, l.agent])).toEqual([
      ['first', 'ok', 'hands'],
      ['second', 'ok', 'hands'],
    ]);
    w.child.kill('SIGTERM');
    expect(await w.exited).toBe(0);
  });

  it('SIGTERM: a running task finishes and writes its result before the worker exits 0', async () => {
    const dir = project();
    const w = await startWorkerCli(dir);
    const run = start(['run', 'held', dir, '--json'], baseEnv({ AMAS_STORE_URL: db.url }));
    await until(() => executions(dir).length === 1, 30_000);
    w.child.kill('SIGTERM');
    await until(() => w.lines().some((l) => l.msg === 'signal received: finishing running tasks'));
    // Still draining: it has not exited while its task waits.
    await new Promise((r) => setTimeout(r, 300));
    expect(w.child.exitCode).toBeNull();
    release(dir);
    expect(await w.exited).toBe(0);
    expect(await run.exited, run.out()).toBe(0);
    expect(executions(dir)).toHaveLength(1);
    expect(w.lines().find((l) => l.msg === 'task finished')).toMatchObject({ stepId: 'slow', status: 'ok' });
  });

  it('amas up on PostgreSQL executes handed-off steps itself (its in-process worker)', async () => {
    const dir = project();
    const up = start(['up', dir, '--no-tui'], baseEnv({ AMAS_STORE_URL: db.url }));
    await until(() => up.lines().some((l) => l.msg === 'executing handed-off steps here too'), 60_000).catch(() => {
      throw new Error(`amas up did not start its worker:\n${up.out()}`);
    });
    const worker = String(up.lines().find((l) => l.msg === 'executing handed-off steps here too')!.worker);
    expect(worker).toContain(String(up.child.pid));
    const run = spawnSync(process.execPath, [BIN, 'run', 'pipeline', dir, '--input', 'value=up', '--json'], { encoding: 'utf8', env: baseEnv({ AMAS_STORE_URL: db.url }), timeout: 60_000 });
    expect(run.status, run.stderr).toBe(0);
    expect(executions(dir).map((e) => e.pid)).toEqual([up.child.pid, up.child.pid]);
    // Through the queue: the task results name amas up's worker.
    const id = (JSON.parse(run.stdout) as { id: string }).id;
    const pg = await import('pg');
    const client = new pg.default.Client({ connectionString: db.url });
    await client.connect();
    try {
      const rows = (await client.query<{ worker_id: string }>('SELECT worker_id FROM task_results WHERE run_id = $1', [id])).rows;
      expect(rows.map((r) => r.worker_id)).toEqual([worker, worker]);
    } finally {
      await client.end();
    }
    up.child.kill('SIGTERM');
    expect(await up.exited).toBe(0);
  });
});
