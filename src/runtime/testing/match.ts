import { canonicalJson } from '../../core/index.ts';

/**
 * Request headers that differ between two runs of the same test (credentials, clocks, ids, client
 * versions): left out of recordings and of matching.
 */
export const VOLATILE_HEADERS: ReadonlySet<string> = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'user-agent',
  'date',
  'idempotency-key',
  'x-request-id',
  'request-id',
  'x-correlation-id',
  'traceparent',
  'tracestate',
  'x-api-key',
  'api-key',
  'content-length',
]);

/**
 * A request as recorded: a deep copy with the volatile headers dropped and header names in lower
 * case; an absolute `url` is split into `origin` (scheme, host, port — where the endpoint is
 * depends on the environment, so matching leaves it out) and `url` (path and query).
 */
export function normaliseRequest(request: Record<string, unknown>): Record<string, unknown> {
  const out = structuredClone(request);
  const url = out['url'];
  if (typeof url === 'string') {
    try {
      const u = new URL(url);
      out['origin'] = u.origin;
      out['url'] = `${u.pathname}${u.search}`;
    } catch {
      // not absolute: kept as it is
    }
  }
  const headers = out['headers'];
  if (headers && typeof headers === 'object' && !Array.isArray(headers)) {
    const kept: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(headers)) if (!VOLATILE_HEADERS.has(k.toLowerCase())) kept[k.toLowerCase()] = v;
    out['headers'] = kept;
  }
  return out;
}

type Seg = string | number | '*';

/** `body.messages[*].content` → ['body', 'messages', '*', 'content']. The schema checks the syntax. */
export function parseIgnorePath(path: string): Seg[] {
  const segs: Seg[] = [];
  for (const part of path.split('.')) {
    const m = /^([^[\]]+)((?:\[(?:\d+|\*)\])*)$/.exec(part);
    if (!m) {
      segs.push(part);
      continue;
    }
    segs.push(m[1]!);
    for (const idx of m[2]!.matchAll(/\[(\d+|\*)\]/g)) segs.push(idx[1] === '*' ? '*' : Number(idx[1]));
  }
  return segs;
}

/** Fields never compared: the endpoint's address (see normaliseRequest). */
const ALWAYS_IGNORED: readonly Seg[][] = [['origin']];

/** A copy of `value` without `origin` and the fields the ignore paths name (missing paths are fine). */
export function withoutIgnored(value: Record<string, unknown>, ignore: readonly Seg[][]): Record<string, unknown> {
  const copy = structuredClone(value);
  for (const path of ALWAYS_IGNORED) drop(copy, path);
  for (const path of ignore) drop(copy, path);
  return copy;
}

function drop(node: unknown, path: readonly Seg[]): void {
  if (node === null || typeof node !== 'object' || path.length === 0) return;
  const [head, ...rest] = path;
  const keys = head === '*' ? (Array.isArray(node) ? node.map((_, i) => i) : Object.keys(node)) : [head!];
  for (const k of keys) {
    if (rest.length === 0) {
      if (Array.isArray(node) && typeof k === 'number') node[k] = null;
      else delete (node as Record<string, unknown>)[String(k)];
    } else drop((node as Record<string | number, unknown>)[k as string], rest);
  }
}

/** Equal as JSON, whatever the key order. */
export function sameRequest(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** One difference between a recorded and a live request: where, and both values. */
export interface Difference {
  path: string;
  recorded: unknown;
  live: unknown;
}

const MISSING = Symbol('missing');

/** Every leaf where two JSON values differ (recorded first), as readable paths. */
export function differences(recorded: unknown, live: unknown, at = ''): Difference[] {
  const out: Difference[] = [];
  walk(recorded, live, at, out);
  return out;
}

function walk(a: unknown, b: unknown, at: string, out: Difference[]): void {
  if (a === b) return;
  const aObj = a !== null && typeof a === 'object';
  const bObj = b !== null && typeof b === 'object';
  if (aObj && bObj && Array.isArray(a) === Array.isArray(b)) {
    if (Array.isArray(a) && Array.isArray(b)) {
      for (let i = 0; i < Math.max(a.length, b.length); i++) walk(i < a.length ? a[i] : MISSING, i < b.length ? b[i] : MISSING, `${at}[${i}]`, out);
      return;
    }
    const ao = a as Record<string, unknown>;
    const bo = b as Record<string, unknown>;
    const keys = [...new Set([...Object.keys(ao), ...Object.keys(bo)])].sort();
    for (const k of keys) walk(Object.hasOwn(ao, k) ? ao[k] : MISSING, Object.hasOwn(bo, k) ? bo[k] : MISSING, at === '' ? k : `${at}.${k}`, out);
    return;
  }
  if (canonicalJson(a) === canonicalJson(b)) return;
  out.push({ path: at === '' ? '(request)' : at, recorded: a === MISSING ? undefined : a, live: b === MISSING ? undefined : b });
}

/** A difference as text: `path: recorded X / now Y`, long strings cut around where they start to differ. */
export function describeDifference(d: Difference): string {
  const show = (v: unknown): string => (v === undefined ? '(absent)' : JSON.stringify(v));
  if (typeof d.recorded === 'string' && typeof d.live === 'string') {
    const { a, b } = aroundFirstChange(d.recorded, d.live);
    return `${d.path}:\n    - recorded: ${JSON.stringify(a)}\n    + now:      ${JSON.stringify(b)}`;
  }
  return `${d.path}:\n    - recorded: ${clip(show(d.recorded))}\n    + now:      ${clip(show(d.live))}`;
}

function clip(s: string, max = 300): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

/** Two long strings shown from a little before their first differing character. */
function aroundFirstChange(a: string, b: string, context = 40, max = 200): { a: string; b: string } {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const start = Math.max(0, i - context);
  const cut = (s: string) => `${start > 0 ? '…' : ''}${s.slice(start, start + max)}${s.length > start + max ? '…' : ''}`;
  return { a: cut(a), b: cut(b) };
}
