import fs from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { SEGMENT_MAGIC } from './frame.ts';
import { fsyncDir } from './fsutil.ts';

const SEGMENT_RE = /^seg-(\d{12})\.log$/;

/**
 * Segments are opened with O_DSYNC where the platform has it: each write returns once its data
 * is on disk, as write + fdatasync would, in one thread-pool round instead of two (measured: a
 * flush of an agent-loop turn cost 0.3-0.5 ms of CPU as two rounds, 0.08-0.1 ms less as one).
 * Elsewhere (Windows) every write is followed by an fdatasync.
 */
const O_DSYNC: number | undefined = fs.constants.O_DSYNC;
const SEGMENT_FLAGS = fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | (O_DSYNC ?? 0);

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

/**
 * Appends framed records to the current segment. Every record appended in the same tick (and
 * every record appended while a flush is in progress) goes out in one write + fdatasync: group
 * commit. A promise from `append()` resolves only after the fdatasync that covers its record.
 */
export class JournalWriter {
  private pending: Buffer[] = [];
  private pendingMaxSeq = 0;
  private waiters: Waiter[] = [];
  private flushing: Promise<void> | undefined;
  private scheduled = false;
  private rotateRequested = false;
  private fh: FileHandle;
  private index: number;
  /** Set when a write or fsync failed; appends are refused until `recover()` (see store.ts). */
  failure: Error | undefined;
  /** Called once per failure, when it happens (the store fences its writes). */
  onFailure: ((err: Error) => void) | undefined;
  /** Highest seq written to each segment by this writer (retention needs it). */
  readonly segmentMaxSeq = new Map<number, number>();
  bytesWritten = 0;
  /** Number of write + fdatasync rounds so far (each covers a whole group of records). */
  flushes = 0;

  private constructor(
    readonly dir: string,
    fh: FileHandle,
    index: number,
  ) {
    this.fh = fh;
    this.index = index;
  }

  static async create(dir: string, index: number): Promise<JournalWriter> {
    return new JournalWriter(dir, await JournalWriter.openSegment(dir, index), index);
  }

  private static async openSegment(dir: string, index: number): Promise<FileHandle> {
    const file = path.join(dir, segmentName(index));
    const fh = await open(file, SEGMENT_FLAGS, 0o600);
    try {
      await fh.write(SEGMENT_MAGIC);
      await fh.datasync();
      fsyncDir(dir);
      return fh;
    } catch (err) {
      // A half-made segment (disk full) would make the next attempt fail with EEXIST for ever.
      await fh.close().catch(() => undefined);
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

  /** Queues a frame; the promise resolves once it is on disk. `durable: false` resolves at once. */
  append(frame: Buffer, seq: number, durable: boolean): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    this.pending.push(frame);
    this.pendingMaxSeq = seq;
    this.schedule();
    if (!durable) return Promise.resolve();
    return new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  /** Resolves when everything appended so far is on disk. */
  async sync(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.pending.length === 0 && !this.flushing) return;
    if (this.pending.length === 0) {
      await this.flushing;
      if (this.failure) throw this.failure;
      return;
    }
    await new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
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
    await this.fh.close().catch(() => undefined);
    this.fh = next;
    this.index += 1;
    this.rotateRequested = false;
    this.failure = undefined;
  }

  private schedule(): void {
    if (this.scheduled || this.flushing) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flushing = this.flushLoop().finally(() => {
        this.flushing = undefined;
        if (this.pending.length > 0 && !this.failure) this.schedule();
      });
    });
  }

  private async flushLoop(): Promise<void> {
    while (this.pending.length > 0 && !this.failure) {
      const bufs = this.pending;
      const waiters = this.waiters;
      const maxSeq = this.pendingMaxSeq;
      this.pending = [];
      this.waiters = [];
      try {
        if (this.rotateRequested) {
          this.rotateRequested = false;
          const next = await JournalWriter.openSegment(this.dir, this.index + 1);
          await this.fh.close();
          this.fh = next;
          this.index += 1;
        }
        const data = bufs.length === 1 ? bufs[0]! : Buffer.concat(bufs);
        let off = 0;
        while (off < data.length) off += (await this.fh.write(data, off, data.length - off)).bytesWritten;
        if (O_DSYNC === undefined) await this.fh.datasync();
        this.bytesWritten += data.length;
        this.flushes += 1;
        this.segmentMaxSeq.set(this.index, maxSeq);
        for (const w of waiters) w.resolve();
      } catch (err) {
        // After a failed write or fsync the file's state is unknown (the page cache may have
        // dropped the data): stop accepting writes rather than acknowledge on a broken journal,
        // until the store has checkpointed and called recover().
        const failure = err instanceof Error ? err : new Error(String(err));
        this.failure = failure;
        for (const w of [...waiters, ...this.waiters]) w.reject(failure);
        this.waiters = [];
        this.pending = [];
        this.onFailure?.(failure);
      }
    }
  }

  async close(): Promise<void> {
    try {
      await this.sync();
    } finally {
      await this.fh.close();
    }
  }
}
