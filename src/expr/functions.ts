import { toText } from './values.ts';

/**
 * The built-in functions: pure, deterministic, no access to anything but their arguments.
 * `knowledge` is the one exception and is provided by the scope (see evaluate.ts).
 * A function throws a FnError with a plain message; the evaluator locates it at the call.
 */
export class FnError extends Error {}

type Fn = (args: unknown[]) => unknown;

function str(v: unknown, fn: string, i: number): string {
  if (typeof v === 'string') return v;
  throw new FnError(`${fn}() expects a string as argument ${i + 1}, got ${typeName(v)}`);
}

export function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function arity(fn: string, args: unknown[], min: number, max = min): void {
  if (args.length < min || args.length > max) {
    const want = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
    throw new FnError(`${fn}() takes ${want} argument${want === '1' ? '' : 's'}, got ${args.length}`);
  }
}

/** Structural equality over JSON-like values; `==` and `contains` use it. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a == null || b == null) return a == null && b == null;
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return (
    ka.length === kb.length &&
    ka.every((k) => Object.hasOwn(b, k) && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}

const MAX_JSON_INPUT = 1_000_000;

export const FUNCTIONS: ReadonlyMap<string, Fn> = new Map<string, Fn>([
  ['contains', (a) => {
    arity('contains', a, 2);
    const [hay, needle] = a;
    if (typeof hay === 'string') return hay.includes(toText(needle));
    if (Array.isArray(hay)) return hay.some((x) => deepEqual(x, needle));
    if (hay == null) return false;
    throw new FnError(`contains() expects a string or an array, got ${typeName(hay)}`);
  }],
  ['startsWith', (a) => (arity('startsWith', a, 2), str(a[0], 'startsWith', 0).startsWith(str(a[1], 'startsWith', 1)))],
  ['endsWith', (a) => (arity('endsWith', a, 2), str(a[0], 'endsWith', 0).endsWith(str(a[1], 'endsWith', 1)))],
  ['lower', (a) => (arity('lower', a, 1), str(a[0], 'lower', 0).toLowerCase())],
  ['upper', (a) => (arity('upper', a, 1), str(a[0], 'upper', 0).toUpperCase())],
  ['trim', (a) => (arity('trim', a, 1), str(a[0], 'trim', 0).trim())],
  ['split', (a) => (arity('split', a, 2), str(a[0], 'split', 0).split(str(a[1], 'split', 1)))],
  ['join', (a) => {
    arity('join', a, 1, 2);
    const sep = a.length > 1 ? str(a[1], 'join', 1) : ',';
    if (typeof a[0] === 'string') return a[0];
    if (!Array.isArray(a[0])) throw new FnError(`join() expects an array, got ${typeName(a[0])}`);
    return a[0].map(toText).join(sep);
  }],
  ['len', (a) => {
    arity('len', a, 1);
    const v = a[0];
    if (typeof v === 'string' || Array.isArray(v)) return v.length;
    if (v !== null && typeof v === 'object') return Object.keys(v).length;
    if (v === undefined || v === null) return 0;
    throw new FnError(`len() expects a string, array or object, got ${typeName(v)}`);
  }],
  ['keys', (a) => {
    arity('keys', a, 1);
    const v = a[0];
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) return Object.keys(v);
    throw new FnError(`keys() expects an object, got ${typeName(v)}`);
  }],
  ['toJSON', (a) => (arity('toJSON', a, 1, 2), JSON.stringify(a[0] ?? null, null, a[1] === undefined ? undefined : Number(a[1])))],
  ['fromJSON', (a) => {
    arity('fromJSON', a, 1);
    const s = str(a[0], 'fromJSON', 0);
    if (s.length > MAX_JSON_INPUT) throw new FnError(`fromJSON() input is larger than ${MAX_JSON_INPUT} characters`);
    try {
      return JSON.parse(s) as unknown;
    } catch (err) {
      throw new FnError(`fromJSON(): ${(err as Error).message}`);
    }
  }],
  ['format', (a) => {
    arity('format', a, 1, Infinity);
    const [fmt, ...rest] = a;
    // `{0}` is replaced by the first value; `{{` and `}}` are literal braces (as in GitHub Actions)
    return str(fmt, 'format', 0).replace(/\{\{|\}\}|\{(\d+)\}/g, (m: string, n: string | undefined) => {
      if (m === '{{') return '{';
      if (m === '}}') return '}';
      const i = Number(n);
      if (i >= rest.length) throw new FnError(`format(): {${i}} has no value (${rest.length} given)`);
      return toText(rest[i]);
    });
  }],
  ['default', (a) => (arity('default', a, 2), a[0] ?? a[1])],
  ['coalesce', (a) => (arity('coalesce', a, 1, Infinity), a.find((v) => v != null) ?? null)],
  ['string', (a) => (arity('string', a, 1), toText(a[0]))],
  ['number', (a) => {
    arity('number', a, 1);
    const v = a[0];
    const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : typeof v === 'boolean' ? Number(v) : NaN;
    if (!Number.isFinite(n)) throw new FnError(`number(): cannot convert ${JSON.stringify(v) ?? typeName(v)} to a number`);
    return n;
  }],
  ['round', (a) => {
    arity('round', a, 1, 2);
    if (typeof a[0] !== 'number') throw new FnError(`round() expects a number, got ${typeName(a[0])}`);
    const p = 10 ** (typeof a[1] === 'number' ? a[1] : 0);
    return Math.round(a[0] * p) / p;
  }],
  ['min', (a) => (arity('min', a, 1, Infinity), Math.min(...a.map((x, i) => num(x, 'min', i))))],
  ['max', (a) => (arity('max', a, 1, Infinity), Math.max(...a.map((x, i) => num(x, 'max', i))))],
]);

function num(v: unknown, fn: string, i: number): number {
  if (typeof v === 'number') return v;
  throw new FnError(`${fn}() expects numbers, got ${typeName(v)} as argument ${i + 1}`);
}

/** Names callable in an expression: the built-ins plus `knowledge(category, limit)` from the scope. */
export const FUNCTION_NAMES: readonly string[] = [...FUNCTIONS.keys(), 'knowledge'].sort();
