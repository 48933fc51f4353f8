/** Errors the user may see carry a stable code and a one-line hint; the CLI maps them to exit codes. */
export class AmasError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  /** Exit code the CLI uses when this error ends a command: 1 = the thing failed, 2 = bad usage. */
  readonly exitCode: 1 | 2;

  constructor(code: string, message: string, opts: { hint?: string; exitCode?: 1 | 2; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'AmasError';
    this.code = code;
    this.hint = opts.hint;
    this.exitCode = opts.exitCode ?? 1;
  }
}

/** Thrown by an executor or step when retrying cannot help (bad input, a 4xx answer, a refused capability). */
export class NonRetriableError extends Error {
  constructor(message: string, opts: { cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'NonRetriableError';
  }
}

/** Asks the retry loop to wait at least `retryAfterMs` before the next attempt (e.g. HTTP 429 Retry-After). */
export class RetryAfterError extends Error {
  readonly retryAfterMs: number;
  constructor(message: string, retryAfterMs: number, opts: { cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'RetryAfterError';
    this.retryAfterMs = retryAfterMs;
  }
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
