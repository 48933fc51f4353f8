import fs from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { SEGMENT_MAGIC } from './frame.ts';
import { fsyncDir } from './fsutil.ts';

const SEGMENT_RE = /^seg-(\d{12})\.log$/;

/**
 * How far a record must have gone before `append()` resolves (the store's `WriteOptions.durable`):
 * - `true`: on disk (fdatasync'ed): it survives the machine's crash.
 * - `'written'`: handed to the operating system, not yet synced: it survives the process's crash
 *   (kill -9, OOM), and is synced with the next `true` record or at most SYNC_DELAY_MS later; the
 *   machine's crash may lose it. For records whose loss costs only work done again
 *   (docs/agents.md, "Durability").
 * - `false`: queued; resolves at once.
 */
export type Durability = boolean | 'written';

/** The longest a written record stays unsynced (PostgreSQL's WAL writer wakes every 200 ms the same way). */
export const SYNC_DELAY_MS = 200;

/**
 * Each segment is open twice. Records that must be synced and follow only synced bytes are
 * written through the O_DSYNC handle: the write returns once its data is on disk, one thread-pool
 * round instead of a write and an fdatasync (measured: a flush of an agent-loop turn cost 0.3-0.5
 * ms of CPU as two rounds, 0.08-0.1 ms less as one). Written-only records go through the plain
 * handle; a sync record after them is written there too and fdatasync'ed, which covers them all
 * (O_DSYNC would sync only its own range). Where the platform has no O_DSYNC (Windows) every
 * sync is a write + fdatasync.
 */
const O_DSYNC: number | undefined = fs.constants.O_DSYNC;
const SEGMENT_FLAGS = fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL;

export function segmentName(index: number): string {
  return `seg-${String(index).padStart(12, '0')}.log`;
}

/** Segment files of a journal directory, oldest first. */
export function listSegments(dir: string): { index: number; file: string }[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return names
    .map((n) => ({ m: SEGMENT_RE.exec(n), n }))
    .filter((x): x is { m: RegExpExecArray; n: string } => x.m !== null)
    .map((x) => ({ index: Number(x.m[1]), file: path.join(dir, x.n) }))
    .sort((a, b) => a.index - b.index);
}

interface Waiter {
  resolve(): void;
  reject(err: unknown): void;
}

/** An open segment: the plain handle, and the O_DSYNC one on the same file where there is one. */
interface Segment {
  fh: FileHandle;
  dsync: FileHandle | undefined;
  /** Where the next record goes (records are written at explicit offsets through either handle). */
  offset: number;
}

/**
 * Appends framed records to the current segment. Every record appended in the same tick (and
 * every record appended while a flush is in progress) goes out in one write: group commit. A
 * promise from `append()` resolves once the write that carries its record has gone as far as its
 * durability asks (see Durability).
 */
export class JournalWriter {
  private pending: Buffer[] = [];
  private pendingMaxSeq = 0;
  private syncWaiters: Waiter[] = [];
  private writeWaiters: Waiter[] = [];
  /** `sync()` or the timer asked for an fdatasync even with nothing new to write. */
  private syncRequested = false;
  /** Bytes written through the plain handle and not yet fdatasync'ed. */
  private unsynced = false;
  private syncTimer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private scheduled = false;
  private rotateRequested = false;
  private seg: Segment;
  private index: number;
  /** Set when a write or fsync failed; appends are refused until `recover()` (see store.ts). */
  failure: Error | undefined;
  /** Called once per failure, when it happens (the store fences its writes). */
  onFailure: ((err: Error) => void) | undefined;
  /** Highest seq written to each segment by this writer (retention needs it). */
  readonly segmentMaxSeq = new Map<number, number>();
  bytesWritten = 0;
  /** Number of write rounds so far (each covers a whole group of records). */
  flushes = 0;
  /** Number of those rounds that reached the disk (O_DSYNC writes and fdatasyncs). */
  syncs = 0;

  private constructor(
    readonly dir: string,
    seg: Segment,
    index: number,
  ) {
    this.seg = seg;
    this.index = index;
  }

  static async create(dir: string, index: number): Promise<JournalWriter> {
    return new JournalWriter(dir, await JournalWriter.openSegment(dir, index), index);
  }

  private static async openSegment(dir: string, index: number): Promise<Segment> {
    const file = path.join(dir, segmentName(index));
    const fh = await open(file, SEGMENT_FLAGS, 0o600);
    let dsync: FileHandle | undefined;
    try {
      await fh.write(SEGMENT_MAGIC, 0, SEGMENT_MAGIC.length, 0);
      await fh.datasync();
      fsyncDir(dir);
      if (O_DSYNC !== undefined) dsync = await open(file, fs.constants.O_WRONLY | O_DSYNC);
      return { fh, dsync, offset: SEGMENT_MAGIC.length };
    } catch (err) {
      // A half-made segment (disk full) would make the next attempt fail with EEXIST for ever.
      await fh.close().catch(() => undefined);
      await dsync?.close().catch(() => undefined);
      fs.rmSync(file, { force: true });
      throw err;
    }
  }

  /**
   * Deletes the closed segments whose every record is at or below `seq` (what a kept checkpoint
   * already contains). The segment being written is never retired.
   */
  retireThrough(seq: number): void {
    if (seq <= 0) return;
    for (const s of listSegments(this.dir)) {
      if (s.index >= this.currentIndex) continue;
      const max = this.segmentMaxSeq.get(s.index);
      if (max !== undefined && max <= seq) {
        fs.rmSync(s.file, { force: true });
        this.segmentMaxSeq.delete(s.index);
      }
    }
  }

  get currentIndex(): number {
    return this.index;
  }

  /** Queues a frame; the promise resolves once it has gone as far as `durability` asks. */
  append(frame: Buffer, seq: number, durability: Durability): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    this.pending.push(frame);
    this.pendingMaxSeq = seq;
    this.schedule();
    if (durability === false) return Promise.resolve();
    return new Promise<void>((resolve, reject) => (durability === true ? this.syncWaiters : this.writeWaiters).push({ resolve, reject }));
  }

  /** Resolves when everything appended so far is on disk. */
  async sync(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.pending.length === 0 && !this.unsynced && !this.flushing) return;
    this.syncRequested = true;
    this.schedule();
    await new Promise<void>((resolve, reject) => this.syncWaiters.push({ resolve, reject }));
  }

  /** Records appended from now on go to a fresh segment (the previous one is complete). */
  rotate(): void {
    this.rotateRequested = true;
  }

  /**
   * Accepts appends again after a failure, into a fresh segment: the failed one's tail is in an
   * unknown state, and after a failed fsync its file handle cannot be trusted to write. The
   * caller first made every change durable another way (a checkpoint of the whole state).
   * Throws (still failed) when the new segment cannot be created.
   */
  async recover(): Promise<void> {
    if (!this.failure) return;
    // Opened now, not on the next append: the fence lifts only once the journal can be written.
    const next = await JournalWriter.openSegment(this.dir, this.index + 1);
    await closeSegment(this.seg);
    this.seg = next;
    this.index += 1;
    this.rotateRequested = false;
    this.unsynced = false;
    this.failure = undefined;
  }

  private schedule(): void {
    if (this.scheduled || this.flushing) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flushing = this.flushLoop().finally(() => {
        this.flushing = undefined;
        if ((this.pending.length > 0 || this.syncRequested) && !this.failure) this.schedule();
      });
    });
  }

  /** Written-only bytes are synced within SYNC_DELAY_MS, unless a sync record comes first. */
  private armSyncTimer(): void {
    if (this.syncTimer) return;
    this.syncTimer = setTimeout(() => {
      this.syncTimer = undefined;
      if (!this.unsynced || this.failure) return;
      this.syncRequested = true;
      this.schedule();
    }, SYNC_DELAY_MS);
    // A pending timer must not keep a finished process alive: close() syncs what is left.
    this.syncTimer.unref();
  }

  private async flushLoop(): Promise<void> {
    while ((this.pending.length > 0 || this.syncRequested) && !this.failure) {
      const bufs = this.pending;
      const syncWaiters = this.syncWaiters;
      const writeWaiters = this.writeWaiters;
      const mustSync = syncWaiters.length > 0 || this.syncRequested;
      const maxSeq = this.pendingMaxSeq;
      this.pending = [];
      this.syncWaiters = [];
      this.writeWaiters = [];
      this.syncRequested = false;
      try {
        if (this.rotateRequested && bufs.length > 0) {
          this.rotateRequested = false;
          const next = await JournalWriter.openSegment(this.dir, this.index + 1);
          // The closed segment must be whole on disk: replay reads damage in it as bit rot, not as a lost tail.
          if (this.unsynced) await this.datasync();
          await closeSegment(this.seg);
          this.seg = next;
          this.index += 1;
        }
        if (bufs.length > 0) {
          const data = bufs.length === 1 ? bufs[0]! : Buffer.concat(bufs);
          const direct = mustSync && !this.unsynced && this.seg.dsync !== undefined;
          // Through the page cache when the disk is not waited for, or when an fdatasync follows
          // anyway (written-only bytes before it): one thread-pool round, the fdatasync's.
          if (!direct && data.length <= INLINE_WRITE_BYTES) writeAllNow(this.seg.fh, data, this.seg.offset);
          else await writeAll(direct ? this.seg.dsync! : this.seg.fh, data, this.seg.offset);
          this.seg.offset += data.length;
          this.bytesWritten += data.length;
          this.flushes += 1;
          this.segmentMaxSeq.set(this.index, maxSeq);
          if (direct) this.syncs += 1;
          else this.unsynced = true;
        }
        // Written: whoever only needed the operating system to hold the record may go on now.
        for (const w of writeWaiters) w.resolve();
        if (mustSync && this.unsynced) await this.datasync();
        else if (this.unsynced) this.armSyncTimer();
        for (const w of syncWaiters) w.resolve();
      } catch (err) {
        // After a failed write or fsync the file's state is unknown (the page cache may have
        // dropped the data): stop accepting writes rather than acknowledge on a broken journal,
        // until the store has checkpointed and called recover().
        const failure = err instanceof Error ? err : new Error(String(err));
        this.failure = failure;
        for (const w of [...syncWaiters, ...writeWaiters, ...this.syncWaiters, ...this.writeWaiters]) w.reject(failure);
        this.syncWaiters = [];
        this.writeWaiters = [];
        this.pending = [];
        this.onFailure?.(failure);
      }
    }
  }

  private async datasync(): Promise<void> {
    await this.seg.fh.datasync();
    this.unsynced = false;
    this.syncs += 1;
    if (this.syncTimer) {
      clearTimeout(this.syncTimer);
      this.syncTimer = undefined;
    }
  }

  async close(): Promise<void> {
    try {
      await this.sync();
    } finally {
      if (this.syncTimer) clearTimeout(this.syncTimer);
      await closeSegment(this.seg);
    }
  }
}

/**
 * A write that need not reach the disk only copies into the page cache: done on the main thread
 * it costs a system call, where the thread pool's round trip (hand-over, wake-up, completion)
 * cost a turn of an agent loop more than the copy itself. Larger batches still go to the pool.
 */
const INLINE_WRITE_BYTES = 64 * 1024;

function writeAllNow(fh: FileHandle, data: Buffer, position: number): void {
  let off = 0;
  while (off < data.length) off += fs.writeSync(fh.fd, data, off, data.length - off, position + off);
}

async function writeAll(fh: FileHandle, data: Buffer, position: number): Promise<void> {
  let off = 0;
  while (off < data.length) off += (await fh.write(data, off, data.length - off, position + off)).bytesWritten;
}

async function closeSegment(seg: Segment): Promise<void> {
  await seg.dsync?.close().catch(() => undefined);
  await seg.fh.close();
}
