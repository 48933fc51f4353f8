// Queue workers seen through the real CLI (dist/) on a PostgreSQL store: `amas up --no-work` and
// two `amas worker` processes; `amas status` (text and --json), GET /metrics (promtool-clean) and
// `amas health` list them with their counters; a SIGKILLed worker turns stale and health warns
// naming it (exit 1); with every worker gone, a runtime that executes no steps itself says runs wait.
// It needs `amas up` on PostgreSQL and `amas worker` (the pgrun and queue work): until both are in
// the build it is skipped, saying so.
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../support/postgres.ts';
import { until } from './pg-cli.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/amas');
const HAVE_PROMTOOL = spawnSync('promtool', ['--version'], { encoding: 'utf8' }).status === 0;
let db: TestDatabase;
let dir: string;
const children: ChildProcess[] = [];

function cliEnv(url: string): NodeJS.ProcessEnv {
  return { ...process.env, AMAS_STORE_URL: url, AMAS_DEBUG: '', AMAS_LOG_LEVEL: 'info', NO_COLOR: '1', CI: '1' };
}

function amas(url: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, env: cliEnv(url), timeout: 60_000, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** A long-running amas process (up, worker) with its JSON log lines. */
interface Proc {
  child: ChildProcess;
  exited: Promise<unknown>;
  lines(): { msg?: string; worker?: string; url?: string }[];
  out(): string;
}

function spawnAmas(url: string, args: string[]): Proc {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env: cliEnv(url), stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (out += c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (out += c));
  return {
    child,
    exited: new Promise((r) => child.once('exit', r)),
    out: () => out,
    lines: () =>
      out
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { msg?: string; worker?: string; url?: string }),
  };
}

beforeAll(async () => {
  db = await freshDatabase('amas_workers_cli');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amas-workers-cli-'));
  const w = (f: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), text);
  };
  // One collection a second: the workers' list is read once per collection.
  w('amas.yaml', 'apiVersion: amas/v1\nname: workers-view\nruntime: { shutdown_grace: 2s }\nmonitoring: { interval: 1s }\n');
  w('agents.d/a.yaml', 'apiVersion: amas/v1\nid: a\nconcurrency: 8\ncapabilities:\n  stamp:\n    run:\n      command: { argv: [node, -e, "process.stdout.write(JSON.stringify({ at: process.argv[1] }))", "${{ run.id }}"], parse: json }\n');
  w('workflows.d/stamp.yaml', 'apiVersion: amas/v1\nid: stamp\nsteps:\n  - id: s\n    task: stamp\n');
}, 60_000);
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await db?.drop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function startWorker(concurrency: number): Promise<Proc & { id: string }> {
  const p = spawnAmas(db.url, ['worker', dir, '--concurrency', String(concurrency)]);
  const ready = await until(async () => p.lines().find((l) => l.msg === 'worker ready'), 'worker ready').catch(() => {
    throw new Error(`amas worker did not get ready:\n${p.out()}`);
  });
  return { ...p, id: ready.worker! };
}

interface WorkerJson {
  id: string;
  inFlight: number;
  concurrency: number;
  completed: number;
  stale: boolean;
  heartbeatAgeMs: number;
}
const statusJson = async () => JSON.parse((await amas(db.url, ['status', dir, '--json'])).stdout) as { workers?: WorkerJson[]; work?: boolean };

describe('queue workers through the CLI', () => {
  it('status, /metrics and health list the workers; a killed one is stale and named; with none left, --no-work steps wait for one', async () => {
    const up = spawnAmas(db.url, ['up', '--no-tui', '--no-work', '--http', '127.0.0.1:0', dir]);
    const listening = await until(async () => up.lines().find((l) => l.msg === 'HTTP API listening'), 'the HTTP API').catch(() => {
      throw new Error(`amas up did not start:\n${up.out()}`);
    });
    const base = String(listening.url);
    const w1 = await startWorker(3);
    const w2 = await startWorker(2);
    const run = await amas(db.url, ['run', 'stamp', dir, '--json']);
    expect(run.code, run.stdout + run.stderr).toBe(0);

    const both = await until(async () => {
      const s = await statusJson();
      const ws = s.workers ?? [];
      return ws.length === 2 && ws.reduce((n, w) => n + w.completed, 0) >= 1 && s;
    }, 'both workers in status with the run counted');
    expect(both.work).toBe(false);
    expect(both.workers!.map((w) => w.id).sort()).toEqual([w1.id, w2.id].sort());
    expect(both.workers!.find((w) => w.id === w1.id)).toMatchObject({ concurrency: 3, stale: false });

    const text = await amas(db.url, ['status', dir]);
    expect(text.stdout).toMatch(/WORKERS\nID\s+HOST\s+PID\s+IN FLIGHT\s+DONE\s+FAILED\s+HEARTBEAT/);
    expect(text.stdout).toMatch(new RegExp(`${w1.id}\\s+\\S+\\s+${w1.child.pid}\\s+0/3\\s+\\d+\\s+0\\s+[\\d.]+m?s ago\\n`));

    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain(`amas_worker_tasks_in_flight{worker="${w2.id}"} 0`);
    expect(metrics).toMatch(/amas_worker_tasks_completed_total\{worker="[^"]+"\} 1/);
    if (HAVE_PROMTOOL) {
      const r = spawnSync('promtool', ['check', 'metrics'], { input: metrics, encoding: 'utf8' });
      expect(`${r.stdout}${r.stderr}`.split('\n').filter((l) => l.trim() !== '' && !/^nodejs_\w+ /.test(l.trim()))).toEqual([]);
    }
    const healthy = await amas(db.url, ['health', dir, '--json']);
    expect(JSON.parse(healthy.stdout).workers).toMatchObject({ status: 'healthy', live: 2, stale: [] });

    // SIGKILL: no heartbeat any more. With --no-work and the other worker alive, it is released after 15 s;
    // before that it shows stale, and health warns naming it.
    w1.child.kill('SIGKILL');
    await w1.exited;
    const stale = await until(async () => (await statusJson()).workers?.find((w) => w.id === w1.id && w.stale), 'the killed worker stale', 20_000);
    expect(stale.heartbeatAgeMs).toBeGreaterThan(6000);
    const warn = await amas(db.url, ['health', dir]);
    expect(warn.code).toBe(1);
    expect(warn.stdout).toContain(`workers: WARNING worker not heartbeating: ${w1.id}`);
    // GET /health: the status for anyone, the whole report with the API key.
    expect(await (await fetch(`${base}/health`)).json()).toMatchObject({ status: 'warning' });
    const key = fs.readFileSync(path.join(dir, '.amas', 'api-key'), 'utf8').trim();
    const h = await fetch(`${base}/health`, { headers: { authorization: `Bearer ${key}` } });
    expect(await h.json()).toMatchObject({ status: 'warning', workers: { stale: [w1.id], live: 1 } });
    expect(await (await fetch(`${base}/metrics`)).text()).toMatch(new RegExp(`amas_worker_heartbeat_age_seconds\\{worker="${w1.id}"\\} (\\d+)`));

    // The live worker releases the dead one's row after 15 s: it leaves status and the exposition.
    await until(async () => !(await statusJson()).workers?.some((w) => w.id === w1.id), 'the dead worker removed', 30_000);
    await until(async () => !(await (await fetch(`${base}/metrics`)).text()).includes(w1.id), 'the dead worker out of /metrics', 10_000);

    // The last worker stops (SIGTERM, its row goes): nothing executes steps any more.
    w2.child.kill('SIGTERM');
    await w2.exited;
    const none = await until(async () => {
      const r = await amas(db.url, ['health', dir, '--json']);
      const j = JSON.parse(r.stdout) as { workers?: { live: number; message: string | null } };
      return j.workers?.live === 0 && j.workers.message !== null && { r, j };
    }, 'no live worker in health');
    expect(none.r.code).toBe(1);
    expect(none.j.workers!.message).toContain('no live workers');
    expect((await amas(db.url, ['status', dir])).stdout).toContain('(none: steps wait — this amas up executes no steps itself, --no-work)');

    // And they do wait: a run started through this amas up (its control socket) stays running with
    // its step handed off, until a worker starts and runs it.
    const waiting = amas(db.url, ['run', 'stamp', dir, '--json']);
    const runId = await until(async () => {
      const r = await amas(db.url, ['runs', 'list', dir, '--json']);
      const runs = JSON.parse(r.stdout) as { id: string; status: string }[];
      return runs.find((x) => x.status === 'running')?.id;
    }, 'the run to start');
    await new Promise((r) => setTimeout(r, 3000));
    const still = JSON.parse((await amas(db.url, ['runs', 'show', runId, dir, '--json'])).stdout) as { status: string; steps: Record<string, { status: string }> };
    expect(still.status).toBe('running');
    expect(still.steps.s!.status).toBe('running');
    const w3 = await startWorker(1);
    const done = await waiting;
    expect(done.code, done.stdout + done.stderr).toBe(0);
    expect((JSON.parse((await amas(db.url, ['runs', 'show', runId, dir, '--json'])).stdout) as { status: string }).status).toBe('completed');
    w3.child.kill('SIGTERM');
    await w3.exited;
    up.child.kill('SIGTERM');
    await up.exited;
  }, 180_000);
});
