import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';
import type { BindParams, Database, SqlJsStatic, SqlValue, Statement } from 'sql.js';

/** A value a journaled statement may bind: what JSON can carry, plus bytes (base64 in the journal). */
export type Param = string | number | null | Uint8Array;
export type Row = Record<string, SqlValue>;

let sqlPromise: Promise<SqlJsStatic> | undefined;
let optimizeSql = false;

/**
 * Asks for sql.js with tiering to V8's optimising compiler, if it is not loaded yet: a process
 * that starts by replaying a large journal runs SQLite hard enough to pay for it (a fresh
 * process recovering 100k records, median of 5: 1.94 s baseline-only, 1.72 s with tiering).
 */
export function preferOptimizedSql(): void {
  optimizeSql = true;
}

/** Loads the sql.js wasm once per process (about 12 ms). */
function loadSqlJs(): Promise<SqlJsStatic> {
  sqlPromise ??= (async () => {
    const mod = await import('sql.js');
    const require = createRequire(import.meta.url);
    // useOldExtensionFunctions: false silences deprecation warnings printed through console.warn.
    const config = { locateFile: (f: string) => require.resolve(`sql.js/dist/${f}`), useOldExtensionFunctions: false };
    const baselineOnly = !optimizeSql && wasmFlagsUntouched();
    if (baselineOnly) setFlagsFromString('--liftoff-only');
    try {
      return await mod.default(config as Parameters<typeof mod.default>[0]);
    } finally {
      if (baselineOnly) setFlagsFromString('--no-liftoff-only');
    }
  })();
  return sqlPromise;
}

/**
 * sql.js is compiled by V8's baseline compiler only (Liftoff): optimising SQLite's interpreter
 * loop with TurboFan took ≈ 30 MB of transient compile memory and kept ≈ 18 MB of code, in every
 * process that opens a store — a third of the peak of a 10,000-step run — for ≈ 25 % faster heavy
 * scans (bench/store: search p50 ≈ 9 → 11 ms). The flag is set only while sql.js compiles, and not
 * at all when node was started with its own wasm or Liftoff flags.
 */
function wasmFlagsUntouched(): boolean {
  return !process.execArgv.some((a) => /^--(no-)?(liftoff|wasm)/.test(a));
}

/** A minimal valid database file (page 1 only): an empty file cannot be padded. */
function emptyImage(SQL: SqlJsStatic): Uint8Array {
  const d = new SQL.Database();
  try {
    d.exec('CREATE TABLE _amas_init (x); DROP TABLE _amas_init;');
    return d.export();
  } finally {
    d.close();
  }
}

/** Whether SQLite will take the page count from the header (change counter = version-valid-for) rather than the file size. */
function headerCountValid(b: Uint8Array): boolean {
  if (b.length < 100) return false;
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return v.getUint32(28) > 0 && v.getUint32(24) === v.getUint32(92);
}

/**
 * A sql.js database with a statement cache. Everything here is synchronous: sql.js runs in
 * this thread, so a sequence of calls without an `await` between them is atomic.
 */
export class Db {
  private readonly cache = new Map<string, Statement>();

  constructor(readonly raw: Database) {}

  /**
   * `reserve`: bytes of headroom for the file to grow into. sql.js keeps the file in an
   * emscripten MEMFS array that grows by 12.5 % with a full copy each time: replaying a 100 MB
   * journal into an empty file spent 0.65 s copying. Trailing zeros past the page count in the
   * header are not part of the database (SQLite trusts that count while the header is valid,
   * and export() copies only `page_count` pages), so a padded image opens as the same database.
   */
  static async open(bytes?: Uint8Array, reserve = 0): Promise<Db> {
    const SQL = await loadSqlJs();
    let image = bytes && bytes.length > 0 ? bytes : undefined;
    if (reserve > 0) {
      image ??= emptyImage(SQL);
      if (headerCountValid(image)) {
        const padded = new Uint8Array(image.length + reserve);
        padded.set(image);
        image = padded;
      }
    }
    const db = new Db(new SQL.Database(image ?? null));
    // The image lives in emscripten's in-memory file system; durability is the journal's job.
    // SQLite's own rollback journal on that file system made every commit 3-5x slower.
    // One connection owns the image: with the default locking mode, every transaction took and
    // dropped its lock, looked for a hot journal (a stat that fails, thrown as an emscripten
    // error) and re-checked its page cache — 2.5-4x the cost of a small write transaction.
    db.exec('PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF; PRAGMA temp_store = MEMORY; PRAGMA locking_mode = EXCLUSIVE;');
    return db;
  }

  private stmt(sql: string): Statement {
    let s = this.cache.get(sql);
    if (!s) {
      s = this.raw.prepare(sql);
      if (this.cache.size > 256) this.dropCache();
      this.cache.set(sql, s);
    }
    return s;
  }

  /** Runs one statement; returns the number of rows it changed. */
  run(sql: string, params: readonly Param[] = []): number {
    const s = this.stmt(sql);
    try {
      s.bind(params as BindParams);
      while (s.step()) {
        /* RETURNING rows are ignored here; use all() to read them */
      }
    } finally {
      s.reset();
    }
    return this.raw.getRowsModified();
  }

  all<T = Row>(sql: string, params: readonly Param[] = []): T[] {
    const s = this.stmt(sql);
    const out: T[] = [];
    try {
      s.bind(params as BindParams);
      while (s.step()) out.push(s.getAsObject() as T);
    } finally {
      s.reset();
    }
    return out;
  }

  get<T = Row>(sql: string, params: readonly Param[] = []): T | undefined {
    const s = this.stmt(sql);
    try {
      s.bind(params as BindParams);
      return s.step() ? (s.getAsObject() as T) : undefined;
    } finally {
      s.reset();
    }
  }

  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): void {
    this.raw.exec(sql);
  }

  /** A consistent image of the database; throws inside a write transaction (sql.js ≥ 1.15.2). */
  export(): Uint8Array {
    return this.raw.export();
  }

  private dropCache(): void {
    for (const s of this.cache.values()) s.free();
    this.cache.clear();
  }

  close(): void {
    this.dropCache();
    this.raw.close();
  }
}

export type { SqlValue };
