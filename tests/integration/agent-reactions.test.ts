// Agents that react to bus events (`reacts_to`): a real `amas up --no-tui` on a fixture whose
// reactions record what they ran with, driven by `amas emit` and `amas run` through the control socket.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/amas');
const FIXTURE = path.join(ROOT, 'tests/fixtures/up/reactions');

let dir = '';
let up: ChildProcess | undefined;
let stdout = '';

function amas(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, AMAS_DEBUG: '' }, timeout: 15_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function log(): string[] {
  const f = path.join(dir, 'reactions.log');
  return fs.existsSync(f) ? fs.readFileSync(f, 'utf8').split('\n').filter((l) => l !== '') : [];
}

async function until<T>(f: () => T | false | undefined, what: string, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; reactions.log: ${JSON.stringify(log())}; amas up said:\n${stdout.slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Waits long enough for a reaction that should not happen to have happened (each one spawns node). */
const quiet = () => new Promise((r) => setTimeout(r, 1500));

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amas-reactions-'));
  fs.cpSync(FIXTURE, dir, { recursive: true });
  up = spawn(process.execPath, [BIN, 'up', dir, '--no-tui'], { cwd: dir, env: { ...process.env, AMAS_DEBUG: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  up.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  up.stderr!.on('data', (d: Buffer) => (stdout += d.toString()));
  await until(() => stdout.includes('"msg":"amas is up"'), 'amas up to be ready');
  await until(() => amas(['status', dir, '--json']).code === 0, 'the control socket');
});

afterAll(async () => {
  if (up && up.exitCode === null) {
    const done = new Promise((r) => up!.once('exit', r));
    up.kill('SIGTERM');
    await done;
  }
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('reacts_to', () => {
  it('an event that matches `where` runs the capability on the reacting agent with the event data as input; others do not', async () => {
    expect(amas(['emit', 'data_update', dir, '--data', '{"kind":"draft","title":"Not this"}']).code).toBe(0);
    expect(amas(['emit', 'data_update', dir, '--data', '{"kind":"post","title":"Hello"}']).code).toBe(0);
    await until(() => log().includes('archivist Hello'), 'the archivist reaction');
    await quiet();
    expect(log()).toEqual(['archivist Hello']);
  });

  it('input the capability refuses is reported as the reaction failing, and nothing runs', async () => {
    const before = log().length;
    expect(amas(['emit', 'data_update', dir, '--data', '{"kind":"post"}']).code).toBe(0);
    await until(() => stdout.includes('reaction failed'), 'the failure to be logged');
    expect(stdout).toMatch(/"msg":"reaction failed".*"agent":"archivist".*"capability":"file_update"/);
    expect(log().length).toBe(before);
  });

  it("a workflow step's task_complete reaches the reviewer; the reviewer's answer does not start a chain of reactions", async () => {
    fs.rmSync(path.join(dir, 'reactions.log'), { force: true });
    const r = amas(['run', 'post', dir]);
    expect(r.code, r.stderr).toBe(0);
    await until(() => log().includes('reviewer writer'), 'the reviewer reaction');
    await quiet();
    // The writer reacts to task_complete too, and the reviewer's answer is addressed to it: it must not react to it.
    expect(log()).toEqual(['reviewer writer']);
  });

  it('a reload that changes `where` applies to the next event', async () => {
    fs.rmSync(path.join(dir, 'reactions.log'), { force: true });
    const file = path.join(dir, 'agents.d/archivist.yaml');
    const reloads = stdout.split('"msg":"reloaded"').length;
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('where: { kind: post }', 'where: { kind: page }'));
    await until(() => stdout.split('"msg":"reloaded"').length > reloads, 'the reload');
    expect(amas(['emit', 'data_update', dir, '--data', '{"kind":"post","title":"Old kind"}']).code).toBe(0);
    expect(amas(['emit', 'data_update', dir, '--data', '{"kind":"page","title":"New kind"}']).code).toBe(0);
    await until(() => log().includes('archivist New kind'), 'the reaction under the new filter');
    await quiet();
    expect(log()).toEqual(['archivist New kind']);
  });
});
