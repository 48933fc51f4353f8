import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/core/index.ts';
import { Runtime } from '../../src/runtime/index.ts';

// amas status | schedule | events | emit, first with no runtime (they read the spec and the
// store), then with a Runtime in this process serving the control socket: same --json shapes.
// The CLI runs as a child process, spawned asynchronously so this process keeps serving.

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/amas');
let dir: string;
let rt: Runtime | undefined;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amas-status-'));
  fs.cpSync(path.join(ROOT, 'tests/fixtures/up/basic'), dir, { recursive: true });
});
afterAll(async () => {
  await rt?.stop(0);
  fs.rmSync(dir, { recursive: true, force: true });
});

function amas(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env: { ...process.env, AMAS_DEBUG: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function json<T>(args: string[]): Promise<T> {
  const r = await amas([...args, '--json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as T;
}

/**
 * Where two JSON values differ in shape: object keys and value types, recursively. null (an
 * unknown or not-yet value) and an empty array (no items to compare) match anything.
 */
function shapeDiff(a: unknown, b: unknown, at = '$'): string[] {
  if (a === null || b === null) return [];
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b)) return [`${at}: array vs not`];
    return a.length && b.length ? shapeDiff(a[0], b[0], `${at}[0]`) : [];
  }
  if (typeof a !== typeof b) return [`${at}: ${typeof a} vs ${typeof b}`];
  if (typeof a !== 'object') return [];
  const ka = Object.keys(a as object).sort();
  const kb = Object.keys(b as object).sort();
  if (ka.join() !== kb.join()) return [`${at}: keys ${ka.join(',')} vs ${kb.join(',')}`];
  return ka.flatMap((k) => shapeDiff((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${at}.${k}`));
}

type Entry = { workflowId: string; paused: boolean; nextFire?: number; cron: string; timezone: string; misfire: string };
let offline: { status: Snapshot; schedule: Entry[] };

describe('without a runtime', () => {
  it('status answers from the spec and the store: state offline, agents offline, next fires from the cron spec', async () => {
    const s = await json<Snapshot>(['status', dir]);
    expect(s.state).toBe('offline');
    expect(s.agents.map((a) => [a.id, a.status, a.capabilities])).toEqual([['worker', 'offline', ['stamp', 'record']]]);
    expect(s.workflows.map((w) => w.id).sort()).toEqual(['deploy', 'hello', 'tick']);
    const tick = s.workflows.find((w) => w.id === 'tick')!;
    // `* * * * * *`: the next whole second.
    expect(tick.nextFire! - s.takenAt).toBeGreaterThan(0);
    expect(tick.nextFire! - s.takenAt).toBeLessThanOrEqual(1000);
    expect(tick.nextFire! % 1000).toBe(0);
    expect(s.lastReload).toMatchObject({ ok: true });
    const text = await amas(['status', dir]);
    expect(text.stdout).toMatch(/not running/);
    expect(text.stdout).toMatch(/worker\s+offline/);
  });

  it('schedule pause writes the stored flag; list shows it', async () => {
    const paused = await json<Entry[]>(['schedule', 'pause', 'tick', dir]);
    expect(paused).toEqual([{ workflowId: 'tick', triggerKey: 'cron:* * * * * *@UTC', cron: '* * * * * *', timezone: 'UTC', paused: true, misfire: 'run-once' }]);
    const list = await json<Entry[]>(['schedule', dir]);
    expect(list).toEqual(paused);
    offline = { status: await json<Snapshot>(['status', dir]), schedule: list };
    expect(offline.status.workflows.find((w) => w.id === 'tick')).toMatchObject({ paused: true, nextFire: null });
  });

  it('bad usage exits 2; emit and events tail need a runtime (exit 1)', async () => {
    expect((await amas(['schedule', 'pause', 'nope', dir])).code).toBe(2);
    expect((await amas(['schedule', 'pause'])).code).toBe(2);
    expect((await amas(['emit', 'no_such_type', dir])).code).toBe(2);
    expect((await amas(['emit', 'data_update', dir, '--data', '{bad'])).code).toBe(2);
    const emit = await amas(['emit', 'data_update', dir, '--data', '{}']);
    expect(emit.code).toBe(1);
    expect(emit.stderr).toMatch(/AMAS_NOT_RUNNING/);
    const tail = await amas(['events', 'tail', dir]);
    expect(tail.code).toBe(1);
    expect(await json<unknown[]>(['events', dir])).toEqual([]);
  });
});

describe('with a runtime serving the control socket', () => {
  beforeAll(async () => {
    rt = await Runtime.start(dir, { watch: false });
  });

  it('status and schedule give the same --json shapes; the stored pause was picked up', async () => {
    const s = await json<Snapshot>(['status', dir]);
    expect(s.state).toBe('running');
    expect(shapeDiff(s, offline.status)).toEqual([]);
    expect(s.agents.map((a) => [a.id, a.status])).toEqual([['worker', 'idle']]);
    expect(s.workflows.find((w) => w.id === 'tick')).toMatchObject({ paused: true, nextFire: null });
    const list = await json<Entry[]>(['schedule', dir]);
    expect(list).toEqual(offline.schedule);
  });

  it('schedule resume goes to the runtime: cron fires again', async () => {
    const resumed = await json<Entry[]>(['schedule', 'resume', 'tick', dir]);
    expect(resumed[0]).toMatchObject({ workflowId: 'tick', paused: false });
    expect(resumed[0]?.nextFire).toBeGreaterThan(Date.now() - 1000);
    await rt!.pause('tick');
  });

  it('emit publishes; events lists it; events tail follows live events until SIGINT', async () => {
    const child = spawn(process.execPath, [BIN, 'events', 'tail', dir, '--type', 'agent_message', '--json'], { cwd: dir });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    // Wait until the tail has subscribed (the runtime counts its subscribers' events via the bus).
    const end = Date.now() + 10_000;
    let n = 0;
    while (!out.includes('"n":')) {
      if (Date.now() > end) throw new Error(`tail printed nothing: ${out}`);
      rt!.publish({ type: 'agent_message', source: 'test', data: { n: n++ } });
      await new Promise((r) => setTimeout(r, 100));
    }
    const emitted = await json<{ id: string }>(['emit', 'agent_message', dir, '--data', '{"hello":"tail"}', '--priority', 'high']);
    while (!out.includes(emitted.id)) {
      if (Date.now() > end) throw new Error(`tail did not show ${emitted.id}: ${out}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill('SIGINT');
    expect(await closed).toBe(0);
    // Stream events: the bus events of the asked type, each once, in sequence order.
    const lines = out.trim().split('\n').map((l) => JSON.parse(l) as { seq: number; type: string; event: { id: string; type: string; priority: string; data: unknown } });
    expect(lines.every((e) => e.type === 'bus_event' && e.event.type === 'agent_message')).toBe(true);
    expect(new Set(lines.map((e) => e.event.id)).size).toBe(lines.length);
    expect(lines.map((e) => e.seq)).toEqual([...lines.map((e) => e.seq)].sort((a, b) => a - b));
    expect(lines.find((e) => e.event.id === emitted.id)?.event).toMatchObject({ priority: 'high', data: { hello: 'tail' } });

    const listed = await json<{ id: string; type: string }[]>(['events', dir, '--type', 'agent_message']);
    expect(listed.at(-1)?.id).toBe(emitted.id);
    expect(await json<unknown[]>(['events', dir, '--dead-letters'])).toBeInstanceOf(Array);
  });

  it('after the runtime stops, events come from the store in the same shape', async () => {
    const live = await json<object[]>(['events', dir, '--type', 'agent_message', '--limit', '1']);
    await rt!.stop(0);
    rt = undefined;
    const stored = await json<object[]>(['events', dir, '--type', 'agent_message', '--limit', '1']);
    expect(stored).toEqual(live);
    const s = await json<Snapshot>(['status', dir]);
    expect(s.state).toBe('offline');
  });
});
