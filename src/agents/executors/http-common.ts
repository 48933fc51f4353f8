import { NonRetriableError, RetryAfterError } from '../../core/index.ts';

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
