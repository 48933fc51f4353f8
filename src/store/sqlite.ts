import { createRequire } from 'node:module';
import type { BindParams, Database, SqlJsStatic, SqlValue, Statement } from 'sql.js';

/** A value a journaled statement may bind: what JSON can carry, plus bytes (base64 in the journal). */
export type Param = string | number | null | Uint8Array;
export type Row = Record<string, SqlValue>;

let sqlPromise: Promise<SqlJsStatic> | undefined;

/** Loads the sql.js wasm once per process (about 12 ms). */
export function loadSqlJs(): Promise<SqlJsStatic> {
  sqlPromise ??= (async () => {
    const mod = await import('sql.js');
    const require = createRequire(import.meta.url);
    // useOldExtensionFunctions: false silences deprecation warnings printed through console.warn.
    const config = { locateFile: (f: string) => require.resolve(`sql.js/dist/${f}`), useOldExtensionFunctions: false };
    return mod.default(config as Parameters<typeof mod.default>[0]);
  })();
  return sqlPromise;
}

/**
 * A sql.js database with a statement cache. Everything here is synchronous: sql.js runs in
 * this thread, so a sequence of calls without an `await` between them is atomic.
 */
export class Db {
  private readonly cache = new Map<string, Statement>();

  constructor(readonly raw: Database) {}

  static async open(bytes?: Uint8Array): Promise<Db> {
    const SQL = await loadSqlJs();
    const db = new Db(new SQL.Database(bytes ?? null));
    // The image lives in emscripten's in-memory file system; durability is the journal's job.
    // SQLite's own rollback journal on that file system made every commit 3-5x slower.
    db.exec('PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF; PRAGMA temp_store = MEMORY;');
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
