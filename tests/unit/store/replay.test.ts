import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/index.ts';
import { Db } from '../../../src/store/sqlite.ts';
import { useTempStore } from './temp-store.ts';

const tmp = useTempStore('amas-replay-');

const N = 5000; // more than one background index slice (4096)
const filler = 'lorem ipsum dolor sit amet '.repeat(10);
const ftsRid = (s: Store) => Number(s.read((r) => r.get<{ value: string }>("SELECT value FROM _amas_meta WHERE key = 'fts_rid'"))?.value ?? 0);
const indexed = (s: Store) => s.read((r) => r.get<{ n: number }>('SELECT count(*) AS n FROM knowledge_fts_docsize'))?.n;
const turns = (n: number) => new Promise<void>((resolve) => {
  const next = (k: number) => (k === 0 ? resolve() : setImmediate(() => next(k - 1)));
  next(n);
});

describe('replay of a large journal', () => {
  it('is searchable at once, builds the index in slices after opening, and checkpoints no padding', async () => {
    const w = await tmp.openAt({ checkpointOnClose: false });
    await Promise.all(Array.from({ length: N }, (_, i) => w.knowledge.store({ category: 'c', content: { i, text: `common w${i} ${filler}` } })));
    await w.sync();
    await w.close();
    const journal = fs.readdirSync(`${tmp.dbPath}.journal`).reduce((n, f) => n + fs.statSync(path.join(`${tmp.dbPath}.journal`, f)).size, 0);
    expect(journal).toBeGreaterThan(1024 * 1024); // the replay opens a padded image

    const r = await tmp.openAt({ readOnly: true });
    expect(r.recovery.replayed).toBe(N);
    expect(ftsRid(r)).toBeLessThan(N); // the index is not built during recovery
    expect(r.knowledge.search('w4999').map((h) => (h.entry.content as { i: number }).i)).toEqual([4999]);
    expect(indexed(r)).toBe(N); // a search indexes every row first

    // A delete while rows are still unindexed takes the right terms out of the index.
    await r.close();
    const again = await tmp.openAt();
    expect(ftsRid(again)).toBeLessThan(N);
    expect(await again.knowledge.delete(again.knowledge.retrieve({ limit: 1 })[0]!.id)).toBe(true);
    expect(again.knowledge.search('common', { limit: N }).length).toBe(N - 1);

    const info = await again.checkpoint();
    const pages = again.read((x) => x.get<{ n: number }>('SELECT page_count * page_size AS n FROM pragma_page_count(), pragma_page_size()'))!.n;
    expect(info!.size).toBe(pages);
    expect(fs.statSync(tmp.dbPath).size).toBe(pages);
    const db = await Db.open(fs.readFileSync(tmp.dbPath));
    expect(db.get<{ quick_check: string }>('PRAGMA quick_check')?.quick_check).toBe('ok');
    db.close();
  });

  it('a writer indexes the replayed rows in the background', async () => {
    const w = await tmp.openAt({ checkpointOnClose: false });
    await Promise.all(Array.from({ length: N }, (_, i) => w.knowledge.store({ category: 'c', content: { i, text: `w${i} ${filler}` } })));
    await w.close();
    const r = await tmp.openAt();
    expect(ftsRid(r)).toBeLessThan(N);
    await turns(10);
    expect(ftsRid(r)).toBe(N);
    expect(indexed(r)).toBe(N);
  });
});

describe('Db.open with a reserve', () => {
  it('opens a padded image as the same database and exports it without the padding', async () => {
    const a = await Db.open();
    a.exec('CREATE TABLE t (x TEXT)');
    a.run('INSERT INTO t VALUES (?)', ['one']);
    const image = a.export();
    a.close();
    const b = await Db.open(image, 8 * 1024 * 1024);
    for (let i = 0; i < 2000; i++) b.run('INSERT INTO t VALUES (?)', [`row ${i} ${filler}`]);
    expect(b.get<{ quick_check: string }>('PRAGMA quick_check')?.quick_check).toBe('ok');
    const out = b.export();
    const size = b.get<{ n: number }>('SELECT page_count * page_size AS n FROM pragma_page_count(), pragma_page_size()')!.n;
    expect(out.length).toBe(size);
    b.close();
    const c = await Db.open(out);
    expect(c.get<{ n: number }>('SELECT count(*) AS n FROM t')?.n).toBe(2001);
    c.close();
    const empty = await Db.open(undefined, 1024 * 1024);
    expect(empty.get<{ quick_check: string }>('PRAGMA quick_check')?.quick_check).toBe('ok');
    empty.close();
  });
});
