import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/index.ts';
import { Runtime } from '../../../src/runtime/index.ts';
import type { EmbeddedBackend } from '../../../src/store/index.ts';

// store.retention and runtime.cleanup_interval through the real Runtime and store, on a manual clock.

const MINUTE = 60_000;
const dirs: string[] = [];
const live: Runtime[] = [];
afterEach(async () => {
  for (const rt of live.splice(0)) await rt.stop(0);
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function project(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amas-cleanup-'));
  dirs.push(dir);
  fs.mkdirSync(path.join(dir, 'agents.d'));
  fs.mkdirSync(path.join(dir, 'workflows.d'));
  fs.writeFileSync(path.join(dir, 'amas.yaml'), 'apiVersion: amas/v1\nname: cleanup\nstore: { retention: 1h }\nruntime: { cleanup_interval: 10m }\n');
  fs.writeFileSync(path.join(dir, 'agents.d/a.yaml'), 'apiVersion: amas/v1\nid: a\ncapabilities:\n  noop:\n    run:\n      template: { ok: true }\n');
  fs.writeFileSync(path.join(dir, 'workflows.d/w.yaml'), 'apiVersion: amas/v1\nid: w\nsteps:\n  - id: s\n    task: noop\n');
  return dir;
}

async function finishedRun(rt: Runtime): Promise<string> {
  const { runId } = rt.startRun({ workflow: 'w', inputs: {}, origin: { kind: 'manual' } });
  expect((await rt.waitFor(runId))?.status).toBe('completed');
  await rt.project.engine.flush();
  return runId;
}

it('prunes finished runs and events past store.retention and expired knowledge, every cleanup_interval', async () => {
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const rt = await Runtime.start(project(), { clock, control: false, watch: false });
  live.push(rt);
  const { store } = rt.project;
  const old = await finishedRun(rt);
  await store.events.append({ id: 'ev-old', type: 'system_status', priority: 'normal', source: 'test', target: null, data: {}, createdAt: clock.now(), expiresAt: null });
  await store.knowledge.store({ category: 'notes', content: { n: 1 }, ttlMs: 30 * MINUTE });
  await store.knowledge.store({ category: 'notes', content: { n: 2 } });

  const minutes = async (n: number) => {
    for (let i = 0; i < n; i += 10) {
      clock.advance(10 * MINUTE); // one cleanup is due every 10 minutes
      await rt.cleanup.idle();
    }
  };
  await minutes(50);
  const recent = await finishedRun(rt);
  expect(await store.runs.get(old)).toBeDefined(); // 50 minutes old: kept
  // The 30-minute entry expired (reads hide it at once) and is gone from the table too.
  expect((store as EmbeddedBackend).store.read((db) => db.get<{ n: number }>("SELECT count(*) AS n FROM knowledge WHERE category = 'notes'"))?.n).toBe(1);

  await minutes(20); // 70 minutes: the first run and the event are past the hour
  expect(await store.runs.get(old)).toBeUndefined();
  expect(await store.runs.steps(old)).toEqual([]);
  expect((await store.runs.get(recent))?.status).toBe('completed');
  expect((await store.events.list()).map((e) => e.id)).not.toContain('ev-old');
});

it('never prunes an unfinished run, however old', async () => {
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const rt = await Runtime.start(project(), { clock, control: false, watch: false });
  live.push(rt);
  const { store } = rt.project;
  await store.runs.upsert({ id: 'run_stuck', workflowId: 'w', status: 'running', createdAt: clock.now() - 90 * 24 * 60 * MINUTE, startedAt: clock.now() - 90 * 24 * 60 * MINUTE });
  expect(await rt.cleanup.run()).toEqual({ knowledge: 0, bookkeeping: 0, runs: 0, events: 0 });
  expect((await store.runs.get('run_stuck'))?.status).toBe('running');
});

it('keeps the engine’s bookkeeping entries for store.bookkeeping_retention (default 30 days), other knowledge as long as it lives', async () => {
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const dir = project();
  fs.writeFileSync(path.join(dir, 'amas.yaml'), 'apiVersion: amas/v1\nname: cleanup\nruntime: { cleanup_interval: 1d }\n');
  // No monitor: its 30 s samples would be thousands of timers over a month of manual clock.
  const rt = await Runtime.start(dir, { clock, control: false, watch: false, monitoring: { monitor: false, http: false } });
  live.push(rt);
  const { store } = rt.project;
  await finishedRun(rt);
  await store.knowledge.store({ category: 'notes', content: { keep: true } });
  const count = (category: string) => store.knowledge.count({ category });
  expect(await count('workflow_execution')).toBe(1);
  const days = async (n: number) => {
    for (let i = 0; i < n; i++) {
      clock.advance(24 * 60 * MINUTE);
      await rt.cleanup.idle();
    }
  };
  await days(29);
  expect(await count('workflow_execution')).toBe(1);
  await days(2);
  expect(await count('workflow_execution')).toBe(0);
  expect(await count('notes')).toBe(1);
});
