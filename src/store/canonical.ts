import { createHash } from 'node:crypto';

/** sha256 (hex) of a value's canonical JSON (`canonicalJson` from core), given that JSON. */
export function contentHash(canonical: string): string {
  return createHash('sha256').update(canonical).digest('hex');
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
