import { searchTextSql } from './canonical.ts';
import { readMeta, writeMeta } from './schema.ts';
import type { Db, Param } from './sqlite.ts';

/**
 * The full-text index is derived data, kept out of the journal. Rows are indexed in bulk, by
 * rid above a watermark kept in `_amas_meta` (so it rolls back with the rows): one statement
 * per batch cost 9 µs a row where one per row cost 68 µs. Knowledge rids never repeat
 * (AUTOINCREMENT), so "rid above the watermark" is exactly "not indexed yet".
 *
 * The words indexed are derived from `content` in SQL when the row is indexed, not bound with
 * the insert: binding them doubled what each insert and each journal record carried (sql.js
 * copies bound strings a character at a time), and that was a fifth of replay time.
 */
export const KNOWLEDGE_INSERT = `INSERT INTO knowledge (id, agent_id, category, content, metadata, created_at, expires_at, confidence, source, content_hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** The insert of journals written before migration 0004 (its 11th parameter was the search text). */
const LEGACY_KNOWLEDGE_INSERT = `INSERT INTO knowledge (id, agent_id, category, content, metadata, created_at, expires_at, confidence, source, content_hash, search_text)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** A journaled statement as the current schema runs it (records written by older versions replay too). */
export function upgradeOp(sql: string, params: readonly Param[]): { sql: string; params: readonly Param[] } {
  return sql === LEGACY_KNOWLEDGE_INSERT ? { sql: KNOWLEDGE_INSERT, params: params.slice(0, 10) } : { sql, params };
}

/**
 * Whether a statement must see an up-to-date index first: the delete and update triggers take
 * terms out of the index, which must not happen for a row whose terms were never put in.
 */
export function needsIndex(sql: string): boolean {
  return sql !== KNOWLEDGE_INSERT && sql.includes('knowledge');
}

/**
 * Indexes rows above the watermark, at most `maxRids` rids' worth (the index of a large replay
 * is built in slices while the store is already usable). Returns how many rows were indexed and
 * whether rows remain. Search and deletes call it without a bound, so they see every row.
 */
export function flushIndex(db: Db, maxRids = Infinity): { n: number; more: boolean } {
  const mark = Number(readMeta(db, 'fts_rid') ?? 0);
  const top = db.get<{ m: number | null }>('SELECT max(rid) AS m FROM knowledge')?.m ?? 0;
  if (top <= mark) return { n: 0, more: false };
  const upto = Math.min(top, mark + maxRids);
  const n = db.run(`INSERT INTO knowledge_fts (docid, search_text) SELECT rid, ${searchTextSql('content')} FROM knowledge WHERE rid > ? AND rid <= ?`, [mark, upto]);
  writeMeta(db, 'fts_rid', String(upto));
  return { n, more: upto < top };
}

/**
 * Indexes rows not indexed yet one slice per turn of the event loop. Before each slice `mode()`
 * says whether to stop (store closing, or a transaction open), join the open write batch (the
 * index rows commit with it) or commit the slice alone; `onTurn(more)` reports whether another
 * slice is scheduled.
 */
export function indexInSlices(db: Db, slice: number, mode: () => 'stop' | 'join' | 'alone', onTurn: (more: boolean) => void): void {
  const step = (): void => {
    const m = mode();
    if (m === 'stop') return onTurn(false);
    let more: boolean;
    if (m === 'join') {
      more = flushIndex(db, slice).more;
    } else {
      db.exec('BEGIN');
      more = flushIndex(db, slice).more;
      db.exec('COMMIT');
    }
    onTurn(more);
    if (more) setImmediate(step);
  };
  setImmediate(step);
}
