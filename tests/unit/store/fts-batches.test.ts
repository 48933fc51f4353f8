import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../../src/store/index.ts';

// The full-text index is built in batches (store.ts, INDEX_BATCH): a commit indexes knowledge
// only once enough rows wait, and a search or delete indexes whatever waits first.
let store: Store;
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
const indexed = (s: Store) => s.read((r) => r.get<{ n: number }>('SELECT count(*) AS n FROM knowledge_fts_docsize'))?.n;

beforeEach(async () => {
  store = await openStore(':memory:');
});
afterEach(async () => {
  await store.close();
});

describe('full-text index batches', () => {
  it('leaves a few new entries to the next search, which finds every one of them', async () => {
    for (let i = 0; i < 3; i++) await store.knowledge.store({ category: 'notes', content: `quarterly plan number ${i}` });
    await tick();
    // Committed, not indexed yet: each commit indexing its own rows cost an FTS4 segment flush apiece.
    expect(indexed(store)).toBe(0);
    expect(store.knowledge.search('quarterly plan')).toHaveLength(3);
    expect(indexed(store)).toBe(3);
  });

  it('indexes at the commit once a batch of entries waits', async () => {
    await Promise.all(Array.from({ length: 64 }, (_, i) => store.knowledge.store({ category: 'notes', content: `entry ${i} about launches` })));
    await tick();
    expect(indexed(store)).toBe(64);
    expect(store.knowledge.search('launches', { limit: 100 })).toHaveLength(64);
  });

  it('takes a deleted entry that was never indexed out of the results, and keeps the index consistent', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await store.knowledge.store({ category: 'notes', content: `draft ${i} of the roadmap` })).id);
    await tick();
    await store.knowledge.delete(ids[1]!);
    await tick();
    expect(store.knowledge.search('roadmap').map((h) => h.entry.id).sort()).toEqual([ids[0], ids[2]].sort());
    expect(indexed(store)).toBe(store.knowledge.count());
  });
});
