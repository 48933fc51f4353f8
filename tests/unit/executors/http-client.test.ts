import net from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpRequest, type HttpRequest } from '../../../src/agents/executors/http-client.ts';
import { startServer } from './server.ts';

// The executors' HTTP client against a real server on 127.0.0.1: body limits (also for what a
// compressed body decodes to), redirects as fetch follows them, aborts, and a kept-alive socket
// that the server closed meanwhile.
let srv: Awaited<ReturnType<typeof startServer>>;
let other: Awaited<ReturnType<typeof startServer>>;
const big = 'é'.repeat(3000); // 6,000 bytes

beforeAll(async () => {
  other = await startServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ method: req.method, authorization: req.headers.authorization ?? null }));
  });
  srv = await startServer((req, res) => {
    const path = req.url.split('?')[0];
    switch (path) {
      case '/sized':
        res.writeHead(200, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(big) });
        return res.end(big);
      case '/chunked':
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write(big.slice(0, 1000));
        return res.end(big.slice(1000));
      case '/bom':
        res.writeHead(200, { 'content-type': 'text/plain' });
        return res.end(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('hello')]));
      case '/gzip': {
        // Small on the wire, 100,000 bytes once decoded: the declared length says nothing of that.
        const zipped = gzipSync('x'.repeat(100_000));
        res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip', 'content-length': zipped.length });
        return res.end(zipped);
      }
      case '/deflate':
        res.writeHead(200, { 'content-encoding': 'deflate' });
        return res.end(deflateSync('deflated'));
      case '/br':
        res.writeHead(200, { 'content-encoding': 'br' });
        return res.end(brotliCompressSync('brotli'));
      case '/echo':
        res.writeHead(200, { 'content-type': 'application/json', 'x-twice': ['a', 'b'] });
        return res.end(JSON.stringify({ method: req.method, body: req.body, authorization: req.headers.authorization ?? null, type: req.headers['content-type'] ?? null, encoding: req.headers['accept-encoding'] ?? null }));
      case '/redirect': {
        const q = new URL(req.url, 'http://x').searchParams;
        res.writeHead(Number(q.get('status')), { location: q.get('to') ?? '/echo' });
        return res.end();
      }
      case '/loop':
        res.writeHead(302, { location: '/loop' });
        return res.end();
      case '/hang-body':
        res.writeHead(200, { 'content-length': '100' });
        return res.write('partial');
      default:
        res.writeHead(404, 'Nowhere');
        return res.end('not here');
    }
  });
});
afterAll(async () => {
  await srv.close();
  await other.close();
});

function req(over: Partial<HttpRequest> = {}): HttpRequest {
  return { method: 'GET', headers: new Headers(), signal: new AbortController().signal, maxBytes: 1_000_000, ...over };
}

describe('httpRequest: bodies', () => {
  it('reads a body of declared length, and stops at the limit when it is over it', async () => {
    expect(await httpRequest(new URL(`${srv.url}/sized`), req())).toMatchObject({ status: 200, body: big, truncated: false });
    const r = await httpRequest(new URL(`${srv.url}/sized`), req({ maxBytes: 1000 }));
    expect(r.truncated).toBe(true);
    expect(Buffer.byteLength(r.body)).toBeLessThanOrEqual(1000 + 3);
  });

  it('reads a chunked body within the limit, and stops one over it', async () => {
    expect((await httpRequest(new URL(`${srv.url}/chunked`), req())).body).toBe(big);
    expect((await httpRequest(new URL(`${srv.url}/chunked`), req({ maxBytes: 1000 }))).truncated).toBe(true);
  });

  it('applies the limit to what a compressed body decodes to, not to its declared length', async () => {
    const r = await httpRequest(new URL(`${srv.url}/gzip`), req({ maxBytes: 10_000 }));
    expect(r.truncated).toBe(true);
    expect(r.body.length).toBeLessThanOrEqual(10_000);
    expect((await httpRequest(new URL(`${srv.url}/gzip`), req({ maxBytes: 200_000 }))).body).toBe('x'.repeat(100_000));
  });

  it('decodes deflate and brotli, and asks for compression as fetch does', async () => {
    expect((await httpRequest(new URL(`${srv.url}/deflate`), req())).body).toBe('deflated');
    expect((await httpRequest(new URL(`${srv.url}/br`), req())).body).toBe('brotli');
    expect(JSON.parse((await httpRequest(new URL(`${srv.url}/echo`), req())).body)).toMatchObject({ encoding: 'gzip, deflate, br' });
  });

  it('drops a UTF-8 BOM, joins repeated headers and keeps the status text', async () => {
    expect((await httpRequest(new URL(`${srv.url}/bom`), req())).body).toBe('hello');
    expect((await httpRequest(new URL(`${srv.url}/echo`), req())).headers['x-twice']).toBe('a, b');
    expect(await httpRequest(new URL(`${srv.url}/none`), req())).toMatchObject({ status: 404, statusText: 'Nowhere', body: 'not here' });
  });

  it('sends the body with its length', async () => {
    const r = await httpRequest(new URL(`${srv.url}/echo`), req({ method: 'POST', body: 'héllo', headers: new Headers({ 'content-type': 'text/plain' }) }));
    expect(JSON.parse(r.body)).toMatchObject({ method: 'POST', body: 'héllo', type: 'text/plain' });
  });
});

describe('httpRequest: redirects', () => {
  const to = (status: number, target: string) => new URL(`${srv.url}/redirect?status=${status}&to=${encodeURIComponent(target)}`);

  it('turns a POST into a GET without its body on 303, 301 and 302', async () => {
    for (const status of [301, 302, 303]) {
      const r = await httpRequest(to(status, '/echo'), req({ method: 'POST', body: '{"a":1}', headers: new Headers({ 'content-type': 'application/json' }) }));
      expect(JSON.parse(r.body)).toMatchObject({ method: 'GET', body: '', type: null });
      expect(r.url).toBe(`${srv.url}/echo`);
    }
  });

  it('keeps the method and body on 307 and 308', async () => {
    for (const status of [307, 308]) {
      const r = await httpRequest(to(status, '/echo'), req({ method: 'PUT', body: 'keep' }));
      expect(JSON.parse(r.body)).toMatchObject({ method: 'PUT', body: 'keep' });
    }
  });

  it('keeps credentials on the same origin and drops them on another', async () => {
    const headers = new Headers({ authorization: 'Bearer secret' });
    expect(JSON.parse((await httpRequest(to(302, '/echo'), req({ headers }))).body)).toMatchObject({ authorization: 'Bearer secret' });
    expect(JSON.parse((await httpRequest(to(302, `${other.url}/x`), req({ headers }))).body)).toMatchObject({ authorization: null });
  });

  it('refuses a redirect loop, a non-http target, and any redirect when told to', async () => {
    await expect(httpRequest(new URL(`${srv.url}/loop`), req())).rejects.toThrow(/more than 20 redirects/);
    await expect(httpRequest(to(302, 'file:///etc/passwd'), req())).rejects.toThrow(/redirect to a file: URL refused/);
    await expect(httpRequest(to(302, '/echo'), req({ redirect: 'error' }))).rejects.toThrow(/redirects are refused/);
  });
});

describe('httpRequest: failures', () => {
  it('rejects with the signal’s reason when aborted before the answer or in the middle of the body', async () => {
    const ac = new AbortController();
    const p = httpRequest(new URL(`${srv.url}/hang-body`), req({ signal: ac.signal }));
    setTimeout(() => ac.abort(new Error('stop now')), 50);
    await expect(p).rejects.toThrow('stop now');
    const done = new AbortController();
    done.abort(new Error('already'));
    await expect(httpRequest(new URL(`${srv.url}/echo`), req({ signal: done.signal }))).rejects.toThrow('already');
  });

  it('reports a refused connection with its code', async () => {
    const closed = await startServer(() => undefined);
    await closed.close();
    await expect(httpRequest(new URL(`${closed.url}/x`), req())).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('sends a request again when the server had closed the kept-alive connection it went out on', async () => {
    // A raw server that answers the first request on each connection, then closes the connection
    // without a word the moment the next request arrives on it — an idle keep-alive timeout
    // racing the client's next request.
    let answered = 0;
    const raw = net.createServer((socket) => {
      let served = false;
      socket.on('data', () => {
        if (served) return socket.destroy();
        served = true;
        answered++;
        socket.write('HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: keep-alive\r\n\r\nok');
      });
    });
    await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
    const url = new URL(`http://127.0.0.1:${(raw.address() as net.AddressInfo).port}/`);
    try {
      expect((await httpRequest(url, req())).body).toBe('ok');
      await new Promise((r) => setTimeout(r, 20));
      expect((await httpRequest(url, req())).body).toBe('ok');
      expect(answered).toBe(2);
    } finally {
      raw.close();
    }
  });
});
