import { readMeta, writeMeta } from './schema.ts';
import type { Db } from './sqlite.ts';

/**
 * The full-text index is derived data, kept out of the journal. Rows are indexed in bulk, by
 * rid above a watermark kept in `_amas_meta` (so it rolls back with the rows): one statement
 * per batch cost 9 µs a row where one per row cost 68 µs. Knowledge rids never repeat
 * (AUTOINCREMENT), so "rid above the watermark" is exactly "not indexed yet".
 */
export const KNOWLEDGE_INSERT = `INSERT INTO knowledge (id, agent_id, category, content, metadata, created_at, expires_at, confidence, source, content_hash, search_text)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/**
 * Whether a statement must see an up-to-date index first: the delete and update triggers take
 * terms out of the index, which must not happen for a row whose terms were never put in.
 */
export function needsIndex(sql: string): boolean {
  return sql !== KNOWLEDGE_INSERT && sql.includes('knowledge');
}

/** Indexes every row above the watermark; returns how many. */
export function flushIndex(db: Db): number {
  const mark = Number(readMeta(db, 'fts_rid') ?? 0);
  const top = db.get<{ m: number | null }>('SELECT max(rid) AS m FROM knowledge')?.m ?? 0;
  if (top <= mark) return 0;
  const n = db.run('INSERT INTO knowledge_fts (docid, search_text) SELECT rid, search_text FROM knowledge WHERE rid > ?', [mark]);
  writeMeta(db, 'fts_rid', String(top));
  return n;
}
