import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CommandError, KILL_GRACE_MS, commandExecutor } from '../../../src/agents/index.ts';
import type { ExecutorContext } from '../../../src/agents/index.ts';
import { ManualClock, NonRetriableError, memoryLogger } from '../../../src/core/index.ts';
import { existsSync, processGone, readPids, until } from './helpers.ts';

const NODE = process.execPath;
const TREE = path.resolve('tests/fixtures/agents/tree.mjs');

function ctx(over: Partial<ExecutorContext> = {}): ExecutorContext {
  return {
    signal: new AbortController().signal,
    projectDir: process.cwd(),
    project: {},
    agentId: 'runner',
    capability: 'run_it',
    runId: 'run-7',
    workflowId: 'wf',
    stepId: 's1',
    attempt: 2,
    idempotencyKey: 'run-7:s1',
    timeoutMs: 0,
    scope: { input: {}, env: {}, secrets: {}, run: { id: 'run-7', workflow: 'wf', attempt: 2 } },
    logger: memoryLogger([]),
    ...over,
  };
}

describe('command executor output', () => {
  it('parses JSON stdout in auto mode and keeps text as text', async () => {
    await expect(commandExecutor([NODE, '-e', 'console.log(JSON.stringify({a: [1, 2]}))'], {}, ctx())).resolves.toEqual({ a: [1, 2] });
    await expect(commandExecutor([NODE, '-e', 'console.log("hello world")'], {}, ctx())).resolves.toBe('hello world');
    await expect(commandExecutor({ argv: [NODE, '-e', 'console.log("42")'], parse: 'text' }, {}, ctx())).resolves.toBe('42');
    await expect(commandExecutor({ argv: [NODE, '-e', 'console.log("42")'], parse: 'json' }, {}, ctx())).resolves.toBe(42);
  });

  it('fails clearly when parse: json gets something else', async () => {
    await expect(commandExecutor({ argv: [NODE, '-e', 'console.log("not json")'], parse: 'json' }, {}, ctx())).rejects.toThrow(
      /did not print JSON.*not json/,
    );
  });

  it('renders argv items from the input and never runs a shell by default', async () => {
    const scope = { input: { word: '$HOME; echo injected' } };
    const out = await commandExecutor([NODE, '-e', 'console.log(JSON.stringify(process.argv.slice(1)))', '${{ input.word }}'], {}, ctx({ scope }));
    expect(out).toEqual(['$HOME; echo injected']);
  });

  it('runs through /bin/sh -c with shell: true', async () => {
    const out = await commandExecutor({ argv: ['printf', "'a\\nb\\nc\\n'", '|', 'wc', '-l'], shell: true, parse: 'text' }, {}, ctx());
    expect(String(out).trim()).toBe('3');
  });

  it('writes stdin as text, or as JSON for other values', async () => {
    const echo = [NODE, '-e', 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>process.stdout.write(s))'] as [string, ...string[]];
    await expect(commandExecutor({ argv: echo, stdin: 'plain ${{ input.x }}', parse: 'text' }, {}, ctx({ scope: { input: { x: 'text' } } }))).resolves.toBe(
      'plain text',
    );
    await expect(commandExecutor({ argv: echo, stdin: '${{ input }}' }, {}, ctx({ scope: { input: { x: [1, 'two'] } } }))).resolves.toEqual({ x: [1, 'two'] });
  });

  it('merges env over the process environment and exposes the run identity', async () => {
    const out = (await commandExecutor(
      {
        argv: [NODE, '-e', 'const e=process.env;console.log(JSON.stringify({g:e.GREETING,p:!!e.PATH,r:e.AMAS_RUN_ID,a:e.AMAS_ATTEMPT,k:e.AMAS_IDEMPOTENCY_KEY}))'],
        env: { GREETING: 'hi ${{ input.name }}' },
      },
      {},
      ctx({ scope: { input: { name: 'ada' } } }),
    )) as Record<string, unknown>;
    expect(out).toEqual({ g: 'hi ada', p: true, r: 'run-7', a: '2', k: 'run-7:s1' });
  });

  it('runs in cwd relative to the project directory', async () => {
    const project = mkdtempSync(path.join(tmpdir(), 'amas-cmd-'));
    mkdirSync(path.join(project, 'sub'));
    writeFileSync(path.join(project, 'sub', 'data.txt'), 'from sub');
    const out = await commandExecutor({ argv: ['cat', 'data.txt'], cwd: 'sub' }, {}, ctx({ projectDir: project }));
    expect(out).toBe('from sub');
    await expect(commandExecutor({ argv: ['true'], cwd: 'missing' }, {}, ctx({ projectDir: project }))).rejects.toThrow(/does not exist/);
  });
});

describe('command executor failures', () => {
  it('turns a non-zero exit into an error carrying the code and stderr', async () => {
    const err = await commandExecutor([NODE, '-e', 'console.error("disk quota exceeded"); process.exit(3)'], {}, ctx()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CommandError);
    expect(err).not.toBeInstanceOf(NonRetriableError);
    expect((err as CommandError).exitCode).toBe(3);
    expect((err as CommandError).message).toMatch(/exited with code 3: disk quota exceeded/);
    expect((err as CommandError).stderr).toContain('disk quota exceeded');
  });

  it('refuses a program that does not exist without retrying', async () => {
    const err = await commandExecutor(['amas-no-such-program-xyz'], {}, ctx()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NonRetriableError);
    expect((err as Error).message).toMatch(/cannot be run \(ENOENT\)/);
  });

  it('fails clearly when stdout passes the size bound', async () => {
    const err = await commandExecutor(['head', '-c', '17000000', '/dev/zero'], {}, ctx()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NonRetriableError);
    expect((err as Error).message).toMatch(/more than 16 MB on stdout/);
  });

  it('rejects at once when the signal is already aborted, without spawning', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'amas-cmd-'));
    const ac = new AbortController();
    ac.abort(new Error('cancelled by user'));
    const file = path.join(dir, 'ran');
    await expect(commandExecutor(['touch', file], {}, ctx({ signal: ac.signal }))).rejects.toThrow('cancelled by user');
    expect(existsSync(file)).toBe(false);
  });
});

describe('command executor kills the whole process tree', () => {
  it('on abort: parent and grandchild are gone when the promise settles', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'amas-tree-'));
    const pidFile = path.join(dir, 'pids.json');
    const ac = new AbortController();
    const running = commandExecutor([NODE, TREE, pidFile], {}, ctx({ signal: ac.signal }));
    await until(() => existsSync(pidFile), 'the process tree to start');
    const pids = readPids(pidFile);
    expect(processGone(pids.parent)).toBe(false);
    expect(processGone(pids.child)).toBe(false);
    ac.abort(new Error('run cancelled'));
    await expect(running).rejects.toThrow('run cancelled');
    await until(() => processGone(pids.parent) && processGone(pids.child), 'both processes to be reaped', 2000);
  });

  it('on timeout (injected clock): the tree is killed and the error says it timed out', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'amas-tree-'));
    const pidFile = path.join(dir, 'pids.json');
    const clock = new ManualClock();
    const running = commandExecutor([NODE, TREE, pidFile], {}, ctx({ clock, timeoutMs: 30_000 }));
    await until(() => existsSync(pidFile), 'the process tree to start');
    const pids = readPids(pidFile);
    clock.advance(29_999);
    expect(processGone(pids.parent)).toBe(false);
    clock.advance(1);
    await expect(running).rejects.toThrow(/timed out after 30000ms/);
    await until(() => processGone(pids.parent) && processGone(pids.child), 'both processes to be reaped', 2000);
  });

  it('escalates to SIGKILL after the grace when the tree ignores SIGTERM', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'amas-tree-'));
    const pidFile = path.join(dir, 'pids');
    const clock = new ManualClock();
    const script = `trap '' TERM; sleep 30 & echo "$$ $!" > ${pidFile}.tmp; mv ${pidFile}.tmp ${pidFile}; wait; wait`;
    const settled: string[] = [];
    const running = commandExecutor(['sh', '-c', script], {}, ctx({ clock, timeoutMs: 1000 })).catch((e: Error) => {
      settled.push(e.message);
    });
    await until(() => existsSync(pidFile), 'the shell to start');
    const [shPid, sleepPid] = (await import('node:fs')).readFileSync(pidFile, 'utf8').trim().split(' ').map(Number) as [number, number];
    clock.advance(1000); // SIGTERM: ignored
    await new Promise((r) => setTimeout(r, 100));
    expect(processGone(shPid)).toBe(false);
    expect(settled).toEqual([]);
    clock.advance(KILL_GRACE_MS); // SIGKILL to the group
    await running;
    expect(settled[0]).toMatch(/timed out after 1000ms/);
    await until(() => processGone(shPid) && processGone(sleepPid), 'both processes to be reaped', 2000);
  });
});
