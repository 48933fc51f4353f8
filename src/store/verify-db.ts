import { Db } from './sqlite.ts';
import { MIGRATIONS, migrate, readMeta } from './schema.ts';

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/** A sequence number the journal can count on from: JSON numbers past 2^53 stop incrementing. */
export function isSaneSeq(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

/** `_amas_meta` keys whose value is a journal position or row id: a non-integer would stall the store. */
const INTEGER_META = ['checkpoint_seq', 'fts_rid'];

/** Columns of every table the migrations create, from a fresh database migrated in memory. */
async function expectedColumns(): Promise<Map<string, Set<string>>> {
  const db = await Db.open();
  try {
    migrate(db, 0);
    return columnsOf(db);
  } finally {
    db.close();
  }
}

function columnsOf(db: Db): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const tables = db.all<{ name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
  for (const { name } of tables) {
    const cols = db.all<{ name: string }>('SELECT name FROM pragma_table_info(?)', [name]);
    out.set(name, new Set(cols.map((c) => c.name)));
  }
  return out;
}

/**
 * Checks that `bytes` is an amas store a restore may install: SQLite's header, a clean
 * `PRAGMA integrity_check`, migrations this version knows (an archive from a newer amas is
 * refused: the store migrates forward only), every table and column the migrations create
 * (after migrating a copy forward, as opening will), and integer metadata that the journal
 * can count from, no higher than `storeSeq`. Returns the reasons it is not; empty when it is.
 */
export async function verifyStoreImage(bytes: Uint8Array, storeSeq: number): Promise<string[]> {
  if (bytes.length < 512 || !Buffer.from(bytes.buffer, bytes.byteOffset, SQLITE_MAGIC.length).equals(SQLITE_MAGIC)) {
    return ['the database is not a SQLite file (no "SQLite format 3" header)'];
  }
  let db: Db;
  try {
    db = await Db.open(bytes);
  } catch (err) {
    return [`SQLite cannot open the database: ${(err as Error).message}`];
  }
  try {
    const problems: string[] = [];
    let check: { integrity_check: string }[];
    try {
      check = db.all<{ integrity_check: string }>('PRAGMA integrity_check(20)');
    } catch (err) {
      return [`the database fails SQLite's integrity check: ${(err as Error).message}`];
    }
    const bad = check.map((r) => r.integrity_check).filter((s) => s !== 'ok');
    if (bad.length > 0 || check.length === 0) return [`the database fails SQLite's integrity check: ${bad.slice(0, 3).join('; ') || 'no result'}`];

    const hasTable = (name: string) => db.get("SELECT 1 AS x FROM sqlite_schema WHERE type = 'table' AND name = ?", [name]) !== undefined;
    if (!hasTable('_amas_migrations') || !hasTable('_amas_meta')) return ['the database is SQLite but not an amas store (no _amas_migrations / _amas_meta table)'];
    const known = new Set(MIGRATIONS.map((m) => m.name));
    let names: string[];
    try {
      names = db.all<{ name: unknown }>('SELECT name FROM _amas_migrations').map((r) => String(r.name));
    } catch (err) {
      return [`the database's _amas_migrations table is unreadable: ${(err as Error).message}`];
    }
    const unknown = names.filter((n) => !known.has(n));
    if (unknown.length > 0) problems.push(`the database was written by a newer amas (unknown migrations: ${unknown.join(', ')}); upgrade amas before restoring it`);

    for (const key of INTEGER_META) {
      let raw: string | undefined;
      try {
        raw = readMeta(db, key);
      } catch (err) {
        return [`the database's _amas_meta table is unreadable: ${(err as Error).message}`];
      }
      if (raw === undefined) continue;
      const n = /^\d{1,16}$/.test(raw) ? Number(raw) : NaN;
      if (!isSaneSeq(n)) problems.push(`_amas_meta.${key} is ${JSON.stringify(raw.slice(0, 40))}, not a non-negative integer`);
      else if (key === 'checkpoint_seq' && n > storeSeq) problems.push(`_amas_meta.checkpoint_seq (${n}) is past the manifest's storeSeq (${storeSeq})`);
    }
    if (problems.length > 0) return problems;

    // Opening will migrate the image forward; do it here to a throwaway copy so that a schema
    // the migrations cannot build on fails now, not after the old store was moved aside.
    try {
      migrate(db, 0);
    } catch (err) {
      return [`the database's schema cannot be migrated: ${(err as Error).message}`];
    }
    const have = columnsOf(db);
    for (const [table, cols] of await expectedColumns()) {
      const got = have.get(table);
      if (!got) {
        problems.push(`the database has no ${table} table`);
        continue;
      }
      const missing = [...cols].filter((c) => !got.has(c));
      if (missing.length > 0) problems.push(`table ${table} lacks column(s) ${missing.join(', ')}`);
    }
    return problems;
  } finally {
    db.close();
  }
}
