// The durability promise end to end: a real `amas run` is SIGKILLed while command steps are in
// flight; `amas runs resume` finishes the run without re-running finished steps, re-runs the
// in-flight idempotent step with a higher attempt, and leaves the non-idempotent one in doubt
// until `amas runs retry|skip`.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/amas');
const FIXTURE = join(ROOT, 'tests/fixtures/engine/crash');
const dirs: string[] = [];

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist/cli/main.js'))) spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
});
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'amas-crash-'));
  cpSync(FIXTURE, dir, { recursive: true });
  dirs.push(dir);
  return dir;
}

function amas(dir: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, json: () => JSON.parse(r.stdout) as any };
}

const executions = (dir: string) =>
  existsSync(join(dir, 'executions.log'))
    ? readFileSync(join(dir, 'executions.log'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => l.split(' ') as [string, string, string])
    : [];

/** Starts `amas run crash`, waits until both slow steps are in flight, SIGKILLs it; returns the run id. */
async function crashMidway(dir: string): Promise<string> {
  const child = spawn(process.execPath, [BIN, 'run', 'crash', dir], { cwd: dir, stdio: 'ignore' });
  const exited = new Promise<number | null>((r) => child.on('exit', (_c, sig) => r(sig === 'SIGKILL' ? -9 : _c)));
  for (let i = 0; i < 2000; i++) {
    const names = executions(dir).map((e) => e[0]);
    if (names.includes('slow') && names.includes('post')) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  child.kill('SIGKILL');
  expect(await exited).toBe(-9);
  const running = amas(dir, 'runs', 'list', '--status', 'running', '--json').json();
  expect(running).toHaveLength(1);
  return running[0].id as string;
}

describe('crash and resume through the real CLI', () => {
  it('resumes: finished steps run once, the in-flight step again with attempt+1, the non-idempotent one waits in_doubt until retried', async () => {
    const dir = project();
    const runId = await crashMidway(dir);
    const before = amas(dir, 'runs', 'show', runId, '--json').json();
    expect(before.steps.first).toMatchObject({ status: 'completed', attempt: 1 });
    expect(before.steps.slow).toMatchObject({ status: 'running', attempt: 1 });
    expect(before.steps.post).toMatchObject({ status: 'running', attempt: 1 });

    writeFileSync(join(dir, 'release'), '');
    const resumed = amas(dir, 'runs', 'resume', runId, '--json');
    expect(resumed.code).toBe(1);
    const r = resumed.json();
    expect(r).toMatchObject({ id: runId, status: 'running', attempt: 2, waiting: ['post'] });
    expect(r.steps.slow).toMatchObject({ status: 'completed', attempt: 2, output: { name: 'slow', attempt: 2 } });
    expect(r.steps.post).toMatchObject({ status: 'in_doubt', attempt: 1 });
    expect(r.steps.final.status).toBe('pending');

    const log = executions(dir);
    expect(log.filter((e) => e[0] === 'first')).toHaveLength(1);
    const slow = log.filter((e) => e[0] === 'slow');
    expect(slow.map((e) => e[1])).toEqual(['1', '2']);
    expect(slow[0]![2]).toBe(slow[1]![2]); // the same idempotency key across the crash
    expect(log.filter((e) => e[0] === 'post')).toHaveLength(1);

    const retried = amas(dir, 'runs', 'retry', runId, 'post', '--json');
    expect(retried.code).toBe(0);
    expect(retried.json()).toMatchObject({ status: 'completed', attempt: 3, outputs: { slow_attempt: 2 }, steps: { post: { status: 'completed', attempt: 2 }, final: { status: 'completed' } } });
    expect(executions(dir).filter((e) => e[0] === 'post').map((e) => e[1])).toEqual(['1', '2']);
    expect(executions(dir).filter((e) => e[0] === 'first')).toHaveLength(1);
    expect(amas(dir, 'runs', 'show', runId, '--json').json().status).toBe('completed');
  }, 60_000);

  it('settles an in_doubt step with skip: it never runs again and the steps needing it are skipped', async () => {
    const dir = project();
    const runId = await crashMidway(dir);
    writeFileSync(join(dir, 'release'), '');
    expect(amas(dir, 'runs', 'resume', runId, '--json').json().waiting).toEqual(['post']);
    expect(amas(dir, 'runs', 'skip', runId, 'first').code).toBe(2);
    const skipped = amas(dir, 'runs', 'skip', runId, 'post', '--json');
    expect(skipped.code).toBe(0);
    expect(skipped.json()).toMatchObject({ status: 'completed', steps: { post: { status: 'skipped', reason: 'skipped by a person' }, final: { status: 'skipped' } } });
    expect(executions(dir).filter((e) => e[0] === 'post')).toHaveLength(1);
  }, 60_000);
});
