import { checkJsonLimits, DEFAULT_JSON_LIMITS } from '../core/index.ts';
import { ExprError } from './errors.ts';

/**
 * Bounds on what an expression may produce: a string of at most 8 Mi characters, and values no
 * larger or deeper than DEFAULT_JSON_LIMITS. Without them a 300 KB input amplified by
 * `join`, `format` or `+` reaches a string V8 cannot build or the journal cannot encode, and a
 * `fromJSON` of a deeply nested text overflows every recursive JSON walker after it.
 */
export const MAX_RESULT_CHARS = DEFAULT_JSON_LIMITS.maxBytes;

export function tooLong(length: number): boolean {
  return length > MAX_RESULT_CHARS;
}

/** The value, or an ExprError at `node` saying why it is too large. Strings cost O(1); objects a walk. */
export function bounded<T>(v: T, node: { start: number; end: number }): T {
  if (typeof v === 'string') {
    if (tooLong(v.length)) throw resultError(`the result is longer than ${MAX_RESULT_CHARS / (1024 * 1024)} Mi characters`, node);
    return v;
  }
  if (v !== null && typeof v === 'object') {
    const problem = checkJsonLimits(v, DEFAULT_JSON_LIMITS);
    if (problem) throw resultError(`the result is ${problem.reason}`, node);
  }
  return v;
}

export function resultError(msg: string, node: { start: number; end: number }): ExprError {
  return new ExprError(`${msg}: expression results are limited to ${DEFAULT_JSON_LIMITS.maxBytes / (1024 * 1024)} MiB and ${DEFAULT_JSON_LIMITS.maxDepth} levels`, node.start, node.end - node.start);
}

/** A RangeError from building a string or walking a value (too long, too deep) as a located ExprError. */
export function asLimitError(err: unknown, node: { start: number; end: number }): unknown {
  if (err instanceof RangeError) return resultError('the result is too large or too deeply nested to build', node);
  return err;
}
