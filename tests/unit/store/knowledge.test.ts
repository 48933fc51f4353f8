import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/index.ts';
import { openStore, type Store } from '../../../src/store/index.ts';

let clock: ManualClock;
let store: Store;

beforeEach(async () => {
  clock = new ManualClock(Date.UTC(2026, 0, 1));
  store = await openStore(':memory:', { clock });
});
afterEach(async () => {
  await store.close();
});

describe('knowledge store', () => {
  it('stores identical content in one category once and says it was a duplicate', async () => {
    const a = await store.knowledge.store({ category: 'notes', content: { b: 1, a: [1, { y: 2, x: 1 }] } });
    const b = await store.knowledge.store({ category: 'notes', content: { a: [1, { x: 1, y: 2 }], b: 1 } });
    const c = await store.knowledge.store({ category: 'other', content: { b: 1, a: [1, { y: 2, x: 1 }] } });
    expect(a.duplicate).toBe(false);
    expect(b).toEqual({ id: a.id, duplicate: true });
    expect(c.duplicate).toBe(false);
    expect(store.knowledge.count()).toBe(2);
  });

  it('returns entries newest first, filtered by category and agent, with a limit', async () => {
    for (let i = 0; i < 5; i++) {
      await store.knowledge.store({ category: i % 2 ? 'odd' : 'even', agentId: i < 3 ? 'writer' : 'editor', content: { i } });
      clock.advance(1000);
    }
    expect(store.knowledge.retrieve().map((e) => (e.content as { i: number }).i)).toEqual([4, 3, 2, 1, 0]);
    expect(store.knowledge.retrieve({ category: 'even' }).map((e) => (e.content as { i: number }).i)).toEqual([4, 2, 0]);
    expect(store.knowledge.retrieve({ agentId: 'writer', category: 'even' }).map((e) => (e.content as { i: number }).i)).toEqual([2, 0]);
    expect(store.knowledge.retrieve({ agentId: 'editor' }).map((e) => (e.content as { i: number }).i)).toEqual([4, 3]);
    expect(store.knowledge.retrieve({ limit: 2 })).toHaveLength(2);
  });

  it('never returns expired entries and prune deletes them', async () => {
    const short = await store.knowledge.store({ category: 'n', content: 'short', ttlMs: 60_000 });
    const abs = await store.knowledge.store({ category: 'n', content: 'abs', expiresAt: clock.now() + 120_000 });
    await store.knowledge.store({ category: 'n', content: 'forever' });
    expect(store.knowledge.count()).toBe(3);
    clock.advance(60_000);
    expect(store.knowledge.get(short.id)).toBeUndefined();
    expect(store.knowledge.get(abs.id)).toBeDefined();
    expect(store.knowledge.retrieve({ category: 'n' }).map((e) => e.content)).toEqual(['forever', 'abs']);
    expect(store.knowledge.search('short')).toEqual([]);
    expect(await store.knowledge.prune()).toBe(1);
    clock.advance(60_000);
    expect(await store.knowledge.prune()).toBe(1);
    expect(await store.knowledge.prune()).toBe(0);
    expect(store.knowledge.retrieve().map((e) => e.content)).toEqual(['forever']);
  });

  it('stores again content whose earlier copy has expired', async () => {
    const first = await store.knowledge.store({ category: 'n', content: 'x', ttlMs: 1000 });
    clock.advance(1000);
    const again = await store.knowledge.store({ category: 'n', content: 'x' });
    expect(again.duplicate).toBe(false);
    expect(again.id).not.toBe(first.id);
    expect(store.knowledge.get(again.id)?.expiresAt).toBeNull();
  });

  it('shares content into shared_<category> of the receiver with sender metadata', async () => {
    const r = await store.knowledge.share({ from: 'strategist', to: 'writer', category: 'content_strategy', content: { theme: 'cron' } });
    const e = store.knowledge.get(r.id)!;
    expect(e.category).toBe('shared_content_strategy');
    expect(e.agentId).toBe('writer');
    expect(e.source).toBe('agent:strategist');
    expect(e.metadata).toMatchObject({ shared_from: 'strategist', shared_at: new Date(clock.now()).toISOString(), share_kind: 'direct', original_category: 'content_strategy' });
    expect(store.knowledge.retrieve({ agentId: 'writer', category: 'shared_content_strategy' })).toHaveLength(1);
  });

  it('ranks search hits by BM25, marks them in a snippet and filters by confidence', async () => {
    const many = await store.knowledge.store({ category: 'a', content: { t: 'cron cron cron schedule' }, confidence: 0.9 });
    const once = await store.knowledge.store({ category: 'a', content: { t: 'a long text that mentions cron once among many other words here' }, confidence: 0.4 });
    await store.knowledge.store({ category: 'a', content: { t: 'nothing relevant' } });
    const hits = store.knowledge.search('cron');
    expect(hits.map((h) => h.entry.id)).toEqual([many.id, once.id]);
    expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
    expect(hits[0]!.snippet).toContain('[cron]');
    expect(store.knowledge.search('cron', { minConfidence: 0.5 }).map((h) => h.entry.id)).toEqual([many.id]);
    expect(store.knowledge.search('cron schedule').map((h) => h.entry.id)).toEqual([many.id]);
    expect(store.knowledge.search('sched*').map((h) => h.entry.id)).toEqual([many.id]);
    expect(store.knowledge.search('"unbalanced AND NOT ( cron')).toHaveLength(0);
    expect(store.knowledge.search('   ')).toEqual([]);
  });

  it('finds words without their accents and keeps the index right after deletes', async () => {
    const r = await store.knowledge.store({ category: 'a', content: 'Café résumé' });
    expect(store.knowledge.search('cafe')).toHaveLength(1);
    expect(await store.knowledge.delete(r.id)).toBe(true);
    expect(store.knowledge.search('cafe')).toHaveLength(0);
  });

  it('rejects bad input with a usage error', async () => {
    await expect(store.knowledge.store({ category: '', content: 1 })).rejects.toMatchObject({ code: 'AMAS_KNOWLEDGE_INVALID', exitCode: 2 });
    await expect(store.knowledge.store({ category: 'a', content: 1, confidence: 1.5 })).rejects.toMatchObject({ code: 'AMAS_KNOWLEDGE_INVALID' });
    await expect(store.knowledge.store({ category: 'a', content: undefined })).rejects.toMatchObject({ code: 'AMAS_KNOWLEDGE_INVALID' });
  });

  it('pages through every live entry for export', async () => {
    for (let i = 0; i < 25; i++) await store.knowledge.store({ category: 'p', content: i });
    expect([...store.knowledge.entries(10)].map((e) => e.content)).toEqual(Array.from({ length: 25 }, (_, i) => i));
  });
});

describe('transactions', () => {
  it('takes back every write of a transaction that throws, keeping earlier writes of the same tick', async () => {
    const kept = store.knowledge.store({ category: 'x', content: 'kept' });
    const failed = store.transaction((tx) => {
      store.knowledge.insert(tx, { category: 'x', content: 'lost' });
      throw new Error('boom');
    });
    await expect(failed).rejects.toThrow('boom');
    await kept;
    expect(store.knowledge.retrieve().map((e) => e.content)).toEqual(['kept']);
  });

  it('refuses a snapshot inside a transaction and keeps the transaction intact', async () => {
    const p = store.transaction((tx) => {
      store.knowledge.insert(tx, { category: 'x', content: 1 });
      expect(() => store.snapshot()).toThrow(/inside a transaction/);
      store.knowledge.insert(tx, { category: 'x', content: 2 });
    });
    await p;
    expect(store.knowledge.count()).toBe(2);
    expect(store.snapshot().length).toBeGreaterThan(0);
  });
});
