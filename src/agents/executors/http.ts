import { NonRetriableError } from '../../core/index.ts';
import type { Executor } from '../executor.ts';
import type { HttpAnswer } from './http-client.ts';
import { MAX_RESPONSE_BYTES, attemptSignal, fetchVia, isJsonContentType, isOk, networkError, statusError } from './http-common.ts';
import { renderIn, renderText } from './render.ts';
import { buildUrl } from './url.ts';

/**
 * `http: { method, url, headers, body }` — one request per attempt. A JSON answer is parsed, any
 * other is returned as text; a non-2xx answer fails the attempt (see statusError for which retry).
 */
export const httpExecutor: Executor<'http'> = async (spec, _input, ctx) => {
  const method = spec.method ?? 'GET';
  const rawUrl = buildUrl(spec.url, ctx, spec.url_raw === true);
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new NonRetriableError(`http: not a valid absolute URL: ${JSON.stringify(rawUrl)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new NonRetriableError(`http: only http and https URLs are supported, not ${url.protocol}`);
  }

  const headers = new Headers();
  for (const [name, value] of Object.entries(spec.headers ?? {})) headers.set(name, renderText(value, ctx, `http.headers.${name}`));
  if (method !== 'GET' && method !== 'HEAD' && !headers.has('idempotency-key')) headers.set('Idempotency-Key', ctx.idempotencyKey);

  let body: string | undefined;
  if (spec.body !== undefined) {
    if (method === 'GET' || method === 'HEAD') throw new NonRetriableError(`http: a ${method} request cannot have a body`);
    const rendered = renderIn(spec.body, ctx, 'http.body');
    if (typeof rendered === 'string') {
      body = rendered;
    } else if (rendered !== undefined) {
      body = JSON.stringify(rendered);
      if (!headers.has('content-type')) headers.set('Content-Type', 'application/json');
    }
  }
  if (!headers.has('accept')) headers.set('Accept', 'application/json, text/plain;q=0.9, */*;q=0.8');

  const what = `${method} ${url.origin}${url.pathname}`;
  const { signal, toError } = attemptSignal(ctx.signal, ctx.timeoutMs);
  let res: HttpAnswer;
  try {
    res = await fetchVia(ctx, 'http', url, { method, headers, body, signal, redirect: 'follow', maxBytes: MAX_RESPONSE_BYTES });
  } catch (err) {
    const e = toError(err);
    // A replay with no matching recording (amas test) is final, not a network failure to retry.
    throw e === err && !(err instanceof NonRetriableError) ? networkError(err, what) : e;
  }

  if (!isOk(res)) throw statusError(res, what);
  if (method === 'HEAD' || res.status === 204) return null;
  if (res.truncated) throw new NonRetriableError(`${what}: response larger than ${MAX_RESPONSE_BYTES} bytes`);
  if (!isJsonContentType(res.headers['content-type'])) return res.body;
  if (res.body.trim() === '') return null;
  try {
    return JSON.parse(res.body) as unknown;
  } catch (err) {
    throw new Error(`${what}: response declared JSON but did not parse: ${(err as Error).message}`);
  }
};
