import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/core/index.ts';
import { openStore } from '../../src/store/index.ts';

// `amas up --no-tui` as a child process on a fixture project whose `tick` workflow fires every
// second, driven with the real CLI through the control socket, stopped with SIGTERM.

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/amas');
const FIXTURE = path.join(ROOT, 'tests/fixtures/up/basic');

interface LogLine {
  time: string;
  level: string;
  msg: string;
  [k: string]: unknown;
}

let dir: string;
let up: ChildProcess | undefined;
let stdout = '';
let stderr = '';
let helloRun = '';
let liveShow: Record<string, unknown> = {};
let exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

function lines(): LogLine[] {
  return stdout
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as LogLine);
}

function amas(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, AMAS_DEBUG: '' }, timeout: 15_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function until<T>(get: () => T | undefined | false, what: string, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = get();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}\nstdout:\n${stdout.slice(-3000)}\nstderr:\n${stderr}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const finishedRuns = (workflow?: string) => lines().filter((l) => l.msg === 'run finished' && (!workflow || l.workflow === workflow));
const startedRuns = (workflow: string) => lines().filter((l) => l.msg === 'run started' && l.workflow === workflow);

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amas-up-'));
  fs.cpSync(FIXTURE, dir, { recursive: true });
  const child = spawn(process.execPath, [BIN, 'up', '--no-tui', dir], { cwd: dir, env: { ...process.env, AMAS_DEBUG: '', AMAS_LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'] });
  up = child;
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  exit = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  await until(() => lines().some((l) => l.msg === 'amas is up'), 'amas up to start');
});

afterAll(() => {
  if (up && up.exitCode === null && up.signalCode === null) up.kill('SIGKILL');
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('amas up --no-tui (server mode) driven by the CLI', () => {
  it('fires the every-second cron', async () => {
    await until(() => finishedRuns('tick').length >= 2, 'two cron runs of tick');
    expect(finishedRuns('tick').every((l) => l.status === 'completed')).toBe(true);
  });

  it('amas run goes through the runtime (which holds the store lock)', () => {
    const r = amas(['run', 'hello', dir, '--input', 'name=bob', '--json']);
    expect(r.stderr).not.toMatch(/AMAS_STORE_LOCKED/);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout) as { id: string; status: string; outputs: { seen: string } };
    expect(result.status).toBe('completed');
    expect(result.outputs.seen.trim()).toBe('hello bob');
    helloRun = result.id;
  });

  it('amas runs list|show go through the runtime too', () => {
    const list = amas(['runs', 'list', dir, '--json']);
    expect(list.code).toBe(0);
    expect((JSON.parse(list.stdout) as { id: string }[]).some((x) => x.id === helloRun)).toBe(true);
    const show = amas(['runs', 'show', helloRun, dir, '--json']);
    expect(show.code).toBe(0);
    liveShow = JSON.parse(show.stdout) as Record<string, unknown>;
    expect(liveShow).toMatchObject({ id: helloRun, workflow: 'hello', status: 'completed' });
  });

  it('amas status --json is the live snapshot', () => {
    const r = amas(['status', dir, '--json']);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as Snapshot;
    expect(s.state).toBe('running');
    expect(s.project.name).toBe('up-e2e');
    expect(s.agents.map((a) => [a.id, a.status === 'offline'])).toEqual([['worker', false]]);
    const tick = s.workflows.find((w) => w.id === 'tick')!;
    expect(tick.paused).toBe(false);
    expect(tick.nextFire).toBeGreaterThan(s.takenAt - 1000);
    expect(tick.lastOutcome?.status).toBe('completed');
    expect(s.counts.runsCompleted).toBeGreaterThanOrEqual(2);
  });

  it('amas emit reaches event triggers; the where filter picks the matching event', async () => {
    const other = amas(['emit', 'data_update', dir, '--data', '{"kind":"other","env":"dev"}', '--json']);
    expect(other.code).toBe(0);
    const ok = amas(['emit', 'data_update', dir, '--data', '{"kind":"deploy","env":"prod"}']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^evt_/);
    const [run] = await until(() => finishedRuns('deploy').length > 0 && finishedRuns('deploy'), 'the deploy run');
    expect(run!.status).toBe('completed');
    // Both events are in the history; only the matching one started a run.
    const ev = amas(['events', dir, '--type', 'data_update', '--json']);
    expect(ev.code).toBe(0);
    const events = JSON.parse(ev.stdout) as { id: string; data: { kind: string } }[];
    expect(events.map((e) => e.data.kind)).toEqual(['other', 'deploy']);
    expect(events[0]!.id).toBe((JSON.parse(other.stdout) as { id: string }).id);
    expect(startedRuns('deploy')).toHaveLength(1);
  });

  it('amas schedule pause stops the cron runs; the schedule shows it', async () => {
    const r = amas(['schedule', 'pause', 'tick', dir, '--json']);
    expect(r.code).toBe(0);
    const entries = JSON.parse(r.stdout) as { workflowId: string; paused: boolean; nextFire?: number }[];
    expect(entries).toEqual([expect.objectContaining({ workflowId: 'tick', paused: true })]);
    expect(entries[0]!.nextFire).toBeUndefined();
    // The CLI has its answer; the runtime's log line may still be on its way through the pipe.
    const pausedAt = await until(() => {
      const i = lines().findIndex((l) => l.msg === 'schedule paused');
      return i >= 0 && i + 1;
    }, 'the pause in the log') - 1;
    const before = startedRuns('tick').length;
    // Two more cron seconds pass: nothing fires. (Waiting is the point of this check.)
    await new Promise((r) => setTimeout(r, 2200));
    expect(startedRuns('tick').length).toBe(before);
    expect(lines().slice(pausedAt).filter((l) => l.msg === 'run started' && l.workflow === 'tick')).toEqual([]);
    const list = amas(['schedule', dir]);
    expect(list.stdout).toMatch(/tick\s+\* \* \* \* \* \*\s+UTC\s+-\s+.*paused/);
  });

  it('stops on SIGTERM with exit 0; every line is JSON; nothing is lost in the store', async () => {
    up!.kill('SIGTERM');
    const { code, signal } = await exit;
    expect(signal).toBeNull();
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const all = lines(); // throws on a line that is not JSON
    expect(all.length).toBe(stdout.trim().split('\n').length);
    for (const l of all) {
      expect(typeof l.time).toBe('string');
      expect(['debug', 'info', 'warn', 'error']).toContain(l.level);
      expect(typeof l.msg).toBe('string');
    }
    expect(stdout.includes(String.fromCharCode(27))).toBe(false); // no ANSI escapes
    expect(all.at(-1)?.msg).toBe('stopped');

    // Every run the runtime logged as finished is in the store with that status.
    const logged = finishedRuns();
    const r = amas(['runs', 'list', dir, '--json', '--limit', '1000']);
    expect(r.code).toBe(0);
    const stored = new Map((JSON.parse(r.stdout) as { id: string; status: string }[]).map((x) => [x.id, x.status]));
    for (const l of logged) expect(stored.get(l.run as string), `run ${String(l.run)}`).toBe(l.status);
    // The knowledge the runs wrote is there too (a workflow_execution per run of deploy and hello).
    const store = await openStore(path.join(dir, '.amas/amas.db'), { readOnly: true });
    try {
      const runIds = new Set(store.knowledge.retrieve({ category: 'workflow_execution', limit: 1000 }).map((k) => (k.metadata as { run_id?: string } | null)?.run_id));
      for (const l of logged.filter((x) => x.workflow !== 'tick')) expect(runIds.has(l.run as string), `knowledge of ${String(l.run)}`).toBe(true);
      // The pause survived the stop.
      expect(store.triggers.isPaused('tick')).toBe(true);
    } finally {
      await store.close();
    }
    // Without a runtime, status answers from the store in the same shape.
    const offline = JSON.parse(amas(['status', dir, '--json']).stdout) as Snapshot;
    expect(offline.state).toBe('offline');
    expect(offline.workflows.find((w) => w.id === 'tick')?.paused).toBe(true);
  });

  it('amas runs show answers the same without a runtime as through it', () => {
    const show = amas(['runs', 'show', helloRun, dir, '--json']);
    expect(show.code).toBe(0);
    expect(JSON.parse(show.stdout)).toEqual(liveShow);
  });
});
