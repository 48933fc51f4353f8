import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../../src/store/index.ts';
import { scanSegment } from '../../../src/store/frame.ts';
import { Db } from '../../../src/store/sqlite.ts';
import { useTempStore } from './temp-store.ts';

const tmp = useTempStore('amas-store-', path.join('.amas', 'amas.db'));

/** Closes without a final checkpoint: what is on disk is what a crash would leave. */
async function crashClose(s: Store) {
  await s.sync();
  await s.close();
}
async function fill(s: Store, from: number, to: number) {
  for (let i = from; i < to; i++) await s.knowledge.store({ category: 'c', content: { i } });
}
const ids = (s: Store) => s.knowledge.retrieve({ limit: 1000 }).map((e) => (e.content as { i: number }).i).sort((a, b) => a - b);
const range = (a: number, b: number) => Array.from({ length: b - a }, (_, k) => a + k);
const segments = () => fs.readdirSync(`${tmp.dbPath}.journal`).sort().map((f) => path.join(`${tmp.dbPath}.journal`, f));

describe('durability', () => {
  it('creates the database, journal and manifest, and reopens with every change', async () => {
    const s = await tmp.openAt({ checkpointOnClose: false });
    expect(fs.existsSync(tmp.dbPath)).toBe(true);
    await fill(s, 0, 10);
    await crashClose(s);
    const again = await tmp.openAt();
    expect(again.recovery).toMatchObject({ replayed: 10, warnings: [] });
    expect(ids(again)).toEqual(range(0, 10));
  });

  it('group-commits the writes of one tick in one fsync and journals non-durable writes too', async () => {
    const s = await tmp.openAt({ checkpointOnClose: false });
    const before = s.stats().journalFlushes;
    await Promise.all(range(0, 200).map((i) => s.knowledge.store({ category: 'c', content: { i } })));
    expect(s.stats().journalFlushes - before).toBe(1);
    await s.knowledge.store({ category: 'c', content: { i: 200 } }, { durable: false });
    await crashClose(s);
    expect(ids(await tmp.openAt())).toEqual(range(0, 201));
  });

  it('drops a torn last record with a warning, and cuts it off so the next open is clean', async () => {
    const s = await tmp.openAt({ checkpointOnClose: false });
    await fill(s, 0, 10);
    await crashClose(s);
    const last = segments().at(-1)!;
    fs.truncateSync(last, fs.statSync(last).size - 7);
    const r = await tmp.openAt({ checkpointOnClose: false });
    expect(ids(r)).toEqual(range(0, 9));
    expect(r.recovery.warnings.join('\n')).toMatch(/incomplete record at the end of the journal/);
    await fill(r, 100, 102);
    await crashClose(r);
    const clean = await tmp.openAt();
    expect(clean.recovery.warnings).toEqual([]);
    expect(ids(clean)).toEqual([...range(0, 9), 100, 101]);
  });

  it('skips a record with flipped bytes in the middle of the journal and keeps the ones after it', async () => {
    const s = await tmp.openAt({ checkpointOnClose: false });
    await fill(s, 0, 10);
    await crashClose(s);
    const seg = segments().find((f) => fs.statSync(f).size > 100)!;
    const buf = fs.readFileSync(seg);
    const at = buf.indexOf('\\"i\\":4}');
    expect(at).toBeGreaterThan(0);
    buf[at + 5] = buf[at + 5]! ^ 0xff;
    fs.writeFileSync(seg, buf);
    const r = await tmp.openAt();
    expect(ids(r)).toEqual([0, 1, 2, 3, 5, 6, 7, 8, 9]);
    const w = r.recovery.warnings.join('\n');
    expect(w).toMatch(/damaged bytes at offset \d+ were skipped/);
    expect(w).toMatch(/journal records \d+\.\.\d+ are missing/);
  });

  it('falls back to the previous checkpoint when the newest one is damaged, replaying more journal', async () => {
    const s = await tmp.openAt({ checkpointOnClose: false });
    await fill(s, 0, 5);
    await s.checkpoint();
    await fill(s, 5, 10);
    await s.checkpoint();
    await fill(s, 10, 13);
    await crashClose(s);
    const buf = fs.readFileSync(tmp.dbPath);
    buf[buf.length - 200] = buf[buf.length - 200]! ^ 0x55;
    fs.writeFileSync(tmp.dbPath, buf);
    const r = await tmp.openAt();
    expect(ids(r)).toEqual(range(0, 13));
    expect(r.recovery.checkpoint?.file).toBe(`${tmp.dbPath}.prev`);
    expect(r.recovery.warnings.join('\n')).toMatch(/checkpoint amas\.db is damaged \(checksum/);
    // The damaged file was moved aside and a good checkpoint written in its place.
    expect(fs.readdirSync(path.dirname(tmp.dbPath)).some((f) => f.startsWith('amas.db.damaged-'))).toBe(true);
    await r.close();
    expect((await tmp.openAt()).recovery.warnings).toEqual([]);
  });

  it('recovers from the previous checkpoint when the newest is missing, and from the journal when both are', async () => {
    const s = await tmp.openAt({ checkpointOnClose: false });
    await fill(s, 0, 5);
    await s.checkpoint();
    await fill(s, 5, 8);
    await crashClose(s);
    fs.rmSync(tmp.dbPath);
    const r1 = await tmp.openAt({ checkpointOnClose: false });
    expect(ids(r1)).toEqual(range(0, 8));
    expect(r1.recovery.checkpoint?.file).toBe(`${tmp.dbPath}.prev`);
    expect(r1.recovery.warnings.join('\n')).toMatch(/checkpoint amas\.db is missing/);
    await crashClose(r1);
    fs.rmSync(tmp.dbPath);
    fs.rmSync(`${tmp.dbPath}.prev`);
    const r2 = await tmp.openAt();
    expect(r2.recovery.checkpoint).toBeNull();
    expect(r2.recovery.warnings.join('\n')).toMatch(/rebuilt from the journal alone/);
    expect(ids(r2)).toEqual(range(0, 8));
  });

  it('says which changes are lost when no checkpoint survives and old journal segments were retired', async () => {
    const s = await tmp.openAt({ checkpointOnClose: false });
    for (let k = 0; k < 4; k++) {
      await fill(s, k * 3, k * 3 + 3);
      await s.checkpoint();
    }
    await fill(s, 12, 14);
    await crashClose(s);
    fs.rmSync(tmp.dbPath);
    fs.rmSync(`${tmp.dbPath}.prev`);
    const r = await tmp.openAt();
    expect(r.recovery.warnings.join('\n')).toMatch(/the journal starts at record \d+: changes before it were only in the lost checkpoints/);
    expect(ids(r)).toEqual(expect.arrayContaining([12, 13]));
  });

  it('retires journal segments once two checkpoints contain them', async () => {
    const s = await tmp.openAt();
    for (let k = 0; k < 6; k++) {
      await fill(s, k * 2, k * 2 + 2);
      await s.checkpoint();
    }
    expect(segments().length).toBeLessThanOrEqual(3);
  });
});

describe('full-text index (derived, rebuilt on replay)', () => {
  it('indexes replayed rows and handles a row deleted in the tick it was written', async () => {
    const s = await tmp.openAt({ checkpointOnClose: false });
    await s.knowledge.store({ category: 'c', content: 'alpha beta' });
    await s.knowledge.store({ category: 'c', content: 'alpha alpha delta' });
    const write = s.knowledge.store({ id: 'k-temp', category: 'c', content: 'alpha gamma' });
    const drop = s.knowledge.delete('k-temp');
    await Promise.all([write, drop]);
    const before = s.knowledge.search('alpha').map((h) => [h.entry.content, h.score]);
    expect(before.map((b) => b[0])).toEqual(['alpha alpha delta', 'alpha beta']);
    await crashClose(s);
    const r = await tmp.openAt();
    expect(r.knowledge.search('alpha').map((h) => [h.entry.content, h.score])).toEqual(before);
    expect(r.knowledge.search('gamma')).toEqual([]);
    const docs = r.read((x) => x.get<{ n: number }>('SELECT count(*) AS n FROM knowledge_fts_docsize'))?.n;
    expect(docs).toBe(r.knowledge.count());
  });
});

describe('single writer', () => {
  it('refuses a second writer, naming the holder, while a read-only open sees the durable state', async () => {
    const w = await tmp.openAt();
    await fill(w, 0, 3);
    await expect(openStore(tmp.dbPath)).rejects.toMatchObject({ code: 'AMAS_STORE_LOCKED', message: expect.stringContaining(`pid ${process.pid}`) });
    const ro = await tmp.openAt({ readOnly: true });
    expect(ids(ro)).toEqual([0, 1, 2]);
    await expect(ro.knowledge.store({ category: 'c', content: 1 })).rejects.toMatchObject({ code: 'AMAS_STORE_READONLY' });
    await w.close();
    const next = await tmp.openAt();
    expect(next.recovery.warnings).toEqual([]);
  });

  it('takes over a lock whose process is gone', async () => {
    fs.mkdirSync(path.dirname(tmp.dbPath), { recursive: true });
    fs.writeFileSync(`${tmp.dbPath}.lock`, JSON.stringify({ pid: 2 ** 22 + 12345, hostname: os.hostname(), startedAt: 'then' }));
    const s = await tmp.openAt();
    expect(s.recovery.warnings[0]).toMatch(/took over the lock of pid 4206649/);
  });
});

describe('sql.js export (>= 1.15.2)', () => {
  it('throws inside an open write transaction instead of dropping its rows', async () => {
    const db = await Db.open();
    db.exec('CREATE TABLE t (x)');
    db.exec('BEGIN');
    for (let i = 0; i < 10; i++) db.run('INSERT INTO t VALUES (?)', [i]);
    expect(() => db.export()).toThrow(/busy|locked/i);
    db.exec('COMMIT');
    expect(db.get<{ n: number }>('SELECT count(*) AS n FROM t')?.n).toBe(10);
    const copy = await Db.open(db.export());
    expect(copy.get<{ n: number }>('SELECT count(*) AS n FROM t')?.n).toBe(10);
    copy.close();
    db.close();
  });
});

describe('written changes (durable: "written")', () => {
  const records = () => segments().flatMap((f) => scanSegment(fs.readFileSync(f)).records);
  async function until(cond: () => boolean, what: string): Promise<void> {
    for (let i = 0; i < 200; i++) {
      if (cond()) return;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  it('are in the journal file when their promise resolves, and reach the disk within 200 ms', async () => {
    const s = await tmp.openAt({ checkpointOnClose: false });
    await fill(s, 0, 1);
    const syncs = s.stats().journalSyncs;
    await s.knowledge.store({ category: 'c', content: { i: 1 } }, { durable: 'written' });
    // Written, not yet synced: a crash of the process keeps it (the file holds it).
    expect(records().at(-1)).toMatchObject({ seq: s.stats().seq });
    expect(records().at(-1)?.synced).toBeUndefined();
    expect(s.stats().journalSyncs).toBe(syncs);
    await until(() => s.stats().journalSyncs === syncs + 1, 'the timed sync');
    await s.close();
  });

  it('are synced by the next durable change, which is marked as synced', async () => {
    const s = await tmp.openAt({ checkpointOnClose: false });
    const syncs = s.stats().journalSyncs;
    await s.knowledge.store({ category: 'c', content: { i: 0 } }, { durable: 'written' });
    await s.knowledge.store({ category: 'c', content: { i: 1 } });
    expect(s.stats().journalSyncs).toBe(syncs + 1);
    expect(records().map((r) => r.synced === true)).toEqual([false, true]);
    await crashClose(s);
    expect(ids(await tmp.openAt())).toEqual([0, 1]);
  });

  /** Durable records 0..5, then written ones; the record of `damaged` gets a flipped byte. */
  async function journalWithDamage(written: number[], durableAfter: number[], damaged: number) {
    const s = await tmp.openAt({ checkpointOnClose: false });
    await fill(s, 0, 6);
    for (const i of written) await s.knowledge.store({ category: 'c', content: { i } }, { durable: 'written' });
    for (const i of durableAfter) await s.knowledge.store({ category: 'c', content: { i } });
    await crashClose(s);
    const seg = segments().at(-1)!;
    const buf = fs.readFileSync(seg);
    const at = buf.indexOf(`\\"i\\":${damaged}}`);
    expect(at).toBeGreaterThan(0);
    buf[at + 5] = buf[at + 5]! ^ 0xff;
    fs.writeFileSync(seg, buf);
  }

  it('after damage that no synced record follows, are the lost end of the journal: dropped and cut off', async () => {
    // What a machine that stops may leave: later unsynced pages on disk, an earlier one not.
    await journalWithDamage([6, 7, 8], [], 6);
    const r = await tmp.openAt({ checkpointOnClose: false });
    expect(ids(r)).toEqual(range(0, 6));
    expect(r.recovery.warnings.join('\n')).toMatch(/dropped the end of the journal .*2 records after damaged bytes.*not yet on disk when the machine stopped/);
    await fill(r, 100, 101);
    await crashClose(r);
    const clean = await tmp.openAt();
    expect(clean.recovery.warnings).toEqual([]);
    expect(ids(clean)).toEqual([...range(0, 6), 100]);
  });

  it('before a synced record, damage is bit rot: the records after it are kept', async () => {
    await journalWithDamage([6, 7], [8], 6);
    const r = await tmp.openAt();
    expect(ids(r)).toEqual([0, 1, 2, 3, 4, 5, 7, 8]);
    expect(r.recovery.warnings.join('\n')).toMatch(/damaged bytes at offset \d+ were skipped/);
  });
});
