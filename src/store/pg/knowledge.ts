// The knowledge base on PostgreSQL: the embedded store's rules (dedup on category + canonical
// content hash, expiry, sharing) with full-text search by a tsvector column and ts_rank.
import { AmasError, canonicalJson, newId } from '../../core/index.ts';
import type { KnowledgeRepository, WriteOptions } from '../backend.ts';
import { contentHash } from '../canonical.ts';
import { BOOKKEEPING_CATEGORIES, MAX_TIME_MS, sharedEntry, validateKnowledgeInput } from '../knowledge.ts';
import type { KnowledgeEntry, KnowledgeInput, RemoveQuery, RetrieveQuery, SearchHit, SearchQuery, ShareInput, StoreResult } from '../knowledge.ts';
import type { PgCore, PgStatement, PgTx } from './core.ts';
import type { PgParam } from './pool.ts';
import { entryOf, KNOWLEDGE_COLS as COLS, type KnowledgeRaw } from './rows.ts';

/**
 * What a person typed as a tsquery: every word must occur, a trailing `*` is a prefix, nothing
 * else is operator syntax (the embedded store's `toMatchQuery`, in tsquery's spelling).
 */
export function toTsQuery(input: string): string | undefined {
  const words = (input.match(/[\p{L}\p{N}_]+\*?/gu) ?? []).map((w) => w.toLowerCase()).filter((w) => w !== '*');
  if (words.length === 0) return undefined;
  return words.map((w) => (w.endsWith('*') ? `${w.slice(0, -1)}:*` : w)).join(' & ');
}

class Where {
  readonly parts: string[] = [];
  readonly params: PgParam[] = [];
  add(sql: (p: string) => string, value: PgParam): void {
    this.params.push(value);
    this.parts.push(sql(`$${this.params.length}`));
  }
  get next(): string {
    return `$${this.params.length + 1}`;
  }
}

function filters(q: { category?: string; agentId?: string; minConfidence?: number }, now: number): Where {
  const w = new Where();
  w.add((p) => `(k.expires_at IS NULL OR k.expires_at > ${p})`, now);
  if (q.category !== undefined) w.add((p) => `k.category = ${p}`, q.category);
  if (q.agentId !== undefined) w.add((p) => `k.agent_id = ${p}`, q.agentId);
  if (q.minConfidence !== undefined) w.add((p) => `k.confidence >= ${p}`, q.minConfidence);
  return w;
}

export class PgKnowledge implements KnowledgeRepository {
  constructor(private readonly core: PgCore) {}

  /**
   * Reads and masks `raw` now. `statement` inserts it unless its content (category and hash) or
   * its id is there already, returning its id when inserted; when it was not, `settle` decides in
   * a transaction: an expired duplicate is replaced, a live one is the entry. Concurrent writers
   * are other processes: the row that won is the duplicate.
   */
  prepare(raw: KnowledgeInput, now: number): { id: string; statement: PgStatement; settle: (tx: PgTx) => Promise<StoreResult> } {
    validateKnowledgeInput(raw);
    const { core } = this;
    const input = { ...raw, content: core.mask(raw.content), metadata: core.mask(raw.metadata), source: core.mask(raw.source) };
    const canonical = canonicalJson(input.content);
    const hash = contentHash(canonical);
    const id = input.id ?? newId('kn_');
    const createdAt = input.createdAt ?? now;
    const expiresAt = input.expiresAt ?? (input.ttlMs !== undefined ? Math.min(createdAt + input.ttlMs, MAX_TIME_MS) : null);
    const params: PgParam[] = [id, input.agentId ?? null, input.category, canonical, JSON.stringify(input.metadata ?? {}), createdAt, expiresAt, input.confidence ?? 1, input.source ?? null, hash];
    const statement: PgStatement = {
      sql: `INSERT INTO knowledge (id, agent_id, category, content, metadata, created_at, expires_at, confidence, source, content_hash)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING RETURNING id`,
      params,
    };
    const settle = async (tx: PgTx): Promise<StoreResult> => {
      const [existing] = await tx.rows<{ id: string; expires_at: number | null }>('SELECT id, expires_at FROM knowledge WHERE category = $1 AND content_hash = $2 FOR UPDATE', [
        input.category,
        hash,
      ]);
      if (existing) {
        if (existing.expires_at === null || existing.expires_at > now) return { id: existing.id, duplicate: true };
        await tx.run('DELETE FROM knowledge WHERE id = $1', [existing.id]);
      }
      if (input.id !== undefined && (await tx.rows('SELECT 1 FROM knowledge WHERE id = $1', [input.id])).length > 0) return { id: input.id, duplicate: true };
      if ((await tx.rows(statement.sql, statement.params)).length > 0) return { id, duplicate: false };
      // Another process inserted the same content (or id) since the check above.
      const [winner] = await tx.rows<{ id: string }>('SELECT id FROM knowledge WHERE (category = $1 AND content_hash = $2) OR id = $3', [input.category, hash, id]);
      return { id: winner?.id ?? id, duplicate: true };
    };
    return { id, statement, settle };
  }

  /** `prepare`'s insert and, when it met a duplicate, its settling, for one transaction. */
  prepareInsert(raw: KnowledgeInput, now: number): (tx: PgTx) => Promise<StoreResult> {
    const { id, statement, settle } = this.prepare(raw, now);
    return async (tx) => ((await tx.rows(statement.sql, statement.params)).length > 0 ? { id, duplicate: false } : settle(tx));
  }

  // async: bad input rejects, as the contract says, rather than throwing before a promise exists.
  async store(input: KnowledgeInput, opts?: WriteOptions): Promise<StoreResult> {
    const insert = this.prepareInsert(input, this.core.clock.now());
    return this.core.write(insert, opts);
  }

  async share(input: ShareInput, opts?: WriteOptions): Promise<StoreResult> {
    return this.store(sharedEntry(input, this.core.clock.now()), opts);
  }


  async get(id: string): Promise<KnowledgeEntry | undefined> {
    const [r] = await this.core.rows<KnowledgeRaw>(`SELECT ${COLS} FROM knowledge k WHERE k.id = $1 AND (k.expires_at IS NULL OR k.expires_at > $2)`, [id, this.core.clock.now()]);
    return r ? entryOf(r) : undefined;
  }

  async retrieve(q: RetrieveQuery = {}): Promise<KnowledgeEntry[]> {
    const w = filters(q, this.core.clock.now());
    const limit = Math.max(0, Math.floor(q.limit ?? 100));
    const rows = await this.core.rows<KnowledgeRaw>(`SELECT ${COLS} FROM knowledge k WHERE ${w.parts.join(' AND ')} ORDER BY k.created_at DESC, k.rid DESC LIMIT ${w.next}`, [
      ...w.params,
      limit,
    ]);
    return rows.map(entryOf);
  }

  async count(q: Omit<RetrieveQuery, 'limit'> = {}): Promise<number> {
    const w = filters(q, this.core.clock.now());
    const [r] = await this.core.rows<{ n: number }>(`SELECT count(*)::int AS n FROM knowledge k WHERE ${w.parts.join(' AND ')}`, w.params);
    return r?.n ?? 0;
  }

  async countCreatedSince(since: number): Promise<number> {
    const [r] = await this.core.rows<{ n: number }>('SELECT count(*)::int AS n FROM knowledge WHERE created_at > $1', [since]);
    return r?.n ?? 0;
  }

  /**
   * Ranked by ts_rank (higher is better), then newest first. The snippet is ts_headline over the
   * content's leaves (the text the index holds), hits in [brackets].
   */
  async search(text: string, q: SearchQuery = {}): Promise<SearchHit[]> {
    const query = toTsQuery(text);
    if (!query) return [];
    const w = filters(q, this.core.clock.now());
    if (q.category === undefined && q.includeBookkeeping !== true) w.add((p) => `k.category <> ALL(${p}::text[])`, BOOKKEEPING_CATEGORIES);
    const limit = Math.max(0, Math.floor(q.limit ?? 20));
    const tsq = w.next;
    const rows = await this.core.rows<KnowledgeRaw & { score: number; snip: string }>(
      `SELECT ${COLS}, ts_rank(k.search_tsv, to_tsquery('simple', ${tsq}))::float8 AS score,
         ts_headline('simple',
           coalesce((SELECT string_agg(v #>> '{}', E'\\n') FROM jsonb_path_query(k.content::jsonb, 'strict $.**') v
                     WHERE jsonb_typeof(v) IN ('string', 'number', 'boolean')), ''),
           to_tsquery('simple', ${tsq}), 'StartSel=[, StopSel=], MaxWords=12, MinWords=4, MaxFragments=2, FragmentDelimiter=…') AS snip
       FROM knowledge k
       WHERE k.search_tsv @@ to_tsquery('simple', ${tsq}) AND ${w.parts.join(' AND ')}
       ORDER BY score DESC, k.rid DESC LIMIT $${w.params.length + 2}`,
      [...w.params, query, limit],
    );
    return rows.map((r) => ({ entry: entryOf(r), score: r.score, snippet: r.snip }));
  }

  prune(opts?: WriteOptions): Promise<number> {
    const now = this.core.clock.now();
    return this.core.write((tx) => tx.run('DELETE FROM knowledge WHERE expires_at IS NOT NULL AND expires_at <= $1', [now]), opts);
  }

  async remove(q: RemoveQuery, opts?: WriteOptions): Promise<number> {
    const w = new Where();
    if (q.ids !== undefined) {
      if (q.ids.length === 0) return 0;
      w.add((p) => `id = ANY(${p}::text[])`, q.ids);
    }
    if (q.category !== undefined) w.add((p) => `category = ${p}`, q.category);
    if (q.before !== undefined) w.add((p) => `created_at < ${p}`, q.before);
    if (w.parts.length === 0) throw new AmasError('AMAS_KNOWLEDGE_DELETE', 'a delete needs ids, a category or an age');
    return this.core.write((tx) => tx.run(`DELETE FROM knowledge WHERE ${w.parts.join(' AND ')}`, w.params), opts);
  }

  pruneBookkeeping(before: number, opts?: WriteOptions): Promise<number> {
    return this.core.write((tx) => tx.run('DELETE FROM knowledge WHERE category = ANY($1::text[]) AND created_at < $2', [BOOKKEEPING_CATEGORIES, before]), opts);
  }

  delete(id: string, opts?: WriteOptions): Promise<boolean> {
    return this.core.write(async (tx) => (await tx.run('DELETE FROM knowledge WHERE id = $1', [id])) > 0, opts);
  }

  async *entries(pageSize = 1000): AsyncIterable<KnowledgeEntry> {
    let after = 0;
    for (;;) {
      const rows = await this.core.rows<KnowledgeRaw>(
        `SELECT ${COLS} FROM knowledge k WHERE k.rid > $1 AND (k.expires_at IS NULL OR k.expires_at > $2) ORDER BY k.rid LIMIT $3`,
        [after, this.core.clock.now(), pageSize],
      );
      for (const r of rows) yield entryOf(r);
      if (rows.length < pageSize) return;
      after = rows.at(-1)!.rid;
    }
  }
}
