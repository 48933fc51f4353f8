import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every level, so equal content has one spelling (and one hash). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === 'object') {
    const src = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(src).sort()) {
      if (src[k] !== undefined) out[k] = sortKeys(src[k]);
    }
    return out;
  }
  return v;
}

export function contentHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

/**
 * What full-text search sees of a content value (SQL over the JSON text `col`): every string,
 * number and boolean leaf in document order, one per line; not the keys. Computed by SQLite when
 * a row is indexed, so the words are never bound from JavaScript nor journaled.
 */
export function searchTextSql(col: string): string {
  return `coalesce((SELECT group_concat(CASE type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE value END, char(10))
    FROM json_tree(${col}) WHERE type IN ('text', 'integer', 'real', 'true', 'false')), '')`;
}
