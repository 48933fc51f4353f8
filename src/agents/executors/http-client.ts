import http from 'node:http';
import https from 'node:https';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Readable } from 'node:stream';

/**
 * The HTTP client of the `http` and `llm` executors: node:http with keep-alive agents, not the
 * global `fetch`. Measured on one request of a model turn (1.5 KB out, 1 KB back, 127.0.0.1):
 * fetch spent 0.40 ms of CPU on it, node:http 0.11 ms (bench/README.md, "agent-loop", fifth
 * pass) — per model turn and per handed-off step, the largest single cost amas added. What fetch
 * did for these executors is kept: redirects as fetch follows them, compressed answers decoded,
 * the caller's abort signal, and a body limit that also holds for what a compressed body decodes to.
 */

export interface HttpRequest {
  method: string;
  headers: Headers;
  body?: string | undefined;
  signal: AbortSignal;
  /** `follow` (the default) as fetch does, up to 20 hops; `error` refuses any redirect. */
  redirect?: 'follow' | 'error';
  /** The most body bytes read (after decoding); a longer body is cut there and marked truncated. */
  maxBytes: number;
}

export interface HttpAnswer {
  status: number;
  statusText: string;
  /** Response headers by lower-case name (repeated ones joined with ", "). */
  headers: Record<string, string>;
  /** The body read as UTF-8 (a BOM dropped), at most `maxBytes` of it. */
  body: string;
  truncated: boolean;
  /** The URL that answered (after redirects). */
  url: string;
}

const MAX_REDIRECTS = 20;
/** Sockets are kept open between requests: a TLS or TCP handshake per model turn would cost more than the turn. */
const httpAgent = new http.Agent({ keepAlive: true });
const httpsAgent = new https.Agent({ keepAlive: true });
/** Headers a redirect to another origin must not carry (fetch drops `authorization` the same way). */
const CREDENTIAL_HEADERS = ['authorization', 'proxy-authorization', 'cookie'];
/** Headers that describe the body: dropped with the body when a redirect turns the request into a GET. */
const BODY_HEADERS = ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location'];

export async function httpRequest(url: URL, req: HttpRequest): Promise<HttpAnswer> {
  let target = url;
  let method = req.method;
  let body = req.body;
  const headers = new Headers(req.headers);
  // fetch asks for compressed answers unless told otherwise; so do we (decoded below).
  if (!headers.has('accept-encoding')) headers.set('accept-encoding', 'gzip, deflate, br');
  for (let hop = 0; ; hop++) {
    const res = await send(target, method, headers, body, req.signal);
    const location = res.headers.location;
    if (!isRedirect(res.statusCode) || location === undefined) return await readAnswer(res, target, req);
    res.resume();
    if (req.redirect === 'error') throw new Error(`${method} ${target.origin}${target.pathname} answered a redirect (${res.statusCode}), and redirects are refused here`);
    if (hop >= MAX_REDIRECTS) throw new Error(`${req.method} ${url.origin}${url.pathname}: more than ${MAX_REDIRECTS} redirects`);
    let next: URL;
    try {
      next = new URL(location, target);
    } catch {
      throw new Error(`${method} ${target.origin}${target.pathname}: redirect to an invalid URL ${JSON.stringify(location)}`);
    }
    if (next.protocol !== 'http:' && next.protocol !== 'https:') throw new Error(`${method} ${target.origin}${target.pathname}: redirect to a ${next.protocol} URL refused`);
    // As fetch: 303 turns anything but HEAD into a GET, 301/302 turn a POST into one; 307/308 keep both.
    const status = res.statusCode ?? 0;
    if ((status === 303 && method !== 'GET' && method !== 'HEAD') || ((status === 301 || status === 302) && method === 'POST')) {
      method = 'GET';
      body = undefined;
      for (const h of BODY_HEADERS) headers.delete(h);
    }
    if (next.origin !== target.origin) for (const h of CREDENTIAL_HEADERS) headers.delete(h);
    target = next;
  }
}

function isRedirect(status: number | undefined): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

/** One request; a kept-alive socket the server had closed meanwhile is retried once on a new one. */
async function send(url: URL, method: string, headers: Headers, body: string | undefined, signal: AbortSignal): Promise<http.IncomingMessage> {
  try {
    return await sendOnce(url, method, headers, body, signal);
  } catch (err) {
    // The request never reached a server that meant to answer it (it closed an idle connection
    // as we wrote to it): Node's documented remedy is to send it again.
    if ((err as { reusedSocket?: boolean }).reusedSocket === true && !signal.aborted) return sendOnce(url, method, headers, body, signal);
    throw err;
  }
}

function sendOnce(url: URL, method: string, headers: Headers, body: string | undefined, signal: AbortSignal): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(abortReason(signal));
    const out: Record<string, string> = {};
    headers.forEach((value, name) => (out[name] = value));
    const payload = body === undefined ? undefined : Buffer.from(body, 'utf8');
    if (payload !== undefined) out['content-length'] = String(payload.length);
    const mod = url.protocol === 'https:' ? https : http;
    let req: http.ClientRequest;
    try {
      req = mod.request(url, { method, headers: out, agent: url.protocol === 'https:' ? httpsAgent : httpAgent });
    } catch (err) {
      return reject(err);
    }
    const onAbort = (): void => {
      req.destroy();
      reject(abortReason(signal));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    req.once('response', (res) => {
      signal.removeEventListener('abort', onAbort);
      resolve(res);
    });
    req.once('error', (err: Error & { reusedSocket?: boolean }) => {
      signal.removeEventListener('abort', onAbort);
      const code = (err as NodeJS.ErrnoException).code;
      if (req.reusedSocket && (code === 'ECONNRESET' || code === 'EPIPE')) err.reusedSocket = true;
      reject(err);
    });
    req.end(payload);
  });
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

/** Reads the answer's body, decoded and bounded, and settles its headers into a plain record. */
async function readAnswer(res: http.IncomingMessage, url: URL, req: HttpRequest): Promise<HttpAnswer> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  const noBody = req.method === 'HEAD' || res.statusCode === 204 || res.statusCode === 304;
  const { bytes, truncated } = noBody ? (res.resume(), { bytes: Buffer.alloc(0), truncated: false }) : await readBounded(res, headers['content-encoding'], req.maxBytes, req.signal);
  return { status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers, body: new TextDecoder().decode(bytes), truncated, url: url.href };
}

function decoderFor(encoding: string | undefined): NodeJS.ReadWriteStream | undefined {
  switch (encoding?.trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return createGunzip();
    case 'deflate':
      return createInflate();
    case 'br':
      return createBrotliDecompress();
    default:
      return undefined;
  }
}

/** The body up to `maxBytes` once decoded; beyond that the connection is dropped, not drained. */
function readBounded(res: http.IncomingMessage, encoding: string | undefined, maxBytes: number, signal: AbortSignal): Promise<{ bytes: Buffer; truncated: boolean }> {
  return new Promise((resolve, reject) => {
    const decoder = decoderFor(encoding);
    const stream: Readable = decoder ? (res.pipe(decoder) as unknown as Readable) : res;
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (err: unknown, truncated = false): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      if (err !== undefined) return reject(err);
      resolve({ bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size), truncated });
    };
    const stop = (): void => {
      res.destroy();
      decoder?.removeAllListeners('data');
      (decoder as unknown as Readable | undefined)?.destroy();
    };
    const onAbort = (): void => {
      stop();
      finish(abortReason(signal));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    stream.on('data', (chunk: Buffer) => {
      if (settled) return;
      if (size + chunk.length > maxBytes) {
        chunks.push(chunk.subarray(0, maxBytes - size));
        size = maxBytes;
        stop();
        return finish(undefined, true);
      }
      chunks.push(chunk);
      size += chunk.length;
    });
    stream.once('end', () => finish(undefined));
    stream.once('error', (err) => finish(err));
    if (decoder) res.once('error', (err) => finish(err));
    // A connection that closes mid-body ends the stream without 'end' on some Node versions.
    res.once('close', () => {
      if (!res.complete) finish(new Error('the connection closed before the answer was complete'));
    });
  });
}
