// The SSE endpoints' limits through a real `amas up` whose amas.yaml sets them small
// (tests/fixtures/sse/project: 2 streams, a 200ms heartbeat, 16 KiB unread per reader, 100 events
// held): the stream past the cap is refused and a freed slot is reusable; a reader that stops
// reading is dropped with what it held bounded while another reader receives everything;
// heartbeats arrive on an idle stream; filters and a resume point older than the held window
// give a `gap` message naming what is missing, then the held events (docs/operations.md).
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sse, type SseMessage } from './stream-harness.ts';
import { copyProject, ROOT, startUp, until, type UpChild } from './up-child.ts';

const FIXTURE = path.join(ROOT, 'tests/fixtures/sse/project');
const KEY = 'sse-hardening-key-0123456789';
const MAX_BUFFERED = 16_384;

let dir: string;
let up: UpChild | undefined;
let base: string;

/** A stream read as raw text (comments included), or left unread once `paused`. */
interface RawStream {
  status: number;
  text(): string;
  res: http.IncomingMessage;
  closed: Promise<void>;
  close(): void;
}

function raw(url: string, headers: Record<string, string> = {}): Promise<RawStream> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { authorization: `Bearer ${KEY}`, accept: 'text/event-stream', ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      const closed = new Promise<void>((done) => {
        res.on('close', () => done());
        res.on('error', () => done());
      });
      resolve({ status: res.statusCode ?? 0, text: () => text, res, closed, close: () => req.destroy() });
    });
    req.on('error', reject);
  });
}

async function startRun(workflow: string, text: string): Promise<string> {
  const res = await fetch(`${base}/api/workflows/${workflow}/runs?wait=true`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ text }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { runId: string }).runId;
}

/** Opens streams until one is let in: the server frees a closed stream's slot when it sees the close. */
async function openWhenFree(url: string): Promise<Awaited<ReturnType<typeof sse>>> {
  for (let i = 0; i < 100; i++) {
    const s = await sse(url, KEY);
    if (s.status === 200) return s;
    s.close();
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('no stream slot came free');
}

beforeAll(async () => {
  dir = copyProject(FIXTURE, 'amas-sse-');
  up = await startUp(dir, [], { AMAS_API_KEY: KEY });
  base = up.lines().find((l) => l.msg === 'HTTP API listening')!.url as string;
}, 60_000);

afterAll(async () => {
  await up?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('SSE limits set in amas.yaml', () => {
  it('the stream past max_streams is answered 429 with Retry-After; a closed stream frees its slot', async () => {
    const a = await sse(`${base}/api/events/stream`, KEY);
    const b = await sse(`${base}/api/runs/${await startRun('echo', 'x')}/stream`, KEY);
    // b is a finished run's stream: it ends by itself and gives its slot back.
    await b.ended;
    const c = await openWhenFree(`${base}/api/events/stream`);
    expect([a.status, b.status, c.status]).toEqual([200, 200, 200]);
    const refused = await fetch(`${base}/api/events/stream`, { headers: { authorization: `Bearer ${KEY}` } });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(JSON.stringify(await refused.json())).toContain('too_many_streams');
    a.close();
    const d = await openWhenFree(`${base}/api/events/stream`);
    expect(d.status).toBe(200);
    c.close();
    d.close();
  }, 30_000);

  it('an idle stream gets a keep-alive line every heartbeat', async () => {
    const s = await raw(`${base}/api/events/stream?type=run_refused`);
    expect(s.status).toBe(200);
    await until(() => (s.text().match(/^: keep-alive$/gm) ?? []).length >= 3, 'three heartbeats', 10_000);
    s.close();
    await s.closed;
  }, 20_000);

  it('a reader that stops reading is disconnected holding at most max_buffered_bytes plus one message; another reader receives every event', async () => {
    const slow = await raw(`${base}/api/events/stream?type=run_finished`);
    expect(slow.status).toBe(200);
    slow.res.pause();
    const fast = await openWhenFree(`${base}/api/events/stream?type=run_finished`);
    // The log holds every event, 200 KB ones included, and may end mid-line: only whole lines
    // that name the drop are parsed.
    const mark = up!.stdout().length;
    const drops = () =>
      up!
        .stdout()
        .slice(mark)
        .split('\n')
        .filter((l) => l.startsWith('{') && l.endsWith('}') && l.includes('SSE reader too slow'))
        .map((l) => JSON.parse(l) as { msg: string; buffered: number });
    const big = 'x'.repeat(200_000);
    const ids: string[] = [];
    // Each run_finished carries its 200 KB output: a few dozen fill the kernel's socket buffers
    // of the paused reader, then the server's own buffer passes the limit.
    for (let i = 0; i < 60 && drops().length === 0; i++) ids.push(await startRun('echo', `${i}${big}`));
    const dropped = await until(() => drops()[0], 'the slow reader to be dropped');
    expect(drops()).toHaveLength(1); // the fast reader was never dropped
    expect(dropped.buffered).toBeGreaterThan(MAX_BUFFERED);
    // The dropped reader's connection is over: reading again drains what was sent and ends.
    slow.res.resume();
    await slow.closed;
    // The other reader missed nothing, in order.
    await until(() => fast.messages.length >= ids.length, 'the fast reader to see every run', 20_000);
    expect(fast.messages.map((m) => m.data.runId)).toEqual(ids);
    // What the runtime held for the dropped reader: under the limit plus the one message whose
    // write crossed it (an SSE frame is its data line and a few short fields).
    const largest = Math.max(...fast.messages.map((m) => Buffer.byteLength(JSON.stringify(m.data)) + 64));
    expect(dropped.buffered).toBeLessThanOrEqual(MAX_BUFFERED + largest);
    fast.close();
    // The server still serves new streams and runs.
    const after = await openWhenFree(`${base}/api/events/stream`);
    after.close();
  }, 120_000);

  it('filters and a resume point older than the held window: a gap message naming the missing range, then only matching held events', async () => {
    const first = await startRun('echo', 'first');
    const ids: { id: string; wf: string }[] = [];
    for (let i = 0; i < 40; i++) {
      const wf = i % 2 === 0 ? 'echo' : 'other';
      ids.push({ id: await startRun(wf, `run ${i}`), wf });
    }
    // The project stream, resumed from 1 with `since`, filtered by type and workflow.
    const s = await openWhenFree(`${base}/api/events/stream?since=1&type=run_finished&workflow=echo`);
    await until(() => s.messages.some((m) => m.data.runId === ids[ids.length - 2]!.id), 'the last echo run', 10_000);
    s.close();
    const [gap, ...rest] = s.messages;
    expect(gap!.event).toBe('gap');
    expect(Number.isNaN(gap!.id)).toBe(true); // no id: Last-Event-ID stays where the client was
    const g = gap!.data as unknown as { type: string; after: number; firstHeld: number };
    expect(g).toMatchObject({ type: 'gap', after: 1 });
    expect(g.firstHeld).toBeGreaterThan(2);
    expect(rest.length).toBeGreaterThan(0);
    expect(rest.every((m: SseMessage) => m.event === 'run_finished' && m.data.workflow === 'echo' && m.id >= g.firstHeld)).toBe(true);
    const seqs = rest.map((m) => m.id);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    const echoIds = ids.filter((r) => r.wf === 'echo').map((r) => r.id);
    expect(rest.map((m) => m.data.runId)).toEqual(echoIds.slice(echoIds.length - rest.length));

    // A run whose events all left the window, resumed with Last-Event-ID: the gap, then the end.
    const old = await sse(`${base}/api/runs/${first}/stream`, KEY, { 'last-event-id': '1' });
    expect(old.status).toBe(200);
    await old.ended;
    expect(old.messages.map((m) => m.event)).toEqual(['gap']);

    // Within the window a `run` filter resumes with no gap: exactly that run's events.
    const last = ids[ids.length - 1]!.id;
    const within = await openWhenFree(`${base}/api/events/stream?since=${g.firstHeld}&run=${last}`);
    await until(() => within.messages.some((m) => m.event === 'run_finished'), 'the run filter to replay the run', 10_000);
    within.close();
    expect(within.messages.some((m) => m.event === 'gap')).toBe(false);
    expect(within.messages.every((m) => m.data.runId === last)).toBe(true);
    expect(within.messages[0]!.event).toBe('run_started');
  }, 120_000);

  it('amas validate refuses a heartbeat outside 100ms–10m (AMAS361)', async () => {
    const yaml = fs.readFileSync(path.join(dir, 'amas.yaml'), 'utf8');
    const bad = copyProject(FIXTURE, 'amas-sse-bad-');
    try {
      fs.writeFileSync(path.join(bad, 'amas.yaml'), yaml.replace('heartbeat: 200ms', 'heartbeat: 20m'));
      const { amasIn } = await import('./up-child.ts');
      const r = amasIn(bad, ['validate', bad]);
      expect(r.code).toBe(1);
      expect(r.stdout + r.stderr).toContain('AMAS361');
      expect(r.stdout + r.stderr).toContain('longer than 10m');
    } finally {
      fs.rmSync(bad, { recursive: true, force: true });
    }
  });
});
