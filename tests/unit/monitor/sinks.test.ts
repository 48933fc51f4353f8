import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock, memoryLogger } from '../../../src/core/index.ts';
import { webhookSink, type AlertNotice } from '../../../src/monitor/index.ts';

let server: http.Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** A webhook that answers with the given statuses in turn (then 204) and records the bodies. */
async function hook(statuses: number[]): Promise<{ url: string; bodies: AlertNotice[] }> {
  const bodies: AlertNotice[] = [];
  server = http.createServer((req, res) => {
    let d = '';
    req.on('data', (c: Buffer) => (d += c.toString()));
    req.on('end', () => {
      bodies.push(JSON.parse(d) as AlertNotice);
      res.writeHead(statuses.shift() ?? 204).end();
    });
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/x`, bodies };
}

const notice = (kind: 'alert' | 'recovery', id = 'a1'): AlertNotice => ({
  id, kind, metric: 'cpu_usage', level: kind === 'alert' ? 'critical' : 'ok', previous: kind === 'alert' ? 'ok' : 'critical',
  value: 95, unit: 'percent', threshold: { warning: 70, critical: 90 }, message: 'm', time: 1, project: 'p',
});

/** Lets pending fetches settle, then fires due backoff timers, until the sink is idle. */
async function drive(clock: ManualClock, idle: Promise<void>): Promise<void> {
  let done = false;
  void idle.then(() => (done = true));
  for (let i = 0; i < 200 && !done; i++) {
    await new Promise((r) => setTimeout(r, 5));
    clock.advance(1000);
  }
  await idle;
}

describe('webhook sink', () => {
  it('retries 5xx and 429 with backoff on the clock, in order, then delivers', async () => {
    const h = await hook([503, 429]);
    const clock = new ManualClock();
    const logs: { level: string; msg: string }[] = [];
    const sink = webhookSink({ url: h.url, clock, logger: memoryLogger(logs as never), initialBackoffMs: 1000 });
    sink.send(notice('alert'));
    sink.send(notice('recovery'));
    await drive(clock, sink.idle());
    expect(h.bodies.map((b) => b.kind)).toEqual(['alert', 'alert', 'alert', 'recovery']);
    expect(logs.filter((l) => l.msg === 'alert webhook failed, retrying')).toHaveLength(2);
    sink.close();
  });

  it('gives up at once on a 4xx, and after the last attempt on errors; logs without the query string', async () => {
    const h = await hook([400]);
    const clock = new ManualClock();
    const logs: { level: string; msg: string; fields?: Record<string, unknown> }[] = [];
    const sink = webhookSink({ url: `${h.url}?token=s3cret`, clock, logger: memoryLogger(logs as never), attempts: 3 });
    sink.send(notice('alert'));
    await drive(clock, sink.idle());
    expect(h.bodies).toHaveLength(1);
    const failed = logs.find((l) => l.msg === 'alert webhook failed')!;
    expect(failed.fields).toMatchObject({ attempts: 1, error: 'HTTP 400' });
    expect(JSON.stringify(logs)).not.toContain('s3cret');

    const dead = webhookSink({ url: 'http://127.0.0.1:1/none', clock, logger: memoryLogger(logs as never), attempts: 3 });
    dead.send(notice('alert', 'a2'));
    await drive(clock, dead.idle());
    expect(logs.filter((l) => l.msg === 'alert webhook failed').at(-1)!.fields).toMatchObject({ alert: 'a2', attempts: 3 });
  });
});
