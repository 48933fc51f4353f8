import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../src/store/index.ts';
import { encodeRecord, SEGMENT_MAGIC } from '../../../src/store/frame.ts';
import { segmentName } from '../../../src/store/journal.ts';
import { MIGRATIONS, secondaryIndexes } from '../../../src/store/schema.ts';
import { Db } from '../../../src/store/sqlite.ts';
import { useTempStore } from './temp-store.ts';

const tmp = useTempStore('amas-migrate-');

// The insert as versions before migration 0004 journaled it: the words bound as an 11th value.
const LEGACY_INSERT = `INSERT INTO knowledge (id, agent_id, category, content, metadata, created_at, expires_at, confidence, source, content_hash, search_text)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const legacyRow = (id: string, word: string) => [id, 'a1', 'notes', JSON.stringify({ text: `${word} here`, ok: true }), '{}', 1000, null, 1, null, `hash-${id}`, `${word} here\ntrue`];

describe('migration 0004 (search words derived from content)', () => {
  it('upgrades a database and replays a journal written before it', async () => {
    const old = await Db.open();
    old.exec('CREATE TABLE _amas_migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL); CREATE TABLE _amas_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);');
    for (const m of MIGRATIONS.slice(0, 3)) {
      old.exec(m.sql);
      old.run('INSERT INTO _amas_migrations (name, applied_at) VALUES (?, ?)', [m.name, 0]);
    }
    old.run(LEGACY_INSERT, legacyRow('kn_old', 'zeppelin'));
    old.exec("INSERT INTO knowledge_fts (docid, search_text) SELECT rid, search_text FROM knowledge; INSERT INTO _amas_meta VALUES ('fts_rid', '1')");
    fs.writeFileSync(tmp.dbPath, old.export());
    old.close();
    fs.mkdirSync(`${tmp.dbPath}.journal`);
    const rec = encodeRecord({ seq: 1, ops: [{ sql: LEGACY_INSERT, params: legacyRow('kn_new', 'dirigible') }] });
    fs.writeFileSync(path.join(`${tmp.dbPath}.journal`, segmentName(1)), Buffer.concat([SEGMENT_MAGIC, rec]));

    const s = await tmp.openAt();
    // Every migration after 0003, in order (later ones, e.g. 0008_approvals, are additive).
    expect(s.recovery.migrationsApplied).toEqual(MIGRATIONS.slice(3).map((m) => m.name));
    expect(s.recovery.migrationsApplied).toContain('0008_approvals');
    expect(s.recovery.replayed).toBe(1);
    expect(s.recovery.failed).toBe(0);
    expect(s.recovery.indexesRebuilt).toBe(0); // a one-record journal is replayed with the indexes in place
    const cols = s.read((r) => r.all<{ name: string }>('SELECT name FROM pragma_table_info(?)', ['knowledge'])).map((c) => c.name);
    expect(cols).not.toContain('search_text');
    expect(s.knowledge.search('zeppelin').map((h) => h.entry.id)).toEqual(['kn_old']);
    const hit = s.knowledge.search('dirigible');
    expect(hit.map((h) => h.entry.id)).toEqual(['kn_new']);
    expect(hit[0]!.snippet).toContain('[dirigible]');
    expect(s.knowledge.search('true').length).toBe(2); // boolean leaves are words, keys are not
    expect(s.knowledge.search('text')).toEqual([]);
    await s.knowledge.delete('kn_old');
    expect(s.knowledge.search('zeppelin')).toEqual([]);
  });

  it('a large replay builds the read-only indexes after it, the same as a fresh store has', async () => {
    const w = await openStore(tmp.dbPath, { checkpointIntervalMs: 0, checkpointOnClose: false });
    const filler = 'lorem ipsum dolor sit amet '.repeat(12);
    await Promise.all(Array.from({ length: 4000 }, (_, i) => w.knowledge.store({ category: `c${i % 3}`, agentId: `a${i % 4}`, content: { i, filler }, ttlMs: i % 2 ? 60_000 : undefined })));
    const want = w.read((r) => secondaryIndexes(r as Db));
    await w.close();
    const s = await tmp.openAt({ readOnly: true });
    expect(s.recovery.replayed).toBe(4000);
    expect(s.recovery.indexesRebuilt).toBe(want.length);
    expect(want.length).toBeGreaterThanOrEqual(4);
    expect(s.read((r) => secondaryIndexes(r as Db))).toEqual(want);
    const plan = s.read((r) => r.all<{ detail: string }>('EXPLAIN QUERY PLAN SELECT rid FROM knowledge k WHERE k.category = ? ORDER BY k.created_at DESC', ['c1']));
    expect(plan.map((p) => p.detail).join(' ')).toContain('knowledge_category_created');
    expect(s.knowledge.retrieve({ category: 'c1', agentId: 'a1', limit: 5 }).map((e) => (e.content as { i: number }).i)).toHaveLength(5);
    expect(s.knowledge.count()).toBe(4000);
  });
});
