import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFixture, type Harness } from './http-api-harness.ts';
import { AmasError } from '../../src/core/index.ts';

const KEY = 'test-key-0123456789';
let h: Harness;
let base: string;

const auth = { authorization: `Bearer ${KEY}` };
const json = { ...auth, 'content-type': 'application/json' };

beforeAll(async () => {
  h = await startFixture({ AMAS_API_KEY: KEY }, { http: '127.0.0.1:0' });
  base = h.rt.monitoring!.http!.url;
});
afterAll(async () => {
  await h?.close();
});
// Rate-limit windows are one minute of the injected clock: each test starts with a fresh one.
beforeEach(() => h.clock.advance(60_000));

describe('HTTP API', () => {
  it('listens on loopback at the asked port 0 (a real port)', () => {
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(base.endsWith(':0')).toBe(false);
  });

  it('refuses requests without or with a wrong API key (401), accepts the right one', async () => {
    const none = await fetch(`${base}/metrics`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toContain('Bearer');
    expect(((await none.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    const wrong = await fetch(`${base}/api/runs/run_x`, { headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
    const post = await fetch(`${base}/api/workflows/greet/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"x"}' });
    expect(post.status).toBe(401);
    const ok = await fetch(`${base}/metrics`, { headers: auth });
    expect(ok.status).toBe(200);
  });

  it('GET /health: bare status without the key, the full report with it', async () => {
    const bare = await fetch(`${base}/health`);
    expect(bare.status).toBe(200);
    const b = (await bare.json()) as Record<string, unknown>;
    expect(b.status).toBe('healthy');
    expect(b.metrics).toBeUndefined();
    const full = (await (await fetch(`${base}/health`, { headers: auth })).json()) as { status: string; metrics: Record<string, { unit: string; status: string }>; counts: Record<string, number> };
    expect(full.status).toBe('healthy');
    expect(full.metrics.agent_failure_rate).toMatchObject({ unit: 'ratio', status: 'healthy' });
    expect(full.metrics.cpu_usage).toMatchObject({ value: 5, unit: 'percent' });
    expect(full.counts.agents).toBe(1);
  });

  it('a webhook starts a run (202) whose result is then fetched with GET /api/runs/{id}', async () => {
    const res = await fetch(`${base}/api/workflows/greet/runs`, { method: 'POST', headers: json, body: JSON.stringify({ name: 'ada' }) });
    expect(res.status).toBe(202);
    const { runId, status } = (await res.json()) as { runId: string; status: string };
    expect(status).toBe('running');
    expect(res.headers.get('location')).toBe(`/api/runs/${runId}`);
    await h.rt.waitFor(runId);
    const got = await fetch(`${base}/api/runs/${runId}`, { headers: auth });
    expect(got.status).toBe(200);
    const body = (await got.json()) as { run: { status: string; outputs: unknown; workflowId: string }; steps: { stepId: string; status: string }[] };
    expect(body.run).toMatchObject({ status: 'completed', workflowId: 'greet', outputs: { greeting: 'HELLO ADA' } });
    expect(body.steps.map((s) => [s.stepId, s.status]).sort()).toEqual([['hello', 'completed'], ['loud', 'completed']]);
  });

  it('?wait=true answers with the run result', async () => {
    const res = await fetch(`${base}/api/workflows/greet/runs?wait=true`, { method: 'POST', headers: json, body: JSON.stringify({ name: 'bo' }) });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { runId: string; result: { status: string; outputs: unknown } };
    expect(body.result).toMatchObject({ status: 'completed', outputs: { greeting: 'HELLO BO' } });
  });

  it('unknown workflow 404, unknown run 404, unknown input 400, non-object body 400', async () => {
    const wf = await fetch(`${base}/api/workflows/gret/runs`, { method: 'POST', headers: json, body: '{}' });
    expect(wf.status).toBe(404);
    expect(((await wf.json()) as { error: { message: string } }).error.message).toContain('did you mean "greet"');
    expect((await fetch(`${base}/api/runs/run_nope`, { headers: auth })).status).toBe(404);
    const input = await fetch(`${base}/api/workflows/greet/runs`, { method: 'POST', headers: json, body: JSON.stringify({ nme: 'x' }) });
    expect(input.status).toBe(400);
    expect(((await input.json()) as { error: { message: string } }).error.message).toContain('unknown input "nme"');
    const arr = await fetch(`${base}/api/workflows/greet/runs`, { method: 'POST', headers: json, body: '[1,2]' });
    expect(arr.status).toBe(400);
    // Nothing was started by the refused requests.
    expect(h.rt.builder.activeRunIds()).toEqual([]);
  });

  it('malformed JSON is a 400 with a message', async () => {
    const res = await fetch(`${base}/api/events`, { method: 'POST', headers: json, body: '{"type": "data_update",' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.message.length).toBeGreaterThan(5);
  });

  it('an oversized body is a 413 and does not reach the handler', async () => {
    const before = h.rt.project.bus.stats().published;
    const res = await fetch(`${base}/api/events`, { method: 'POST', headers: json, body: JSON.stringify({ type: 'data_update', data: { blob: 'x'.repeat(4096) } }) });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('body_too_large');
    expect(h.rt.project.bus.stats().published).toBe(before);
  });

  it('POST /api/events validates the event and publishes it on the bus', async () => {
    const bad = await fetch(`${base}/api/events`, { method: 'POST', headers: json, body: JSON.stringify({ type: 'nonsense' }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain('type');
    const extra = await fetch(`${base}/api/events`, { method: 'POST', headers: json, body: JSON.stringify({ type: 'data_update', colour: 'red' }) });
    expect(extra.status).toBe(400);
    const res = await fetch(`${base}/api/events`, { method: 'POST', headers: json, body: JSON.stringify({ type: 'data_update', data: { data_type: 'x' } }) });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    const ev = h.rt.project.bus.history({ type: 'data_update' }).find((e) => e.id === id);
    expect(ev).toMatchObject({ source: 'http', data: { data_type: 'x' } });
  });

  it('past the rate limit: 429 with Retry-After, and a new window lets requests through again', async () => {
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 21; i++) {
      last = await fetch(`${base}/health`, { headers: auth });
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 20).every((s) => s === 200)).toBe(true);
    expect(statuses[20]).toBe(429);
    expect(Number(last!.headers.get('retry-after'))).toBe(60);
    h.clock.advance(15_000);
    const again = await fetch(`${base}/health`, { headers: auth });
    expect(again.status).toBe(429);
    expect(Number(again.headers.get('retry-after'))).toBe(45);
    h.clock.advance(45_000);
    expect((await fetch(`${base}/health`, { headers: auth })).status).toBe(200);
  });

  it('clients without a key are limited by address, apart from the key holder', async () => {
    for (let i = 0; i < 20; i++) await fetch(`${base}/metrics`);
    const limited = await fetch(`${base}/metrics`);
    expect(limited.status).toBe(429);
    expect((await fetch(`${base}/metrics`, { headers: auth })).status).toBe(200);
  });
});

describe('HTTP API configuration', () => {
  it('refuses to start when http.api_key is configured but its secret is unset', async () => {
    const err = await startFixture({}, { http: '127.0.0.1:0' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AmasError);
    expect(err).toMatchObject({ code: 'AMAS_HTTP_NO_KEY' });
  });

  it('without http.api_key in amas.yaml, AMAS_API_KEY from the environment is the key', async () => {
    const h2 = await startFixture({ AMAS_API_KEY: 'from-env-key' }, { http: '127.0.0.1:0' }, (y) => y.replace(/\nhttp:[\s\S]*$/, '\n'));
    try {
      const url = h2.rt.monitoring!.http!.url;
      expect((await fetch(`${url}/metrics`)).status).toBe(401);
      expect((await fetch(`${url}/metrics`, { headers: { authorization: 'Bearer from-env-key' } })).status).toBe(200);
    } finally {
      await h2.close();
    }
  });

  it('http.auth: none is the only way to serve without a key: loopback only, said loudly in the log', async () => {
    const noKey = (y: string) => y.replace(/\nhttp:[\s\S]*$/, '\nhttp:\n  auth: none\n');
    const h2 = await startFixture({}, { http: '127.0.0.1:0' }, noKey);
    try {
      const url = h2.rt.monitoring!.http!.url;
      expect((await fetch(`${url}/api/runs/run_x`)).status).toBe(404);
      expect(h2.logs.some((l) => l.level === 'warn' && l.msg.includes('authentication is OFF'))).toBe(true);
      expect(fs.existsSync(path.join(h2.dir, '.amas/api-key'))).toBe(false);
    } finally {
      await h2.close();
    }
    const wide = await startFixture({}, { http: '0.0.0.0:0' }, noKey).catch((e: unknown) => e);
    expect(wide).toMatchObject({ code: 'AMAS_HTTP_NO_KEY', hint: expect.stringContaining('loopback') });
    const both = await startFixture({ AMAS_API_KEY: KEY }, { http: '127.0.0.1:0' }, (y) => y.replace('rate_limit:', 'auth: none\n  rate_limit:')).catch((e: unknown) => e);
    expect(both).toMatchObject({ code: 'AMAS_CONFIG', message: expect.stringContaining('contradict') });
  });

  it('with no key configured, the generated one guards /api/* and leaves /metrics open on loopback', async () => {
    const h2 = await startFixture({}, { http: '127.0.0.1:0' }, (y) => y.replace(/\nhttp:[\s\S]*$/, '\n'));
    try {
      const url = h2.rt.monitoring!.http!.url;
      const key = fs.readFileSync(path.join(h2.dir, '.amas/api-key'), 'utf8').trim();
      expect((await fetch(`${url}/api/runs/run_x`)).status).toBe(401);
      expect((await fetch(`${url}/api/runs/run_x`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(404);
      expect((await fetch(`${url}/metrics`)).status).toBe(200);
      expect(JSON.stringify(h2.logs)).not.toContain(key);
    } finally {
      await h2.close();
    }
  });
});

