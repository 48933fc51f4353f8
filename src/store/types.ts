import type { Clock, Logger, Redactor } from '../core/index.ts';
import type { Param, Row } from './sqlite.ts';

export interface WriteOptions {
  /**
   * true (default): the promise resolves once the change is on disk (journal fsync'ed).
   * 'written': resolves once the journal file holds it (written to the operating system, not yet
   * synced): it survives the process's crash, and is synced with the next durable change or within
   * 200 ms; a crash of the machine in that window may lose it. For changes whose loss costs only
   * work done again (an agent loop's turn of pure tool calls: docs/agents.md, "Durability").
   * false: resolves at once; the change still goes to the journal, in order, with the next group commit.
   */
  durable?: boolean | 'written';
}

/** Read access: plain SQL against the in-memory database. */
export interface Reader {
  get<T = Row>(sql: string, params?: readonly Param[]): T | undefined;
  all<T = Row>(sql: string, params?: readonly Param[]): T[];
}

/** Inside `store.transaction(fn)`: writes are applied at once and journaled together when fn returns. */
export interface Tx extends Reader {
  /** Runs a write statement; returns the number of rows changed. */
  run(sql: string, params?: readonly Param[]): number;
  /** The store clock's time when the transaction began. */
  readonly now: number;
  /**
   * `value` with the project's secrets masked inside its strings (the same object when there was
   * nothing to mask). Every value is masked before it is serialized into a row: masking
   * serialized JSON or SQL text could break it.
   */
  mask<T>(value: T): T;
}

/** What the typed query modules need from a store. */
export interface StoreCore {
  readonly clock: Clock;
  readonly logger: Logger;
  transaction<T>(fn: (tx: Tx) => T, opts?: WriteOptions): Promise<T>;
  read<T>(fn: (r: Reader) => T): T;
  /** Brings the full-text index up to date with the knowledge rows (derived data, not journaled). */
  updateIndex(): void;
  /** Resolves when every change made so far is on disk. */
  sync(): Promise<void>;
}

export interface StoreOptions {
  /** Load checkpoint + journal into memory without taking the lock or writing anything. */
  readOnly?: boolean;
  clock?: Clock;
  logger?: Logger;
  /** Time between checkpoints while there are new changes (default 30 s; 0 = only by size and on close). */
  checkpointIntervalMs?: number;
  /** Journal bytes since the last checkpoint that trigger one (default 64 MiB). */
  checkpointJournalBytes?: number;
  /** Write a checkpoint on close when there are changes since the last one (default true). */
  checkpointOnClose?: boolean;
  /** The project's secrets, masked inside every value written (`Tx.mask`). */
  redactor?: Redactor;
  /** The largest journal record (one transaction) accepted, in bytes (default and maximum 256 MiB). */
  maxRecordBytes?: number;
}
