import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every level, so equal content has one spelling (and one hash). */
export function canonicalJson(value: unknown): string {
  return canon(value) ?? 'null';
}

const isLeaf = (v: unknown): boolean => v === null || typeof v !== 'object';

/**
 * What `JSON.stringify(value, sortKeys)` writes, with arrays and objects whose members are all
 * leaves handed to the native JSON.stringify whole: a replacer is a call into JS per value, and
 * a layered 10,000-step spec has a million `needs` strings (230 → ≈ 40 ms).
 */
function canon(v: unknown): string | undefined {
  if (isLeaf(v)) return JSON.stringify(v) as string | undefined;
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return canon((v as { toJSON(): unknown }).toJSON());
  if (Array.isArray(v)) {
    if (v.every(isLeaf)) return JSON.stringify(v);
    let out = '[';
    for (let i = 0; i < v.length; i++) out += `${i > 0 ? ',' : ''}${canon(v[i]) ?? 'null'}`;
    return `${out}]`;
  }
  const o = sortKeys('', v) as Record<string, unknown>;
  const keys = Object.keys(o);
  if (keys.every((k) => isLeaf(o[k]))) return JSON.stringify(o);
  let out = '{';
  for (const k of keys) {
    const s = canon(o[k]);
    if (s === undefined) continue;
    out += `${out.length > 1 ? ',' : ''}${JSON.stringify(k)}:${s}`;
  }
  return `${out}}`;
}

function sortKeys(_key: string, v: unknown): unknown {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
  const obj = v as Record<string, unknown>;
  const keys = Object.keys(obj);
  let sorted = true;
  for (let i = 1; i < keys.length && sorted; i++) if (keys[i - 1]! > keys[i]!) sorted = false;
  if (sorted) return v;
  const out: Record<string, unknown> = {};
  for (const k of keys.sort()) out[k] = obj[k];
  return out;
}

/**
 * sha256 (hex) of `canonicalJson(value)`, fed to the hash piece by piece: a layered
 * 10,000-step workflow is 9 MB of JSON, which this never holds as one string.
 */
export function canonicalHash(value: unknown, depth = 2): string {
  const h = createHash('sha256');
  writeJson(value, (piece) => void h.update(piece), { sorted: true, depth });
  return h.digest('hex');
}

const skipped = (v: unknown): boolean => v === undefined || typeof v === 'function' || typeof v === 'symbol';

/**
 * Writes `JSON.stringify(value)` — or, `sorted`, `canonicalJson(value)` — to `sink` in pieces:
 * objects and arrays down to `depth` levels are written member by member, deeper values whole.
 */
export function writeJson(value: unknown, sink: (piece: string) => void, opts: { sorted: boolean; depth: number }): void {
  const { sorted } = opts;
  const whole = sorted ? canonicalJson : (v: unknown) => JSON.stringify(v) ?? 'null';
  const write = (v: unknown, depth: number): void => {
    if (depth <= 0 || v === null || typeof v !== 'object' || typeof (v as { toJSON?: unknown }).toJSON === 'function') {
      sink(whole(v));
    } else if (Array.isArray(v)) {
      sink('[');
      for (let i = 0; i < v.length; i++) {
        if (i > 0) sink(',');
        const e: unknown = v[i];
        if (skipped(e)) sink('null');
        else write(e, depth - 1);
      }
      sink(']');
    } else {
      // Sorted: the order canonicalJson writes — sorted, except that integer-like keys come first
      // in numeric order (an object built in sorted order still enumerates them that way).
      const o = (sorted ? sortKeys('', v) : v) as Record<string, unknown>;
      let sep = '{';
      for (const k of Object.keys(o)) {
        const e = o[k];
        if (skipped(e)) continue;
        sink(`${sep}${JSON.stringify(k)}:`);
        sep = ',';
        write(e, depth - 1);
      }
      sink(sep === '{' ? '{}' : '}');
    }
  };
  write(value, opts.depth);
}
