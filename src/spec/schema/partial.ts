import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import type { PathSeg } from '../locate.ts';

/**
 * For a file that failed the schema, the largest schema-valid part of it, so that the semantic
 * rules still check everything that parsed: one `validate` run then shows a schema error
 * (`timeout: 30`) together with the same file's reference, needs and cron errors.
 *
 * Each round validates a copy, then drops what ajv complained about from a working tree that
 * keeps the original shape: a key for an unknown or wrong-typed property, the whole object for
 * a missing required one. Dropped array elements are left as holes in the working tree and
 * removed only from the copy handed to validation, with a map from the copy's indexes back to
 * the file's, so that a rule reporting `steps[1]` of the partial spec still points at the step
 * the file has at that place (see `originalPath`).
 */
export interface PartialSpec {
  spec: unknown;
  /** Per array (keyed by its path in the file), the file index of each index of the spec. */
  indexMap: Map<string, number[]>;
}

const HOLE: unique symbol = Symbol('dropped');
const MAX_ROUNDS = 12;

export function partialSpec(validate: ValidateFunction, data: unknown): PartialSpec | undefined {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return undefined;
  const work = structuredClone(data) as Record<string, unknown>;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const indexMap = new Map<string, number[]>();
    const copy = withoutHoles(work, [], indexMap);
    if (validate(copy)) return { spec: copy, indexMap };
    const drops = (validate.errors ?? []).map((e) => dropPath(e)).map((p) => originalPath(p, indexMap));
    if (drops.some((p) => p.length === 0)) return undefined;
    let changed = false;
    // Deepest first, so that dropping a parent does not leave a child's path dangling.
    for (const p of drops.sort((a, b) => b.length - a.length)) changed = drop(work, p) || changed;
    if (!changed) return undefined;
  }
  return undefined;
}

/** Translates a path in a partial spec into the path of the same node in the file. */
export function originalPath(path: readonly PathSeg[], indexMap: ReadonlyMap<string, number[]> | undefined): PathSeg[] {
  if (!indexMap || indexMap.size === 0) return [...path];
  const out: PathSeg[] = [];
  for (const seg of path) {
    const map = typeof seg === 'number' ? indexMap.get(key(out)) : undefined;
    out.push(map && typeof seg === 'number' ? (map[seg] ?? seg) : seg);
  }
  return out;
}

/** What to remove for one ajv error, as a path in the validated copy. */
function dropPath(e: ErrorObject): PathSeg[] {
  const path = pointer(e.instancePath);
  const p = e.params as { additionalProperty?: unknown; unevaluatedProperty?: unknown };
  if (e.keyword === 'additionalProperties' && typeof p.additionalProperty === 'string') return [...path, p.additionalProperty];
  if (e.keyword === 'unevaluatedProperties' && typeof p.unevaluatedProperty === 'string') return [...path, p.unevaluatedProperty];
  return path;
}

function pointer(ptr: string): PathSeg[] {
  if (ptr === '') return [];
  return ptr
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9]\d*)$/.test(s) ? Number(s) : s));
}

function drop(root: unknown, path: readonly PathSeg[]): boolean {
  let node: unknown = root;
  for (const seg of path.slice(0, -1)) {
    if (node === null || typeof node !== 'object') return false;
    node = (node as Record<string | number, unknown>)[seg];
  }
  const last = path[path.length - 1];
  if (last === undefined || node === null || typeof node !== 'object') return false;
  if (Array.isArray(node)) {
    if (typeof last !== 'number' || last >= node.length || node[last] === HOLE) return false;
    node[last] = HOLE;
    return true;
  }
  const obj = node as Record<string, unknown>;
  if (!Object.hasOwn(obj, last)) return false;
  delete obj[last];
  return true;
}

/** A fresh copy of the working tree without dropped elements; records the index maps. */
function withoutHoles(v: unknown, path: PathSeg[], indexMap: Map<string, number[]>): unknown {
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    const map: number[] = [];
    v.forEach((item, i) => {
      if (item === HOLE) return;
      map.push(i);
      out.push(withoutHoles(item, [...path, i], indexMap));
    });
    if (map.length !== v.length) indexMap.set(key(path), map);
    return out;
  }
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    // defineProperty: a key named `__proto__` stays a key
    for (const [k, x] of Object.entries(v)) Object.defineProperty(out, k, { value: withoutHoles(x, [...path, k], indexMap), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return v;
}

function key(path: readonly PathSeg[]): string {
  return JSON.stringify(path);
}
