/**
 * A parse, static-check or evaluation error inside an expression or template. `offset` and
 * `length` locate it within the text that was given (a template string or a bare expression),
 * so the spec layer can map it onto the YAML scalar and print a caret under it.
 */
export class ExprError extends Error {
  readonly offset: number;
  readonly length: number;
  /** Where in a rendered value the failing string sits (object keys / array indexes); set by render(). */
  path: (string | number)[] | undefined;

  constructor(message: string, offset: number, length = 1, opts: { cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'ExprError';
    this.offset = Math.max(0, offset);
    this.length = Math.max(1, length);
    this.path = undefined;
  }

  /** The same error moved by `delta` characters (an expression's offset inside its template). */
  shifted(delta: number): ExprError {
    const e = new ExprError(this.message, this.offset + delta, this.length, { cause: this.cause });
    e.path = this.path;
    return e;
  }
}
