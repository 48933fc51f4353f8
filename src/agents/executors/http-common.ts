import { NonRetriableError, RetryAfterError } from '../../core/index.ts';
import type { RecordedHttpResponse } from '../calls.ts';
import type { ExecutorContext } from '../executor.ts';

/** Longest error-body excerpt kept in a failure message. */
export const BODY_EXCERPT_CHARS = 500;
/** Largest response body an executor reads; beyond it the attempt fails instead of exhausting memory. */
export const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/**
 * The attempt's signal: the engine's (cancel, shutdown, its own timeout) joined with a local
 * timeout, so an executor stops on time even when it is called outside the engine.
 */
export function attemptSignal(parent: AbortSignal, timeoutMs: number): { signal: AbortSignal; toError(err: unknown): unknown } {
  const timer = Number.isFinite(timeoutMs) && timeoutMs > 0 ? AbortSignal.timeout(timeoutMs) : undefined;
  const signal = timer ? AbortSignal.any([parent, timer]) : parent;
  return {
    signal,
    toError(err: unknown): unknown {
      if (parent.aborted) return parent.reason ?? err;
      if (timer?.aborted) return new Error(`timed out after ${timeoutMs} ms`, { cause: err });
      return err;
    },
  };
}

/** Retry-After as milliseconds from `now`: delta-seconds or an HTTP-date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const v = value.trim();
  if (v === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/** `retry-after-ms` (OpenAI and Azure send it): milliseconds, finer than Retry-After's seconds. */
export function parseRetryAfterMs(value: string | null | undefined): number | undefined {
  const v = value?.trim();
  if (!v || !/^\d+(\.\d+)?$/.test(v)) return undefined;
  return Math.round(Number(v));
}

/** Reads a body as text, stopping after `maxBytes` (the rest is cancelled, not downloaded). */
export async function readBodyText(res: Response, maxBytes: number): Promise<{ text: string; truncated: boolean }> {
  if (!res.body) return { text: '', truncated: false };
  // A body whose length is declared and within the limit is read in one go: fetch refuses one
  // that runs past its content-length, and reading it chunk by chunk cost a model turn 0.1 ms of
  // CPU. Not when encoded: the length is then the compressed one, not what decoding yields.
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (declared >= 0 && declared <= maxBytes && !res.headers.has('content-encoding')) return { text: await res.text(), truncated: false };
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (bytes + value.byteLength > maxBytes) {
      text += decoder.decode(value.subarray(0, maxBytes - bytes), { stream: true });
      await reader.cancel().catch(() => undefined);
      return { text: text + decoder.decode(), truncated: true };
    }
    bytes += value.byteLength;
    text += decoder.decode(value, { stream: true });
  }
  return { text: text + decoder.decode(), truncated: false };
}

export function excerpt(text: string, max = BODY_EXCERPT_CHARS): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max)}…` : oneLine;
}

/**
 * Turns a non-2xx answer into the error the retry loop understands: 4xx (but 408 and 429) can
 * never succeed by retrying; 429 and 5xx can, after retry-after-ms or Retry-After when the server
 * gives one.
 */
export async function statusError(res: Response, what: string, bodyText?: string): Promise<Error> {
  const text = bodyText ?? (await readBodyText(res, BODY_EXCERPT_CHARS * 4).catch(() => ({ text: '' }))).text;
  const body = excerpt(text);
  const msg = `${what} answered ${res.status}${res.statusText ? ` ${res.statusText}` : ''}${body ? `: ${body}` : ''}`;
  const s = res.status;
  if (s >= 400 && s < 500 && s !== 408 && s !== 429) return new NonRetriableError(msg);
  if (s === 429 || s >= 500) {
    const wait = parseRetryAfterMs(res.headers.get('retry-after-ms')) ?? parseRetryAfter(res.headers.get('retry-after'));
    if (wait !== undefined) return new RetryAfterError(msg, wait);
  }
  return new Error(msg);
}

export function isJsonContentType(contentType: string | null): boolean {
  if (!contentType) return false;
  const mime = contentType.split(';')[0]!.trim().toLowerCase();
  return mime === 'application/json' || mime.endsWith('+json') || mime === 'text/json';
}

/** A fetch failure (DNS, refused connection, reset) as a message naming the target. */
export function networkError(err: unknown, what: string): Error {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  const detail = cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
  return new Error(`${what} failed: ${detail}`, { cause: err });
}

/** What `fetchVia` needs of the executor context: the test hook and where the call is made. */
export type CallContext = Pick<ExecutorContext, 'calls' | 'runId' | 'stepId' | 'capability'>;

/** Response headers a recording keeps: the ones executors read. */
const KEPT_RESPONSE_HEADERS = ['content-type', 'retry-after', 'retry-after-ms'];

/**
 * `fetch`, or — under `amas test` (`ctx.calls` set) — the same request handed to the test hook as
 * plain JSON, which records the real answer or replays a recorded one. The answer comes back as a
 * Response either way, so the executors read it with one code path.
 */
export async function fetchVia(
  ctx: CallContext | undefined,
  kind: 'llm' | 'http',
  url: string | URL,
  init: { method: string; headers: Headers; body?: string | undefined; signal: AbortSignal; redirect?: 'follow' | 'manual' | 'error' },
): Promise<Response> {
  const calls = ctx?.calls;
  if (!calls) return fetch(url, init);
  const headers: Record<string, string> = {};
  init.headers.forEach((value, name) => (headers[name.toLowerCase()] = value));
  const request: Record<string, unknown> = { method: init.method, url: String(url), headers };
  if (init.body !== undefined) request['body'] = jsonOrText(init.body);
  const send = async (): Promise<RecordedHttpResponse> => {
    const res = await fetch(url, init);
    const kept: Record<string, string> = {};
    for (const name of KEPT_RESPONSE_HEADERS) {
      const v = res.headers.get(name);
      if (v !== null) kept[name] = v;
    }
    const { text, truncated } = await readBodyText(res, MAX_RESPONSE_BYTES);
    if (truncated) throw new NonRetriableError(`${init.method} ${String(url)}: response larger than ${MAX_RESPONSE_BYTES} bytes`);
    return { status: res.status, headers: kept, body: text };
  };
  const answer = (await calls.call({ kind, request }, send, { runId: ctx.runId, stepId: ctx.stepId, capability: ctx.capability })) as RecordedHttpResponse;
  const noBody = answer.status === 204 || answer.status === 304 || init.method === 'HEAD';
  return new Response(noBody ? null : answer.body, { status: answer.status, headers: answer.headers });
}

/** A JSON request body as its value (so a recording compares and diffs it field by field), other bodies as text. */
function jsonOrText(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return body;
  }
}
