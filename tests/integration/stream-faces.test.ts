// One run path, one event stream: the same workflow started from the CLI (against a running
// `amas up`), the HTTP API, MCP, an event trigger and `openProject` gives the same events in the
// same order on every reader of the stream (`amas events tail`, SSE, the JSON-line log), and each
// run's trigger record names its face. Plus: SSE resume without gap or repeat, and `amas run`
// through the socket as one streaming request.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openProject, type RuntimeEvent } from '../../src/runtime/index.ts';
import { call, connect, data } from './mcp-helpers.ts';
import { amasAsync, sse, tail, type SseMessage, type SseReader, type Tail } from './stream-harness.ts';
import { copyProject, ROOT, startUp, until, type UpChild } from './up-child.ts';

const FIXTURE = path.join(ROOT, 'tests/fixtures/stream/project');
const KEY = 'stream-test-key-0123456789';
const CHAIN = ['run_started', 'step_started', 'step_finished', 'step_started', 'step_finished', 'step_started', 'step_finished', 'run_finished'];

let dir: string;
let up: UpChild | undefined;
let base: string;
let events: SseReader;
let tailer: Tail;
const runs = new Map<string, string>(); // face → run id

function typesOf(list: readonly { type: string; runId?: string }[], runId: string): string[] {
  return list.filter((e) => e.runId === runId).map((e) => e.type);
}
function seqsOf(list: readonly { seq: number; runId?: string }[], runId: string): number[] {
  return list.filter((e) => e.runId === runId).map((e) => e.seq);
}
const finished = (runId: string) => () => events.messages.some((m) => m.data.runId === runId && m.event === 'run_finished');

beforeAll(async () => {
  dir = copyProject(FIXTURE, 'amas-stream-');
  up = await startUp(dir, [], { AMAS_API_KEY: KEY, AMAS_LOG_LEVEL: 'debug' });
  base = up.lines().find((l) => l.msg === 'HTTP API listening')!.url as string;
  events = await sse(`${base}/api/events/stream?since=0`, KEY);
  expect(events.status).toBe(200);
  tailer = tail(dir, ['--format', 'json', '--since', '0']);
  await until(() => up!.lines().some((l) => l.msg === 'control call' && l.method === 'events.stream'), 'events tail to subscribe');
}, 60_000);

afterAll(async () => {
  events?.close();
  if (tailer && tailer.child.exitCode === null) await tailer.stop();
  await up?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the same workflow from every face', () => {
  it('amas run against amas up: one run.start request that streams the run, no status polling', async () => {
    const mark = up!.lines().length;
    const r = await amasAsync(dir, ['run', 'pipeline', dir, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const id = (JSON.parse(r.stdout) as { id: string }).id;
    runs.set('cli', id);
    // Progress lines came from the streamed events, one per step transition, as a local run prints them.
    expect(r.stderr).toContain(`run ${id} started in the running amas up`);
    expect(r.stderr.match(/✓ (one|two|three)/g)).toEqual(['✓ one', '✓ two', '✓ three']);
    const calls = up!.lines().slice(mark).filter((l) => l.msg === 'control call').map((l) => l.method);
    expect(calls).toEqual(['status', 'run.start']);
  });

  it('HTTP: POST /api/workflows/pipeline/runs', async () => {
    const res = await fetch(`${base}/api/workflows/pipeline/runs?wait=true`, { method: 'POST', headers: { authorization: `Bearer ${KEY}` } });
    expect(res.status).toBe(200);
    runs.set('http', ((await res.json()) as { runId: string }).runId);
  });

  it('MCP: the execute_workflow tool', async () => {
    const c = await connect(dir);
    try {
      const r = await call(c.client, 'execute_workflow', { workflow_name: 'pipeline', wait_seconds: 10 });
      const id = data<{ run_id: string; status: string }>(r).run_id;
      runs.set('mcp', id);
      await until(finished(id), 'the MCP run to finish');
    } finally {
      await c.close();
    }
  }, 40_000);

  it('an event trigger (amas emit data_update)', async () => {
    const known = new Set(runs.values());
    const r = await amasAsync(dir, ['emit', 'data_update', dir, '--data', '{"x":1}']);
    expect(r.code, r.stderr).toBe(0);
    const started = await until(() => events.messages.find((m) => m.event === 'run_started' && !known.has(m.data.runId!)), 'the triggered run');
    runs.set('event', started.data.runId!);
    await until(finished(started.data.runId!), 'the triggered run to finish');
  });

  it('every reader saw each run as the same events, in the same order, with the same sequence numbers', async () => {
    await until(() => [...runs.values()].every((id) => tailer.events().some((e) => e.runId === id && e.type === 'run_finished')), 'the tail to catch up');
    const log = up!.lines() as unknown as { seq?: number; type?: string; runId?: string }[];
    const logged = log.filter((l): l is { seq: number; type: string; runId?: string } => typeof l.seq === 'number' && typeof l.type === 'string');
    const sseEvents = events.messages.map((m) => m.data);
    for (const [face, id] of runs) {
      expect(typesOf(sseEvents, id), `${face} on SSE`).toEqual(CHAIN);
      expect(typesOf(tailer.events(), id), `${face} on events tail`).toEqual(CHAIN);
      expect(typesOf(logged, id), `${face} in the JSON log`).toEqual(CHAIN);
      expect(seqsOf(tailer.events(), id)).toEqual(seqsOf(sseEvents, id));
      expect(seqsOf(logged, id)).toEqual(seqsOf(sseEvents, id));
    }
    // SSE ids are the sequence numbers, strictly increasing.
    const ids = events.messages.map((m: SseMessage) => m.id);
    expect(ids).toEqual(events.messages.map((m) => m.data.seq));
    expect(ids.every((v, i) => i === 0 || v > ids[i - 1]!)).toBe(true);
  });
});

describe('SSE resume', () => {
  it('a reader that drops mid-run and comes back with Last-Event-ID misses nothing and repeats nothing; the run stream ends at run_finished', async () => {
    const res = await fetch(`${base}/api/workflows/pipeline/runs`, { method: 'POST', headers: { authorization: `Bearer ${KEY}` } });
    expect(res.status).toBe(202);
    const { runId } = (await res.json()) as { runId: string };
    const first = await sse(`${base}/api/runs/${runId}/stream`, KEY);
    expect(first.status).toBe(200);
    await until(() => first.messages.some((m) => m.event === 'step_finished'), 'the first step to finish');
    first.close();
    const lastId = first.messages.at(-1)!.id;
    // Events go on while nobody listens.
    await until(() => events.messages.some((m) => m.data.runId === runId && m.data.seq > lastId + 1), 'events while disconnected');
    const second = await sse(`${base}/api/runs/${runId}/stream`, KEY, { 'last-event-id': String(lastId) });
    await second.ended; // the server ends a run's stream after run_finished
    expect(second.messages.at(-1)?.event).toBe('run_finished');
    const resumed = [...first.messages, ...second.messages].map((m) => m.id);
    expect(new Set(resumed).size).toBe(resumed.length);
    // The whole run, replayed from the start, is exactly what the two halves hold.
    const whole = await sse(`${base}/api/runs/${runId}/stream`, KEY);
    await whole.ended;
    expect(resumed).toEqual(whole.messages.map((m) => m.id));
    expect(whole.messages.map((m) => m.event)).toEqual(CHAIN);
  }, 30_000);

  it('needs the API key, refuses a bad Last-Event-ID, and a run it does not know is 404', async () => {
    const noKey = await fetch(`${base}/api/events/stream`);
    expect(noKey.status).toBe(401);
    const bad = await sse(`${base}/api/events/stream`, KEY, { 'last-event-id': 'abc' });
    expect(bad.status).toBe(400);
    const unknown = await sse(`${base}/api/runs/run_nope/stream`, KEY);
    expect(unknown.status).toBe(404);
  });

  it('filters by type on the project stream', async () => {
    const only = await sse(`${base}/api/events/stream?since=0&type=run_finished`, KEY);
    await until(() => only.messages.length >= runs.size, 'the replayed run_finished events');
    only.close();
    expect(new Set(only.messages.map((m) => m.event))).toEqual(new Set(['run_finished']));
  });
});

describe('embedding with openProject', () => {
  it('runs through the same path; each run’s trigger record names its face', async () => {
    await tailer.stop();
    events.close();
    await up!.stop();
    up = undefined;
    const project = await openProject(dir);
    try {
      const seen: RuntimeEvent[] = [];
      project.stream.subscribe((e) => seen.push(e));
      const r = await project.run('pipeline');
      expect(r.status).toBe('completed');
      runs.set('embed', r.id);
      expect(typesOf(seen as { type: string; runId?: string }[], r.id)).toEqual(CHAIN);
      const origin = async (id: string) => (await project.store.runs.get(id))?.trigger;
      expect(await origin(runs.get('cli')!)).toEqual({ kind: 'manual', via: 'cli' });
      expect(await origin(runs.get('http')!)).toEqual({ kind: 'manual', via: 'http' });
      expect(await origin(runs.get('mcp')!)).toEqual({ kind: 'manual', via: 'mcp' });
      expect(await origin(runs.get('event')!)).toEqual({ kind: 'event' });
      await project.engine.flush();
      expect(await origin(r.id)).toEqual({ kind: 'manual', via: 'embed' });
    } finally {
      await project.close();
    }
  }, 30_000);
});
