import { NonRetriableError, RetryAfterError } from '../../core/index.ts';
import type { RecordedHttpResponse } from '../calls.ts';
import type { ExecutorContext } from '../executor.ts';
import { httpRequest, type HttpAnswer, type HttpRequest } from './http-client.ts';

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

export function excerpt(text: string, max = BODY_EXCERPT_CHARS): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max)}…` : oneLine;
}

/**
 * Turns a non-2xx answer into the error the retry loop understands: 4xx (but 408 and 429) can
 * never succeed by retrying; 429 and 5xx can, after retry-after-ms or Retry-After when the server
 * gives one.
 */
export function statusError(res: HttpAnswer, what: string): Error {
  const body = excerpt(res.body.slice(0, BODY_EXCERPT_CHARS * 4));
  const msg = `${what} answered ${res.status}${res.statusText ? ` ${res.statusText}` : ''}${body ? `: ${body}` : ''}`;
  const s = res.status;
  if (s >= 400 && s < 500 && s !== 408 && s !== 429) return new NonRetriableError(msg);
  if (s === 429 || s >= 500) {
    const wait = parseRetryAfterMs(res.headers['retry-after-ms']) ?? parseRetryAfter(res.headers['retry-after']);
    if (wait !== undefined) return new RetryAfterError(msg, wait);
  }
  return new Error(msg);
}

/** A 2xx status. */
export function isOk(res: HttpAnswer): boolean {
  return res.status >= 200 && res.status < 300;
}

export function isJsonContentType(contentType: string | null | undefined): boolean {
  if (!contentType) return false;
  const mime = contentType.split(';')[0]!.trim().toLowerCase();
  return mime === 'application/json' || mime.endsWith('+json') || mime === 'text/json';
}

/** A request failure (DNS, refused connection, reset) as a message naming the target. */
export function networkError(err: unknown, what: string): Error {
  const e = err as { code?: unknown; cause?: { code?: string; message?: string } };
  const detail = (typeof e.code === 'string' ? e.code : undefined) ?? e.cause?.code ?? e.cause?.message ?? (err instanceof Error ? err.message : String(err));
  return new Error(`${what} failed: ${detail}`, { cause: err });
}

/** What `fetchVia` needs of the executor context: the test hook and where the call is made. */
export type CallContext = Pick<ExecutorContext, 'calls' | 'runId' | 'stepId' | 'capability'>;

/** Response headers a recording keeps: the ones executors read. */
const KEPT_RESPONSE_HEADERS = ['content-type', 'retry-after', 'retry-after-ms'];

/**
 * One request over the network, or — under `amas test` (`ctx.calls` set) — the same request
 * handed to the test hook as plain JSON, which records the real answer or replays a recorded one.
 * The answer has one shape either way, so the executors read it with one code path.
 */
export async function fetchVia(ctx: CallContext | undefined, kind: 'llm' | 'http', url: URL, init: HttpRequest): Promise<HttpAnswer> {
  const calls = ctx?.calls;
  if (!calls) return httpRequest(url, init);
  const headers: Record<string, string> = {};
  init.headers.forEach((value, name) => (headers[name.toLowerCase()] = value));
  const request: Record<string, unknown> = { method: init.method, url: url.href, headers };
  if (init.body !== undefined) request['body'] = jsonOrText(init.body);
  const send = async (): Promise<RecordedHttpResponse> => {
    const res = await httpRequest(url, init);
    if (res.truncated) throw new NonRetriableError(`${init.method} ${url.href}: response larger than ${init.maxBytes} bytes`);
    const kept: Record<string, string> = {};
    for (const name of KEPT_RESPONSE_HEADERS) {
      const v = res.headers[name];
      if (v !== undefined) kept[name] = v;
    }
    return { status: res.status, headers: kept, body: res.body };
  };
  const answer = (await calls.call({ kind, request }, send, { runId: ctx.runId, stepId: ctx.stepId, capability: ctx.capability })) as RecordedHttpResponse;
  const noBody = answer.status === 204 || answer.status === 304 || init.method === 'HEAD';
  const answerHeaders: Record<string, string> = {};
  for (const [name, value] of Object.entries(answer.headers ?? {})) answerHeaders[name.toLowerCase()] = value;
  return { status: answer.status, statusText: '', headers: answerHeaders, body: noBody ? '' : answer.body, truncated: false, url: url.href };
}

/** A JSON request body as its value (so a recording compares and diffs it field by field), other bodies as text. */
function jsonOrText(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return body;
  }
}
