import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpExecutor } from '../../../src/agents/executors/http.ts';
import { parseRetryAfter } from '../../../src/agents/executors/http-common.ts';
import { NonRetriableError, RetryAfterError } from '../../../src/core/index.ts';
import { makeContext } from './context.ts';
import { sendJson, startServer } from './server.ts';

let srv: Awaited<ReturnType<typeof startServer>>;

beforeAll(async () => {
  srv = await startServer((req, res) => {
    const path = req.url.split('?')[0];
    switch (path) {
      case '/json':
        return sendJson(res, 200, { ok: true, method: req.method, body: req.body ? JSON.parse(req.body) : null });
      case '/problem':
        return sendJson(res, 200, { kind: 'problem' }, { 'content-type': 'application/problem+json' });
      case '/text':
        res.writeHead(200, { 'content-type': 'text/plain' });
        return res.end('plain words');
      case '/echo-raw':
        res.writeHead(200, { 'content-type': 'text/plain' });
        return res.end(`${req.headers['content-type']}|${req.body}`);
      case '/missing':
        return sendJson(res, 404, { error: 'no such thing' });
      case '/conflict-big':
        res.writeHead(409, { 'content-type': 'text/plain' });
        return res.end('x'.repeat(100_000));
      case '/boom':
        res.writeHead(500, { 'content-type': 'text/plain' });
        return res.end('internal kaboom');
      case '/slow-down':
        res.writeHead(429, { 'retry-after': '7' });
        return res.end('too many');
      case '/unavailable':
        res.writeHead(503, { 'retry-after': new Date(Date.now() + 60_000).toUTCString() });
        return res.end();
      case '/req-timeout':
        res.writeHead(408);
        return res.end();
      case '/bad-json':
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end('{not json');
      case '/no-content':
        res.writeHead(204);
        return res.end();
      case '/hang':
        return; // never answers: the executor's timeout must end the attempt
      default:
        return sendJson(res, 500, { unexpected: path });
    }
  });
});
afterAll(() => srv.close());

describe('http executor', () => {
  it('parses a JSON answer', async () => {
    const out = await httpExecutor({ url: `${srv.url}/json` }, {}, makeContext());
    expect(out).toEqual({ ok: true, method: 'GET', body: null });
  });

  it('parses +json media types', async () => {
    expect(await httpExecutor({ url: `${srv.url}/problem` }, {}, makeContext())).toEqual({ kind: 'problem' });
  });

  it('returns a non-JSON answer as text', async () => {
    expect(await httpExecutor({ url: `${srv.url}/text` }, {}, makeContext())).toBe('plain words');
  });

  it('sends an object body as JSON with headers and an Idempotency-Key for non-GET', async () => {
    const before = srv.requests.length;
    const out = await httpExecutor(
      { method: 'POST', url: `${srv.url}/json`, headers: { 'X-Thing': 'abc' }, body: { a: [1, 2] } },
      {},
      makeContext({ idempotencyKey: 'run-9:post' }),
    );
    expect(out).toEqual({ ok: true, method: 'POST', body: { a: [1, 2] } });
    const req = srv.requests[before]!;
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers['x-thing']).toBe('abc');
    expect(req.headers['idempotency-key']).toBe('run-9:post');
  });

  it('does not send an Idempotency-Key on GET', async () => {
    const before = srv.requests.length;
    await httpExecutor({ url: `${srv.url}/json` }, {}, makeContext());
    expect(srv.requests[before]!.headers['idempotency-key']).toBeUndefined();
  });

  it('sends a text body as is', async () => {
    const out = await httpExecutor({ method: 'PUT', url: `${srv.url}/echo-raw`, headers: { 'content-type': 'text/csv' }, body: 'a,b\n1,2' }, {}, makeContext());
    expect(out).toBe('text/csv|a,b\n1,2');
  });

  it('returns null for 204 No Content', async () => {
    expect(await httpExecutor({ method: 'DELETE', url: `${srv.url}/no-content` }, {}, makeContext())).toBeNull();
  });

  it('fails a 404 as non-retriable with the status and a body excerpt', async () => {
    const err = await httpExecutor({ url: `${srv.url}/missing` }, {}, makeContext()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NonRetriableError);
    expect((err as Error).message).toContain('404');
    expect((err as Error).message).toContain('no such thing');
  });

  it('bounds the body excerpt in failure messages', async () => {
    const err = (await httpExecutor({ url: `${srv.url}/conflict-big` }, {}, makeContext()).catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(NonRetriableError);
    expect(err.message.length).toBeLessThan(700);
  });

  it('fails a 500 as retriable', async () => {
    const err = await httpExecutor({ url: `${srv.url}/boom` }, {}, makeContext()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(NonRetriableError);
    expect(err).not.toBeInstanceOf(RetryAfterError);
    expect((err as Error).message).toMatch(/500.*internal kaboom/);
  });

  it('treats 408 as retriable', async () => {
    const err = await httpExecutor({ url: `${srv.url}/req-timeout` }, {}, makeContext()).catch((e: unknown) => e);
    expect(err).not.toBeInstanceOf(NonRetriableError);
  });

  it('honours Retry-After seconds on 429', async () => {
    const err = await httpExecutor({ url: `${srv.url}/slow-down` }, {}, makeContext()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RetryAfterError);
    expect((err as RetryAfterError).retryAfterMs).toBe(7000);
  });

  it('honours a Retry-After HTTP-date on 503', async () => {
    const err = await httpExecutor({ url: `${srv.url}/unavailable` }, {}, makeContext()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RetryAfterError);
    expect((err as RetryAfterError).retryAfterMs).toBeGreaterThan(30_000);
    expect((err as RetryAfterError).retryAfterMs).toBeLessThanOrEqual(60_000);
  });

  it('fails when a JSON answer does not parse', async () => {
    await expect(httpExecutor({ url: `${srv.url}/bad-json` }, {}, makeContext())).rejects.toThrow(/did not parse/);
  });

  it('aborts a request that hangs past the timeout', async () => {
    const err = await httpExecutor({ url: `${srv.url}/hang` }, {}, makeContext({ timeoutMs: 150 })).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/timed out after 150 ms/);
    expect(err).not.toBeInstanceOf(NonRetriableError);
  });

  it('stops when the engine aborts the signal, with the engine’s reason', async () => {
    const ac = new AbortController();
    const p = httpExecutor({ url: `${srv.url}/hang` }, {}, makeContext({ signal: ac.signal }));
    setImmediate(() => ac.abort(new Error('cancelled by user')));
    await expect(p).rejects.toThrow('cancelled by user');
  });

  it('rejects an invalid URL and a GET with a body as non-retriable', async () => {
    await expect(httpExecutor({ url: 'not a url' }, {}, makeContext())).rejects.toBeInstanceOf(NonRetriableError);
    await expect(httpExecutor({ url: `${srv.url}/json`, body: { a: 1 } }, {}, makeContext())).rejects.toBeInstanceOf(NonRetriableError);
  });

  it('reports a refused connection as a retriable failure', async () => {
    const closed = await startServer(() => undefined);
    await closed.close();
    const err = await httpExecutor({ url: `${closed.url}/x` }, {}, makeContext()).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/ECONNREFUSED/);
    expect(err).not.toBeInstanceOf(NonRetriableError);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');
  it.each([
    ['3', 3000],
    ['0', 0],
    ['1.5', 1500],
    ['Wed, 01 Jan 2025 00:00:10 GMT', 10_000],
    ['Tue, 31 Dec 2024 23:00:00 GMT', 0],
  ])('%s → %d ms', (v, ms) => expect(parseRetryAfter(v, now)).toBe(ms));
  it('ignores absent or unreadable values', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});
