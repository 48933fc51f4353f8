import { crc32 } from 'node:zlib';
import type { Param } from './sqlite.ts';

/**
 * One journal record: the statements of one committed transaction, in order. Replaying them on
 * the state they were first run against gives the same state, because every value that was not
 * already in the database (ids, times) is a bound parameter.
 */
export interface JournalRecord {
  seq: number;
  ops: WriteOp[];
  /**
   * Written by a write that reached the disk (fdatasync'ed or O_DSYNC): every byte before it in
   * its segment was on disk too. Replay uses it to tell bit rot from a tail lost with the machine.
   */
  synced?: boolean;
}

export interface WriteOp {
  sql: string;
  params: Param[];
}

/** A segment starts with this magic; records follow as [u32 length][u32 crc32][payload]. */
export const SEGMENT_MAGIC = Buffer.from('AMASJNL1', 'ascii');
const FRAME_HEADER = 8;
/** Larger frames are treated as corruption: no single transaction should come near it. */
const MAX_FRAME = 256 * 1024 * 1024;
/** The largest record a writer accepts: anything larger would read back as corruption. */
export const MAX_RECORD_BYTES = MAX_FRAME;
const PAYLOAD_START = Buffer.from('{"s":', 'ascii');

function encodeParam(p: Param): unknown {
  return p instanceof Uint8Array ? { $b: Buffer.from(p).toString('base64') } : p;
}

function decodeParam(p: unknown): Param {
  if (p !== null && typeof p === 'object') return new Uint8Array(Buffer.from((p as { $b: string }).$b, 'base64'));
  return p as Param;
}

/**
 * Frames a record. Throws RangeError when it cannot be encoded (a string past V8's limit) or is
 * larger than MAX_RECORD_BYTES; the store refuses that one write (see store.ts).
 */
export function encodeRecord(rec: JournalRecord, maxBytes = MAX_RECORD_BYTES): Buffer {
  const body = JSON.stringify({ s: rec.seq, o: rec.ops.map((o) => [o.sql, o.params.some((p) => p instanceof Uint8Array) ? o.params.map(encodeParam) : o.params]), ...(rec.synced ? { d: 1 } : {}) });
  // Encoded straight into the frame: a flush of 10,000 steps is a 2.5 MB record, and a separate
  // payload buffer was one more copy of it at the moment the run's memory peaks.
  const length = Buffer.byteLength(body, 'utf8');
  if (length > maxBytes) throw new RangeError(`the record is ${length} bytes, more than the ${maxBytes} a journal record may hold`);
  const frame = Buffer.allocUnsafe(FRAME_HEADER + length);
  frame.writeUInt32LE(length, 0);
  frame.write(body, FRAME_HEADER, 'utf8');
  frame.writeUInt32LE(crc32(frame.subarray(FRAME_HEADER)), 4);
  return frame;
}

function decodePayload(payload: Buffer): JournalRecord | undefined {
  try {
    const v = JSON.parse(payload.toString('utf8')) as { s: unknown; o: unknown; d?: unknown };
    if (typeof v.s !== 'number' || !Array.isArray(v.o)) return undefined;
    // In place: replay decodes every record of the journal, and copies showed up as GC time.
    const o = v.o as [string, unknown[]][];
    const ops = new Array<WriteOp>(o.length);
    for (let i = 0; i < o.length; i++) {
      const [sql, params] = o[i]!;
      for (let j = 0; j < params.length; j++) {
        const p = params[j];
        if (p !== null && typeof p === 'object') params[j] = decodeParam(p);
      }
      ops[i] = { sql, params: params as Param[] };
    }
    return v.d === 1 ? { seq: v.s, ops, synced: true } : { seq: v.s, ops };
  } catch {
    return undefined;
  }
}

/** Tries to read a valid frame at `off`; undefined when the bytes there are not one. */
function frameAt(buf: Buffer, off: number): { rec: JournalRecord; end: number } | undefined {
  if (buf.length - off < FRAME_HEADER) return undefined;
  const len = buf.readUInt32LE(off);
  if (len < PAYLOAD_START.length || len > MAX_FRAME || off + FRAME_HEADER + len > buf.length) return undefined;
  const start = off + FRAME_HEADER;
  // Cheap filter before the checksum, so that resynchronising after damage stays linear in practice.
  if (buf.compare(PAYLOAD_START, 0, PAYLOAD_START.length, start, start + PAYLOAD_START.length) !== 0) return undefined;
  const payload = buf.subarray(start, start + len);
  if (crc32(payload) !== buf.readUInt32LE(off + 4)) return undefined;
  const rec = decodePayload(payload);
  return rec ? { rec, end: start + len } : undefined;
}

export interface SegmentScan {
  /** Empty when the records went to `onRecord`. */
  records: JournalRecord[];
  /** Seq of the last valid record, 0 when none. */
  lastSeq: number;
  /** Offset just past the last valid record: the writer truncates a torn tail to here. */
  validEnd: number;
  /** Damaged byte ranges [from, to) that were skipped, and whether the damage ran to the end. */
  damage: { from: number; to: number; tail: boolean }[];
  badMagic: boolean;
  /** With `unsyncedTail`: valid records after the tail's damage that were dropped with it. */
  dropped: number;
}

/**
 * Reads every valid record of one segment; skips damaged frames by resynchronising on the next
 * valid one. With `onRecord`, records are handed over one by one instead of collected (replay
 * applies each as it is decoded, so a large journal is never held decoded in memory).
 *
 * `unsyncedTail` (the segment that was being written when the process stopped): records written
 * without a sync may reach the disk out of order when the machine stops, so damage there can be a
 * hole with records after it that lost their predecessors. Records after damage are held until a
 * synced record follows (then the damage was bit rot in bytes that had reached the disk, and all
 * are kept); if none follows, the damage and everything after it are the lost tail.
 */
export function scanSegment(buf: Buffer, onRecord?: (rec: JournalRecord) => void, opts: { unsyncedTail?: boolean } = {}): SegmentScan {
  const out: SegmentScan = { records: [], lastSeq: 0, validEnd: SEGMENT_MAGIC.length, damage: [], badMagic: false, dropped: 0 };
  if (buf.length < SEGMENT_MAGIC.length || !buf.subarray(0, SEGMENT_MAGIC.length).equals(SEGMENT_MAGIC)) {
    out.badMagic = buf.length > 0;
    out.validEnd = 0;
  }
  const deliver = (rec: JournalRecord): void => {
    if (onRecord) onRecord(rec);
    else out.records.push(rec);
    out.lastSeq = rec.seq;
  };
  let held: JournalRecord[] = [];
  /** Index in out.damage of the first damage not yet shown to be followed by a synced record. */
  let holdFrom: number | undefined;
  let off = out.validEnd;
  let lastSeq = -Infinity;
  while (off < buf.length) {
    const f = frameAt(buf, off);
    if (f && f.rec.seq > lastSeq) {
      lastSeq = f.rec.seq;
      off = f.end;
      if (holdFrom === undefined) {
        deliver(f.rec);
        out.validEnd = off;
      } else {
        held.push(f.rec);
        if (f.rec.synced) {
          for (const r of held) deliver(r);
          held = [];
          holdFrom = undefined;
          out.validEnd = off;
        }
      }
      continue;
    }
    let next = -1;
    for (let p = off + 1; p + FRAME_HEADER < buf.length; p++) {
      const g = frameAt(buf, p);
      if (g && g.rec.seq > lastSeq) {
        next = p;
        break;
      }
    }
    if (opts.unsyncedTail && holdFrom === undefined) holdFrom = out.damage.length;
    if (next < 0) {
      out.damage.push({ from: off, to: buf.length, tail: true });
      break;
    }
    out.damage.push({ from: off, to: next, tail: false });
    off = next;
  }
  if (holdFrom !== undefined) {
    // No synced record after the damage: it and what follows never all reached the disk.
    const from = out.damage[holdFrom]!.from;
    out.damage.splice(holdFrom, out.damage.length - holdFrom, { from, to: buf.length, tail: true });
    out.dropped = held.length;
    out.validEnd = from;
  }
  return out;
}
