import { AmasError, canonicalJson, newId } from '../core/index.ts';
import { contentHash } from './canonical.ts';
import { KNOWLEDGE_INSERT } from './fts.ts';
import { bm25, toMatchQuery } from './search.ts';
import type { Param } from './sqlite.ts';
import type { StoreCore, Tx, WriteOptions } from './types.ts';

/** One knowledge base entry (SEED-FEATURES "Knowledge manager"). Times are epoch milliseconds. */
export interface KnowledgeEntry {
  id: string;
  agentId: string | null;
  category: string;
  content: unknown;
  metadata: Record<string, unknown>;
  createdAt: number;
  expiresAt: number | null;
  confidence: number;
  source: string | null;
  contentHash: string;
}

export interface KnowledgeInput {
  category: string;
  content: unknown;
  agentId?: string | null;
  metadata?: Record<string, unknown>;
  /** 0..1, default 1. */
  confidence?: number;
  source?: string | null;
  /** Absolute expiry (epoch ms); or use ttlMs. */
  expiresAt?: number | null;
  ttlMs?: number;
  /** Kept by import; normally generated. */
  id?: string;
  createdAt?: number;
}

export interface StoreResult {
  id: string;
  /** true when identical content already existed in this category: nothing new was written. */
  duplicate: boolean;
}

export interface RetrieveQuery {
  category?: string;
  agentId?: string;
  /** Default 100. */
  limit?: number;
  minConfidence?: number;
}

/**
 * The categories amas writes itself, one entry per executed step and per run: bookkeeping, not
 * knowledge an agent chose to keep. Search leaves them out unless asked (by naming one as the
 * category, or with `includeBookkeeping`), and the cleanup keeps them for
 * `store.bookkeeping_retention` only.
 */
export const BOOKKEEPING_CATEGORIES: readonly string[] = ['task_execution', 'workflow_execution'];

/** Which entries `KnowledgeStore.remove` deletes: by id, or by category and/or age (at least one). */
export interface RemoveQuery {
  ids?: readonly string[];
  category?: string;
  /** Only entries created before this time (epoch ms). */
  before?: number;
}

export interface SearchQuery {
  /** Search the bookkeeping categories too (default: only when `category` names one). */
  includeBookkeeping?: boolean;
  category?: string;
  agentId?: string;
  minConfidence?: number;
  /** Default 20. */
  limit?: number;
}

export interface SearchHit {
  entry: KnowledgeEntry;
  /** BM25 score; higher is better. */
  score: number;
  /** Matching text with the hits in [brackets]. */
  snippet: string;
}

export interface ShareInput {
  from: string;
  to: string;
  category: string;
  content: unknown;
  /** What kind of hand-over this is (default 'direct'). */
  kind?: string;
  confidence?: number;
  metadata?: Record<string, unknown>;
}

interface KnowledgeRow {
  rid: number;
  id: string;
  agent_id: string | null;
  category: string;
  content: string;
  metadata: string;
  created_at: number;
  expires_at: number | null;
  confidence: number;
  source: string | null;
  content_hash: string;
}

const COLS = 'k.rid, k.id, k.agent_id, k.category, k.content, k.metadata, k.created_at, k.expires_at, k.confidence, k.source, k.content_hash';
const LIVE = '(k.expires_at IS NULL OR k.expires_at > ?)';

function toEntry(r: KnowledgeRow): KnowledgeEntry {
  return {
    id: r.id,
    agentId: r.agent_id,
    category: r.category,
    content: JSON.parse(r.content) as unknown,
    metadata: JSON.parse(r.metadata) as Record<string, unknown>,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    confidence: r.confidence,
    source: r.source,
    contentHash: r.content_hash,
  };
}

function invalid(message: string): AmasError {
  return new AmasError('AMAS_KNOWLEDGE_INVALID', message, { exitCode: 2 });
}

/** Latest instant a stored time may name: 9999-12-31T23:59:59.999Z (`Date` formats up to here as ISO). */
export const MAX_TIME_MS = 253_402_300_799_999;
/** Longest category, agent id or entry id: names, not documents. */
export const MAX_NAME_LENGTH = 256;
const MAX_SOURCE_LENGTH = 4096;

function time(v: unknown, field: string): void {
  if (v === undefined || v === null) return;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > MAX_TIME_MS) {
    throw invalid(`${field} must be epoch milliseconds between 1970 and 9999 (got ${String(v).slice(0, 40)})`);
  }
}

function name(v: unknown, field: string, max: number, optional: boolean): void {
  if (optional && (v === undefined || v === null)) return;
  if (typeof v !== 'string' || (!optional && v.trim() === '')) throw invalid(`${field} must be a non-empty string`);
  if (v.length > max) throw invalid(`${field} is ${v.length} characters long; the limit is ${max}`);
}

/**
 * What every stored entry satisfies, whichever way it arrives (runs, CLI, socket, import):
 * times an ISO date can show, a confidence SQLite's CHECK accepts, names of sane length.
 */
export function validateKnowledgeInput(input: KnowledgeInput): void {
  name(input.category, 'category', MAX_NAME_LENGTH, false);
  if (input.content === undefined) throw invalid('knowledge needs content (any JSON value)');
  const c = input.confidence;
  if (c !== undefined && (typeof c !== 'number' || !(c >= 0 && c <= 1))) throw invalid(`confidence must be between 0 and 1 (got ${String(c)})`);
  if (input.metadata !== undefined && (input.metadata === null || typeof input.metadata !== 'object' || Array.isArray(input.metadata))) {
    throw invalid('metadata must be a JSON object');
  }
  name(input.agentId, 'agentId', MAX_NAME_LENGTH, true);
  name(input.id, 'id', MAX_NAME_LENGTH, true);
  if (input.id !== undefined && input.id.trim() === '') throw invalid('id must be a non-empty string');
  name(input.source, 'source', MAX_SOURCE_LENGTH, true);
  time(input.createdAt, 'createdAt');
  time(input.expiresAt, 'expiresAt');
  const ttl = input.ttlMs;
  if (ttl !== undefined && (typeof ttl !== 'number' || !Number.isFinite(ttl) || ttl < 0 || ttl > MAX_TIME_MS)) throw invalid(`ttlMs must be a duration in milliseconds (got ${String(ttl)})`);
}

function filters(q: { category?: string; agentId?: string; minConfidence?: number }, now: number) {
  const where = [LIVE];
  const params: Param[] = [now];
  if (q.category !== undefined) {
    where.push('k.category = ?');
    params.push(q.category);
  }
  if (q.agentId !== undefined) {
    where.push('k.agent_id = ?');
    params.push(q.agentId);
  }
  if (q.minConfidence !== undefined) {
    where.push('k.confidence >= ?');
    params.push(q.minConfidence);
  }
  return { where: where.join(' AND '), params };
}

/** The knowledge manager: dedup on (category, canonical content hash), expiry, sharing, ranked search. */
export class KnowledgeStore {
  constructor(private readonly core: StoreCore) {}

  /** Stores an entry unless identical content is already live in its category. */
  async store(input: KnowledgeInput, opts?: WriteOptions): Promise<StoreResult> {
    validateKnowledgeInput(input);
    const result = await this.core.transaction((tx) => this.insert(tx, input), opts);
    // A duplicate wrote nothing, but the original may still be in flight: answer once it is durable.
    if (result.duplicate && opts?.durable !== false) await this.core.sync();
    return result;
  }

  /** The insert as a step of a larger transaction (e.g. the engine storing a task_execution with its run). */
  insert(tx: Tx, raw: KnowledgeInput): StoreResult {
    validateKnowledgeInput(raw);
    const input = { ...raw, content: tx.mask(raw.content), metadata: tx.mask(raw.metadata), source: tx.mask(raw.source) };
    const canonical = canonicalJson(input.content);
    const hash = contentHash(canonical);
    const existing = tx.get<{ id: string; expires_at: number | null }>('SELECT id, expires_at FROM knowledge WHERE category = ? AND content_hash = ?', [
      input.category,
      hash,
    ]);
    if (existing) {
      if (existing.expires_at === null || existing.expires_at > tx.now) return { id: existing.id, duplicate: true };
      tx.run('DELETE FROM knowledge WHERE id = ?', [existing.id]);
    }
    if (input.id !== undefined && tx.get('SELECT 1 AS x FROM knowledge WHERE id = ?', [input.id])) return { id: input.id, duplicate: true };
    const id = input.id ?? newId('kn_');
    const createdAt = input.createdAt ?? tx.now;
    // A TTL past year 9999 means "for good" in practice; the stored time stays one a date can show.
    const expiresAt = input.expiresAt ?? (input.ttlMs !== undefined ? Math.min(createdAt + input.ttlMs, MAX_TIME_MS) : null);
    tx.run(
      KNOWLEDGE_INSERT,
      [
        id,
        input.agentId ?? null,
        input.category,
        canonical,
        JSON.stringify(input.metadata ?? {}),
        createdAt,
        expiresAt,
        input.confidence ?? 1,
        input.source ?? null,
        hash,
      ],
    );
    return { id, duplicate: false };
  }

  /** One agent hands content to another: it lands under `shared_<category>` for the receiver. */
  share(input: ShareInput, opts?: WriteOptions): Promise<StoreResult> {
    return this.store(sharedEntry(input, this.core.clock.now()), opts);
  }


  /** An entry by id, unless it has expired. */
  get(id: string): KnowledgeEntry | undefined {
    const now = this.core.clock.now();
    const r = this.core.read((db) => db.get<KnowledgeRow>(`SELECT ${COLS} FROM knowledge k WHERE k.id = ? AND ${LIVE}`, [id, now]));
    return r ? toEntry(r) : undefined;
  }

  /** Live entries, newest first. */
  retrieve(q: RetrieveQuery = {}): KnowledgeEntry[] {
    const f = filters(q, this.core.clock.now());
    const limit = Math.max(0, Math.floor(q.limit ?? 100));
    const rows = this.core.read((db) =>
      db.all<KnowledgeRow>(`SELECT ${COLS} FROM knowledge k WHERE ${f.where} ORDER BY k.created_at DESC, k.rid DESC LIMIT ?`, [...f.params, limit]),
    );
    return rows.map(toEntry);
  }

  count(q: Omit<RetrieveQuery, 'limit'> = {}): number {
    const f = filters(q, this.core.clock.now());
    return this.core.read((db) => db.get<{ n: number }>(`SELECT count(*) AS n FROM knowledge k WHERE ${f.where}`, f.params)?.n ?? 0);
  }

  /** Entries created after `since`, expired or not (the monitor's write rate). */
  countCreatedSince(since: number): number {
    return this.core.read((db) => db.get<{ n: number }>('SELECT count(*) AS n FROM knowledge WHERE created_at > ?', [since])?.n ?? 0);
  }

  /** Full-text search over content, ranked by BM25; every word must occur, `word*` matches a prefix. */
  search(text: string, q: SearchQuery = {}): SearchHit[] {
    const match = toMatchQuery(text);
    if (!match) return [];
    const f = filters(q, this.core.clock.now());
    if (q.category === undefined && q.includeBookkeeping !== true) {
      f.where += ` AND k.category NOT IN (${BOOKKEEPING_CATEGORIES.map(() => '?').join(', ')})`;
      f.params.push(...BOOKKEEPING_CATEGORIES);
    }
    const limit = Math.max(0, Math.floor(q.limit ?? 20));
    this.core.updateIndex();
    return this.core.read((db) => {
      // Rank from the FTS index alone (no join per match), then apply the filters to the best
      // candidates in slices until `limit` of them pass: the join was most of the cost.
      const ranked = db
        .all<{ rid: number; mi: Uint8Array }>(`SELECT docid AS rid, matchinfo(knowledge_fts, 'pcnalx') AS mi FROM knowledge_fts WHERE knowledge_fts MATCH ?`, [match])
        .map((r) => ({ rid: r.rid, score: bm25(r.mi) }))
        .sort((a, b) => b.score - a.score || b.rid - a.rid);
      const chosen: { rid: number; score: number }[] = [];
      const slice = Math.max(limit * 2, 64);
      for (let i = 0; i < ranked.length && chosen.length < limit; i += slice) {
        const part = ranked.slice(i, i + slice);
        const pass = new Set(
          db.all<{ rid: number }>(`SELECT k.rid FROM knowledge k WHERE k.rid IN (${part.map(() => '?').join(',')}) AND ${f.where}`, [...part.map((r) => r.rid), ...f.params]).map((r) => r.rid),
        );
        for (const r of part) if (pass.has(r.rid) && chosen.length < limit) chosen.push(r);
      }
      if (chosen.length === 0) return [];
      // Snippets cost a pass over the text, so only the rows we return get one.
      const rows = db.all<KnowledgeRow & { snip: string }>(
        `SELECT ${COLS}, snippet(knowledge_fts, '[', ']', '…', -1, 12) AS snip
         FROM knowledge_fts JOIN knowledge k ON k.rid = knowledge_fts.docid
         WHERE knowledge_fts MATCH ? AND knowledge_fts.docid IN (${chosen.map(() => '?').join(',')})`,
        [match, ...chosen.map((r) => r.rid)],
      );
      const byRid = new Map(rows.map((r) => [r.rid, r]));
      return chosen.flatMap((r) => {
        const row = byRid.get(r.rid);
        return row ? [{ entry: toEntry(row), score: r.score, snippet: row.snip }] : [];
      });
    });
  }

  /** Deletes expired entries; resolves with how many. */
  prune(opts?: WriteOptions): Promise<number> {
    return this.core.transaction((tx) => tx.run('DELETE FROM knowledge WHERE expires_at IS NOT NULL AND expires_at <= ?', [tx.now]), opts);
  }

  /**
   * Deletes the entries a query selects (expired or not); resolves with how many. A query that
   * selects nothing in particular is refused rather than emptying the knowledge base.
   */
  remove(q: RemoveQuery, opts?: WriteOptions): Promise<number> {
    const where: string[] = [];
    const params: Param[] = [];
    if (q.ids !== undefined) {
      if (q.ids.length === 0) return Promise.resolve(0);
      where.push(`id IN (${q.ids.map(() => '?').join(', ')})`);
      params.push(...q.ids);
    }
    if (q.category !== undefined) {
      where.push('category = ?');
      params.push(q.category);
    }
    if (q.before !== undefined) {
      where.push('created_at < ?');
      params.push(q.before);
    }
    if (where.length === 0) return Promise.reject(new AmasError('AMAS_KNOWLEDGE_DELETE', 'a delete needs ids, a category or an age'));
    return this.core.transaction((tx) => tx.run(`DELETE FROM knowledge WHERE ${where.join(' AND ')}`, params), opts);
  }

  /** Deletes bookkeeping entries created before `before`; resolves with how many. */
  pruneBookkeeping(before: number, opts?: WriteOptions): Promise<number> {
    return this.core.transaction(
      (tx) => tx.run(`DELETE FROM knowledge WHERE category IN (${BOOKKEEPING_CATEGORIES.map(() => '?').join(', ')}) AND created_at < ?`, [...BOOKKEEPING_CATEGORIES, before]),
      opts,
    );
  }

  delete(id: string, opts?: WriteOptions): Promise<boolean> {
    return this.core.transaction((tx) => tx.run('DELETE FROM knowledge WHERE id = ?', [id]) > 0, opts);
  }

  /** Every live entry, oldest first, in pages (for export). */
  *entries(pageSize = 1000): Generator<KnowledgeEntry> {
    let after = 0;
    for (;;) {
      const now = this.core.clock.now();
      const rows = this.core.read((db) =>
        db.all<KnowledgeRow>(`SELECT ${COLS} FROM knowledge k WHERE k.rid > ? AND ${LIVE} ORDER BY k.rid LIMIT ?`, [after, now, pageSize]),
      );
      for (const r of rows) yield toEntry(r);
      if (rows.length < pageSize) return;
      after = rows.at(-1)!.rid;
    }
  }
}

/** What `share` stores: the content under `shared_<category>` for the receiver, with where it came from. */
export function sharedEntry(input: ShareInput, now: number): KnowledgeInput {
  return {
    category: `shared_${input.category}`,
    content: input.content,
    agentId: input.to,
    source: `agent:${input.from}`,
    confidence: input.confidence,
    metadata: {
      ...input.metadata,
      shared_from: input.from,
      shared_at: new Date(now).toISOString(),
      share_kind: input.kind ?? 'direct',
      original_category: input.category,
    },
  };
}
