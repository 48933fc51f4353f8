import { AmasError, errorMessage, silentLogger, type Clock, type Logger, type TimerHandle } from '../core/index.ts';
import { writeCheckpoint, type CheckpointInfo } from './checkpoint.ts';
import { EventStore } from './events.ts';
import { recordRefused, WriteFence, type FenceState } from './fence.ts';
import { encodeRecord, MAX_RECORD_BYTES, type WriteOp } from './frame.ts';
import { flushIndex, indexInSlices, KNOWLEDGE_INSERT, needsIndex } from './fts.ts';
import type { JournalWriter } from './journal.ts';
import { KnowledgeStore } from './knowledge.ts';
import type { WriterLock } from './lock.ts';
import { MetricStore } from './metrics.ts';
import type { Loaded, RecoveryReport } from './recovery.ts';
import { RunSpecStore } from './run-specs.ts';
import { RunStore } from './runs.ts';
import { AgentTurnStore } from './agent-turns.ts';
import { ApprovalStore } from './approvals.ts';
import { writeMeta } from './schema.ts';
import type { Db, Param } from './sqlite.ts';
import { TriggerStore } from './triggers.ts';
import type { Reader, StoreCore, StoreOptions, Tx, WriteOptions } from './types.ts';

export type { StoreOptions } from './types.ts';

export const MEMORY = ':memory:';
/** Rows indexed per turn of the event loop at most (about 9 µs each). */
const INDEX_SLICE = 4096;
/**
 * Knowledge rows waiting before a commit indexes them (searches index what waits first, fts.ts):
 * a flush per batch cost 6 % of an agent-loop run's store writes (bench/README.md, agent-loop, fourth pass).
 */
const INDEX_BATCH = 64;

/** What only the writer holds: the journal it appends to, the lock, and what recovery found. */
export interface WriterParts {
  journal: JournalWriter;
  lock: WriterLock;
  loaded: Loaded;
}

export class Store implements StoreCore {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly readOnly: boolean;
  readonly knowledge: KnowledgeStore;
  readonly runs: RunStore;
  readonly runSpecs: RunSpecStore;
  readonly agentTurns: AgentTurnStore;
  readonly approvals: ApprovalStore;
  readonly events: EventStore;
  readonly metrics: MetricStore;
  readonly triggers: TriggerStore;

  private lastSeq: number;
  private checkpointSeq: number;
  private journalBytesSinceCheckpoint = 0;
  private inTx = false;
  private batchOpen = false;
  private batchOps: WriteOp[][] = [];
  /** Knowledge rows inserted since a commit last indexed (see INDEX_BATCH). */
  private unindexed = 0;
  private closedDb = false;
  private closed = false;
  private checkpointing: Promise<CheckpointInfo | undefined> | undefined;
  private timer: TimerHandle | undefined;
  private sizeCheckpointQueued = false;
  private indexing = false;
  private currentFileSeq: number | undefined;
  private prevFileSeq: number | undefined;
  private readonly fencing: WriteFence;

  constructor(
    readonly path: string,
    private readonly db: Db,
    private readonly opts: StoreOptions & { clock: Clock },
    readonly recovery: RecoveryReport,
    private readonly writer?: WriterParts,
  ) {
    this.clock = opts.clock;
    this.logger = opts.logger ?? silentLogger;
    this.fencing = new WriteFence({
      clock: this.clock,
      logger: this.logger,
      path,
      isClosed: () => this.closed,
      checkpoint: () => this.checkpoint(),
    });
    this.readOnly = path !== MEMORY && !writer;
    this.lastSeq = recovery.lastSeq;
    this.checkpointSeq = recovery.checkpoint?.seq ?? 0;
    this.currentFileSeq = writer?.loaded.currentSeq;
    this.prevFileSeq = writer?.loaded.prevSeq;
    this.knowledge = new KnowledgeStore(this);
    this.runSpecs = new RunSpecStore(this);
    this.runs = new RunStore(this, this.runSpecs);
    this.agentTurns = new AgentTurnStore(this);
    this.approvals = new ApprovalStore(this);
    this.events = new EventStore(this);
    this.metrics = new MetricStore(this);
    this.triggers = new TriggerStore(this);
    if (writer) writer.journal.onFailure = (err) => this.fencing.raise(err);
    for (const w of recovery.warnings) this.logger.warn(`store recovery: ${w}`, { path });
    this.arm();
    if (writer) this.indexInBackground();
  }

  get isMemory(): boolean {
    return this.path === MEMORY;
  }

  /** Journal position of the newest change applied in memory. */
  get seq(): number {
    return this.lastSeq;
  }

  /** Counters for status pages and tests. */
  stats(): { seq: number; checkpointSeq: number; journalBytes: number; journalFlushes: number; journalSyncs: number; segment: number | undefined } {
    const j = this.writer?.journal;
    return { seq: this.lastSeq, checkpointSeq: this.checkpointSeq, journalBytes: j?.bytesWritten ?? 0, journalFlushes: j?.flushes ?? 0, journalSyncs: j?.syncs ?? 0, segment: j?.currentIndex };
  }

  /** Whether writes are fenced after an I/O error, why, since when, and how many retries failed. */
  get fence(): FenceState | undefined {
    return this.fencing.state;
  }

  private usable(): void {
    if (this.closed) throw new AmasError('AMAS_STORE_CLOSED', 'the store is closed');
    this.fencing.refuseWrites();
  }

  read<T>(fn: (r: Reader) => T): T {
    if (this.closed) throw new AmasError('AMAS_STORE_CLOSED', 'the store is closed');
    return fn({ get: (sql, params) => this.db.get(sql, params), all: (sql, params) => this.db.all(sql, params) });
  }

  /**
   * Runs `fn` synchronously; its writes become one journal record, applied all or nothing.
   * The promise resolves when that record is durable (or at once with `durable: false`).
   * The changes are visible to reads immediately, before they are durable.
   */
  transaction<T>(fn: (tx: Tx) => T, opts: WriteOptions = {}): Promise<T> {
    try {
      this.usable();
      if (this.readOnly) {
        throw new AmasError('AMAS_STORE_READONLY', 'the store was opened read-only', { hint: 'another process owns it, or it was opened with readOnly' });
      }
      if (this.inTx) throw new AmasError('AMAS_STORE_NESTED', 'store.transaction() cannot be nested');
    } catch (err) {
      return Promise.reject(err);
    }
    const ops: WriteOp[] = [];
    const durable = opts.durable ?? true;
    const db = this.db;
    const redactor = this.opts.redactor;
    const tx: Tx = {
      now: this.clock.now(),
      run: (sql: string, params: readonly Param[] = []) => {
        // A copy: the journal record must not change if the caller reuses its array.
        const copy = [...params];
        if (sql === KNOWLEDGE_INSERT) this.unindexed++;
        else if (needsIndex(sql)) flushIndex(db);
        const n = db.run(sql, copy);
        ops.push({ sql, params: copy });
        return n;
      },
      mask: (value) => (redactor === undefined ? value : redactor.redactDeep(value)),
      get: (sql, params) => db.get(sql, params),
      all: (sql, params) => db.all(sql, params),
    };
    let result: T;
    this.beginBatch();
    this.inTx = true;
    try {
      result = fn(tx);
      if (result instanceof Promise) throw new TypeError('store.transaction(fn): fn must be synchronous');
    } catch (err) {
      this.undo(ops.length > 0);
      // Serialising a value too long or too deep for JSON (inside fn) is refused the same way.
      return Promise.reject(err instanceof RangeError ? recordRefused(err) : err);
    } finally {
      this.inTx = false;
    }
    if (ops.length === 0) return Promise.resolve(result);
    const seq = this.lastSeq + 1;
    let frame: Buffer | undefined;
    if (!this.isMemory) {
      try {
        frame = encodeRecord({ seq, ops, ...(durable === true ? { synced: true } : {}) }, Math.min(this.opts.maxRecordBytes ?? MAX_RECORD_BYTES, MAX_RECORD_BYTES));
      } catch (err) {
        // One record too large to encode fails its own write, and nothing else: its changes are
        // taken back and the store goes on (a RangeError here used to escape and end the process).
        this.undo(true);
        return Promise.reject(recordRefused(err));
      }
    }
    this.batchOps.push(ops);
    if (!frame) return Promise.resolve(result);
    this.lastSeq = seq;
    this.journalBytesSinceCheckpoint += frame.length;
    const acked = this.writer!.journal.append(frame, seq, durable);
    this.maybeCheckpointBySize();
    return acked.then(
      () => result,
      (err: unknown) => {
        throw new AmasError('AMAS_STORE_FENCED', `the change was not made durable: ${errorMessage(err)}`, {
          hint: 'the store refuses writes until its disk accepts them again, and retries on its own',
          cause: err,
        });
      },
    );
  }

  /**
   * Writes of one tick share one SQLite transaction, committed on the next turn of the event
   * loop: a commit makes FTS4 flush its index segment, which cost 5x the insert itself.
   * SQLite's commit is not what makes a change durable here; the journal is.
   */
  private beginBatch(): void {
    if (this.batchOpen) return;
    // Prepared once (the statement cache), not parsed again by exec() for every batch: an agent
    // loop commits two or three batches per model turn.
    this.db.run('BEGIN');
    this.batchOpen = true;
    setImmediate(() => this.commitBatch());
  }

  private commitBatch(): void {
    if (!this.batchOpen || this.closedDb) return;
    // Only once enough knowledge rows wait: the watermark lookup alone cost as much as a whole
    // agent-loop turn's inserts, and FTS4's segment flush at the commit many times more.
    let more = false;
    if (this.unindexed >= INDEX_BATCH) {
      more = flushIndex(this.db, INDEX_SLICE).more;
      this.unindexed = 0;
    }
    this.db.run('COMMIT');
    this.batchOpen = false;
    this.batchOps = [];
    if (more) this.indexInBackground();
  }

  /**
   * Builds the full-text index of rows not indexed yet (after a replay, or a tick that wrote
   * more than a slice) in the background, so that the store is usable at once. Searches and
   * deletes do not wait for it: they index whatever is left first.
   */
  private indexInBackground(): void {
    if (this.indexing || this.readOnly) return;
    this.indexing = true;
    indexInSlices(this.db, INDEX_SLICE, () => {
      if (this.closed || this.closedDb || this.inTx) return 'stop';
      return this.batchOpen ? 'join' : 'alone';
    }, (more) => (this.indexing = more));
  }

  /** Takes back a failed transaction's writes: roll the batch back and re-apply the ones before it. */
  private undo(wroteSomething: boolean): void {
    let stillOpen = true;
    try {
      this.db.exec('BEGIN');
      stillOpen = false; // SQLite had already rolled the batch back on its own
    } catch {
      /* "cannot start a transaction within a transaction": the batch is intact */
    }
    if (stillOpen && !wroteSomething) return;
    if (stillOpen) {
      this.db.exec('ROLLBACK');
      this.db.exec('BEGIN');
    }
    for (const ops of this.batchOps) {
      for (const op of ops) {
        if (needsIndex(op.sql)) flushIndex(this.db);
        this.db.run(op.sql, op.params);
      }
    }
  }

  /** Applies write statements as one transaction (the generic durable write path). */
  write(ops: readonly WriteOp[], opts?: WriteOptions): Promise<void> {
    return this.transaction((tx) => {
      for (const op of ops) tx.run(op.sql, op.params);
    }, opts);
  }

  updateIndex(): void {
    // Works inside an open batch or transaction too: the index rows join it.
    if (!this.closed) flushIndex(this.db);
  }

  async sync(): Promise<void> {
    await this.writer?.journal.sync();
  }

  /** A consistent SQLite image of the current state (what backup archives). */
  snapshot(): Uint8Array {
    if (this.inTx) throw new AmasError('AMAS_STORE_BUSY', 'cannot take a snapshot inside a transaction');
    this.commitBatch();
    return this.db.export();
  }

  private arm(): void {
    const every = this.opts.checkpointIntervalMs ?? 30_000;
    if (!this.writer || every <= 0 || this.closed) return;
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      if (this.lastSeq > this.checkpointSeq) this.checkpointInBackground();
      this.arm();
    }, every);
  }

  private maybeCheckpointBySize(): void {
    if (this.sizeCheckpointQueued || this.journalBytesSinceCheckpoint < (this.opts.checkpointJournalBytes ?? 64 * 1024 * 1024)) return;
    this.sizeCheckpointQueued = true;
    setImmediate(() => {
      this.sizeCheckpointQueued = false;
      if (!this.closed) this.checkpointInBackground();
    });
  }

  private checkpointInBackground(): void {
    this.checkpoint().catch((err: unknown) => {
      // While fenced, failures are the recovery loop's to report.
      if (!this.fencing.active) this.logger.error('store checkpoint failed', { error: errorMessage(err), path: this.path });
    });
  }

  /**
   * Folds the journal into a new checkpoint file and retires journal segments that both kept
   * checkpoints already contain. Returns undefined for in-memory and read-only stores.
   */
  checkpoint(): Promise<CheckpointInfo | undefined> {
    if (!this.writer || this.closed) return Promise.resolve(undefined);
    this.checkpointing ??= this.doCheckpoint().finally(() => {
      this.checkpointing = undefined;
    });
    return this.checkpointing;
  }

  private async doCheckpoint(): Promise<CheckpointInfo> {
    const w = this.writer!;
    if (this.closed) throw new AmasError('AMAS_STORE_CLOSED', 'the store is closed');
    // A fence raised before the image is taken is lifted by this checkpoint: while fenced nothing
    // is appended, so the image holds every change, journaled or not. A fence raised later
    // (by a record appended after the image) waits for the next checkpoint.
    const fenceBefore = this.fencing.active;
    // Synchronous from here to rotate(): the image holds exactly the changes up to `seq`.
    const seq = this.lastSeq;
    this.commitBatch();
    writeMeta(this.db, 'checkpoint_seq', String(seq));
    const bytes = this.db.export();
    w.journal.rotate();
    this.journalBytesSinceCheckpoint = 0;
    const info = await writeCheckpoint(this.path, bytes, seq, this.clock.now());
    if (this.currentFileSeq !== undefined) this.prevFileSeq = this.currentFileSeq;
    this.currentFileSeq = seq;
    this.checkpointSeq = Math.max(this.checkpointSeq, seq);
    // Every segment the previous checkpoint still needs stays, so that it remains a fallback.
    w.journal.retireThrough(this.prevFileSeq ?? 0);
    if (fenceBefore && this.fencing.active === fenceBefore) {
      await w.journal.recover(); // throws while the journal still cannot be written: stay fenced
      this.fencing.lift(fenceBefore);
    }
    return info;
  }

  /** Flushes, writes a final checkpoint (unless disabled), releases the lock. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.fencing.stop();
    const w = this.writer;
    try {
      if (w) {
        await this.checkpointing?.catch(() => undefined);
        await w.journal.sync().catch(() => undefined);
        if ((this.opts.checkpointOnClose ?? true) && this.lastSeq > this.checkpointSeq) {
          // While fenced this is one last try to keep what the journal could not take.
          const fencedAtClose = this.fencing.active !== undefined;
          await this.checkpoint().catch((err: unknown) => {
            if (!fencedAtClose) throw err;
            this.logger.error('store closed while fenced: changes made since the fence are not kept', { error: errorMessage(err), path: this.path });
          });
        }
      }
    } finally {
      this.closed = true;
      try {
        await w?.journal.close().catch(() => undefined);
      } finally {
        w?.lock.release();
        this.commitBatch();
        this.closedDb = true;
        this.db.close();
      }
    }
  }
}
