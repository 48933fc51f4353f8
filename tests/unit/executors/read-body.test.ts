import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBodyText } from '../../../src/agents/executors/http-common.ts';
import { startServer } from './server.ts';

// readBodyText reads a body with a declared length in one go and any other body chunk by chunk;
// both ways must keep the size limit, against a real server on 127.0.0.1.
let srv: Awaited<ReturnType<typeof startServer>>;
const big = 'é'.repeat(3000); // 6,000 bytes

beforeAll(async () => {
  srv = await startServer((req, res) => {
    switch (req.url) {
      case '/sized':
        res.writeHead(200, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(big) });
        return res.end(big);
      case '/chunked':
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write(big.slice(0, 1000));
        return res.end(big.slice(1000));
      case '/gzip': {
        // Small on the wire, 100,000 bytes once decoded: the declared length says nothing of that.
        const zipped = gzipSync('x'.repeat(100_000));
        res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip', 'content-length': zipped.length });
        return res.end(zipped);
      }
      default:
        res.writeHead(404);
        return res.end();
    }
  });
});
afterAll(() => srv.close());

describe('readBodyText', () => {
  it('reads a body of declared length within the limit whole', async () => {
    expect(await readBodyText(await fetch(`${srv.url}/sized`), 10_000)).toEqual({ text: big, truncated: false });
  });

  it('stops at the limit when the declared length is over it', async () => {
    const r = await readBodyText(await fetch(`${srv.url}/sized`), 1000);
    expect(r.truncated).toBe(true);
    expect(Buffer.byteLength(r.text)).toBeLessThanOrEqual(1000);
  });

  it('reads a chunked body within the limit, and stops one over it', async () => {
    expect(await readBodyText(await fetch(`${srv.url}/chunked`), 10_000)).toEqual({ text: big, truncated: false });
    expect((await readBodyText(await fetch(`${srv.url}/chunked`), 1000)).truncated).toBe(true);
  });

  it('applies the limit to what a compressed body decodes to, not to its declared length', async () => {
    const r = await readBodyText(await fetch(`${srv.url}/gzip`), 10_000);
    expect(r.truncated).toBe(true);
    expect(r.text.length).toBeLessThanOrEqual(10_000);
    expect((await readBodyText(await fetch(`${srv.url}/gzip`), 200_000)).text).toBe('x'.repeat(100_000));
  });
});
