import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { amas, startUp, stopUp, trustProject, until, type Up } from './trust-fixture.ts';

// `amas up --no-tui` as a child process under `ulimit -n 256`, attacked over loopback: no key,
// a flood of idle connections, a 200,000-deep body, an oversized body.

const FD_LIMIT = 256;
let dir: string;
let up: Up;
let base: string;
let key: string;

const auth = () => ({ authorization: `Bearer ${key}` });
const json = () => ({ ...auth(), 'content-type': 'application/json' });

/** A POST that declares `length` bytes of JSON, sends a few, and resolves with the server's answer. */
function declaredLengthPost(url: string, length: number): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { ...json(), 'content-length': String(length) } }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (c: string) => (text += c));
      res.on('end', () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, text });
      });
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'ECONNRESET' && err.code !== 'EPIPE') reject(err);
    });
    req.write('{"name":"');
  });
}
const started = (workflow: string) => up.lines().filter((l) => l.msg === 'run started' && l.workflow === workflow).length;

beforeAll(async () => {
  dir = trustProject('http:\n  listen: 127.0.0.1:0\n  headers_timeout: 1s\n  idle_timeout: 1s\n  request_timeout: 2s\n');
  up = await startUp(dir, FD_LIMIT);
  const listening = up.lines().find((l) => l.msg === 'HTTP API listening')!;
  base = listening.url as string;
}, 60_000);

afterAll(async () => {
  if (up) await stopUp(up);
  fs.rmSync(dir, { recursive: true, force: true });
}, 30_000);

describe('the API key amas up generates', () => {
  it('is kept in .amas/api-key (0600); the log says where, never what', () => {
    const file = path.join(dir, '.amas/api-key');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    key = fs.readFileSync(file, 'utf8').trim();
    expect(key).toMatch(/^amas_[A-Za-z0-9_-]{43}$/);
    const line = up.lines().find((l) => l.msg === 'HTTP API key generated');
    expect(line?.key_file).toBe(file);
    expect(up.stdout()).not.toContain(key);
    expect(up.stderr()).not.toContain(key);
  });

  it('/api/* needs it: no key or a wrong key is a 401, the key is let through', async () => {
    const none = await fetch(`${base}/api/workflows/hello/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toContain('Bearer');
    expect(((await none.json()) as { error: { message: string } }).error.message).toContain('.amas/api-key');
    expect((await fetch(`${base}/api/runs/run_x`)).status).toBe(401);
    expect((await fetch(`${base}/api/runs/run_x`, { headers: { authorization: `Bearer ${key}x` } })).status).toBe(401);
    expect((await fetch(`${base}/api/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type":"data_update"}' })).status).toBe(401);
    expect(started('hello')).toBe(0);
    expect((await fetch(`${base}/api/runs/run_x`, { headers: auth() })).status).toBe(404);
    const ok = await fetch(`${base}/api/workflows/hello/runs?wait=true`, { method: 'POST', headers: json(), body: '{"name":"key"}' });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { result: { outputs: { seen: string } } }).result.outputs.seen.trim()).toBe('hello key');
  }, 60_000);

  it('/health (bare status) and /metrics stay open on loopback', async () => {
    const h = await fetch(`${base}/health`);
    expect(h.status).toBe(200);
    expect(Object.keys((await h.json()) as object).sort()).toEqual(['status', 'time']);
    expect((await fetch(`${base}/metrics`)).status).toBe(200);
  });
});

describe('bodies are limited in size and depth before anything runs', () => {
  it('a 200,000-deep JSON body is a 400; an oversized one a 413; neither starts or writes a run', async () => {
    const before = started('hello');
    const deep = `{"extra":${'['.repeat(200_000)}${']'.repeat(200_000)}}`;
    const d = await fetch(`${base}/api/workflows/hello/runs`, { method: 'POST', headers: json(), body: deep });
    expect(d.status).toBe(400);
    expect(await d.json()).toEqual({ error: { code: 'body_too_deep', message: 'the JSON body nests deeper than 64 levels' } });
    // The refusal comes from the declared length, before the body is read: a client still
    // uploading 2 MB could see its socket closed (EPIPE) before it reads the answer, so this one
    // declares the length and waits for the answer instead of racing it.
    const big = await declaredLengthPost(`${base}/api/workflows/hello/runs`, 2 * 1024 * 1024);
    expect(big.status).toBe(413);
    expect((JSON.parse(big.text) as { error: { code: string } }).error.code).toBe('body_too_large');
    const ev = await fetch(`${base}/api/events`, { method: 'POST', headers: json(), body: `{"type":"data_update","data":${'{"a":'.repeat(100)}1${'}'.repeat(100)}}` });
    expect(ev.status).toBe(400);
    expect(started('hello')).toBe(before);
    const list = amas(dir, ['runs', 'list', dir, '--json', '--limit', '1000']);
    expect(list.code).toBe(0);
    expect((JSON.parse(list.stdout) as { workflowId?: string; workflow?: string }[]).filter((r) => (r.workflowId ?? r.workflow) === 'hello')).toHaveLength(before);
    // Still serving.
    expect((await fetch(`${base}/health`)).status).toBe(200);
  }, 60_000);
});

describe(`a flood of idle connections, more than the ${FD_LIMIT} descriptors the process may open`, () => {
  it('is capped and timed out: meanwhile runs complete through the socket, afterwards over HTTP', async () => {
    const listening = up.lines().find((l) => l.msg === 'HTTP API listening')!;
    const cap = listening.max_connections as number;
    expect(cap).toBe(FD_LIMIT / 4);
    const { port } = new URL(base);
    const FLOOD = 600;
    const sockets: net.Socket[] = [];
    const closedAt: (number | undefined)[] = [];
    const t0 = Date.now();
    await Promise.all(
      Array.from({ length: FLOOD }, (_, i) => {
        const s = net.connect(Number(port), '127.0.0.1');
        sockets.push(s);
        s.on('error', () => undefined);
        s.on('close', () => (closedAt[i] = Date.now() - t0));
        return new Promise<void>((resolve) => {
          s.once('connect', () => resolve());
          s.once('close', () => resolve());
        });
      }),
    );
    // Past the cap, connections are closed as soon as they are accepted.
    const dropped = await until(() => {
      const n = closedAt.filter((x) => x !== undefined).length;
      return n >= FLOOD - cap && n;
    }, 'the connections past the cap to be closed', 10_000, up);
    expect(dropped).toBeGreaterThanOrEqual(FLOOD - cap);
    await until(() => up.lines().some((l) => l.msg === 'HTTP connection cap reached: new connections are closed'), 'the cap warning', 5_000, up);

    // While the flood holds its connections, the runtime still has descriptors for real work:
    // a run through the control socket spawns a child process and writes to the store.
    const run = amas(dir, ['run', 'hello', dir, '--input', 'name=flood', '--json']);
    expect(run.stderr).not.toMatch(/EMFILE|AMAS_CONTROL/);
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as { status: string }).status).toBe('completed');

    // The header timeout (1 s here) closes every idle connection the server accepted.
    await until(() => closedAt.every((x) => x !== undefined), 'the server to close every idle connection', 15_000, up);
    for (const s of sockets) s.destroy();

    const health = await fetch(`${base}/health`);
    expect(health.status).toBe(200);
    const res = await fetch(`${base}/api/workflows/hello/runs?wait=true`, { method: 'POST', headers: json(), body: '{"name":"after"}' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { runId: string; result: { status: string } };
    expect(body.result.status).toBe('completed');
    const show = amas(dir, ['runs', 'show', body.runId, dir, '--json']);
    expect(show.code).toBe(0);
    expect(JSON.parse(show.stdout)).toMatchObject({ id: body.runId, status: 'completed' });
    expect(up.stdout() + up.stderr()).not.toMatch(/EMFILE|too many open files/i);
  }, 60_000);

  it('a client that sends half its headers is answered 408 and closed by the header timeout', async () => {
    const { port } = new URL(base);
    const s = net.connect(Number(port), '127.0.0.1');
    let got = '';
    s.setEncoding('utf8').on('data', (d: string) => (got += d));
    await new Promise<void>((resolve) => s.once('connect', () => resolve()));
    s.write(`GET /health HTTP/1.1\r\nHost: x\r\n`);
    await new Promise<void>((resolve) => s.once('close', () => resolve()));
    expect(got).toMatch(/^HTTP\/1\.1 408/);
  });
});

describe('restarts', () => {
  it('reuse the generated key, and stop cleanly', async () => {
    const first = await stopUp(up);
    expect(first).toEqual({ code: 0, signal: null });
    up = await startUp(dir);
    expect(up.lines().some((l) => l.msg === 'HTTP API key loaded')).toBe(true);
    expect(fs.readFileSync(path.join(dir, '.amas/api-key'), 'utf8').trim()).toBe(key);
    base = up.lines().find((l) => l.msg === 'HTTP API listening')!.url as string;
    expect((await fetch(`${base}/api/runs/run_x`, { headers: auth() })).status).toBe(404);
  }, 60_000);
});
