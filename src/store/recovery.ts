import fs from 'node:fs';
import path from 'node:path';
import { errorMessage } from '../core/index.ts';
import { checkpointPaths, inspectCheckpoints, type CandidateState } from './checkpoint.ts';
import { scanSegment, type JournalRecord } from './frame.ts';
import { listSegments } from './journal.ts';
import { flushIndex, needsIndex, upgradeOp } from './fts.ts';
import { migrate, readMeta, secondaryIndexes } from './schema.ts';
import { Db, preferOptimizedSql } from './sqlite.ts';

/** What opening a store found and did: shown by the CLI and logged by the runtime. */
export interface RecoveryReport {
  /** The checkpoint loaded, or null when the state was rebuilt from the journal alone. */
  checkpoint: { file: string; seq: number; verified: boolean } | null;
  /** Journal records applied on top of the checkpoint. */
  replayed: number;
  /** Records whose statements failed on replay (reported in warnings, then skipped). */
  failed: number;
  /** Highest journal sequence number seen. */
  lastSeq: number;
  segments: number;
  migrationsApplied: string[];
  /** Read-only indexes dropped for a large replay and built again after it. */
  indexesRebuilt: number;
  durationMs: number;
  warnings: string[];
}

export interface Loaded {
  db: Db;
  report: RecoveryReport;
  /** Max seq per segment index (0 for an empty segment), for journal retention. */
  segmentMaxSeq: Map<number, number>;
  /** The last segment and where its valid bytes end, when it ends in a torn record. */
  tornTail: { file: string; validEnd: number } | undefined;
  candidates: CandidateState[];
  /** Seq of the verified checkpoints at P and P.prev, if any. */
  currentSeq: number | undefined;
  prevSeq: number | undefined;
}

async function openCandidate(c: CandidateState, warnings: string[], reserve: number): Promise<{ db: Db; seq: number; verified: boolean } | undefined> {
  if (c.status !== 'verified' && c.status !== 'unverified') return undefined;
  let db: Db | undefined;
  try {
    db = await Db.open(c.bytes, reserve);
    if (c.status === 'verified') return { db, seq: c.info.seq, verified: true };
    // No manifest to check against: let SQLite judge the file, and trust the seq it recorded.
    const check = db.get<{ quick_check: string }>('PRAGMA quick_check');
    if (check?.quick_check !== 'ok') throw new Error(`integrity check failed: ${check?.quick_check ?? '?'}`);
    const seq = Number(readMeta(db, 'checkpoint_seq') ?? 0);
    warnings.push(`checkpoint ${path.basename(c.file)} has no manifest entry; it passed SQLite's integrity check and was used`);
    return { db, seq, verified: false };
  } catch (err) {
    db?.close();
    warnings.push(`checkpoint ${path.basename(c.file)} cannot be opened (${errorMessage(err)}); trying an older one`);
    return undefined;
  }
}

async function loadCheckpoint(dbPath: string, warnings: string[], reserve: number) {
  const { candidates } = inspectCheckpoints(dbPath);
  const tmp = checkpointPaths(dbPath).tmp;
  for (const c of candidates) {
    if (c.status === 'corrupt' && c.file !== tmp) {
      warnings.push(`checkpoint ${path.basename(c.file)} is damaged (${c.reason}); falling back to an older state`);
    }
  }
  const seqOf = (c: CandidateState) => (c.status === 'verified' ? c.info.seq : -1);
  // Verified first, newest journal position first; unverified files (no manifest) in file order after.
  const order = candidates
    .filter((c) => c.status === 'verified' || c.status === 'unverified')
    .sort((a, b) => seqOf(b) - seqOf(a));
  const current = candidates.find((c) => c.file === checkpointPaths(dbPath).current);
  if (current?.status === 'missing' && order.length > 0 && order[0]!.file !== tmp) {
    warnings.push(`checkpoint ${path.basename(dbPath)} is missing; using an older one`);
  }
  for (const c of order) {
    const opened = await openCandidate(c, warnings, reserve);
    if (opened) return { ...opened, file: c.file, candidates };
  }
  return { db: undefined, seq: 0, verified: false, file: '', candidates };
}

/**
 * Applies records in large transactions, each as soon as it is decoded. No savepoint per
 * record: a savepoint makes FTS4 flush its pending index data, which made replay ten times
 * slower. A record that fails is taken back by rolling the slice back and re-applying the
 * records before it. The full-text index is not built here (it is derived data): the store
 * builds it in slices after opening, and a search first indexes whatever is left.
 */
class Replayer {
  replayed = 0;
  failed = 0;
  private expected: number;
  private slice: JournalRecord[] = [];
  private started = false;

  constructor(
    private readonly db: Db,
    private from: number,
    /** No checkpoint: the first record after `from` is where the state starts. */
    private readonly fromJournalAlone: boolean,
    private readonly warnings: string[],
  ) {
    this.expected = from + 1;
  }

  private applyOps(rec: JournalRecord): void {
    for (const o of rec.ops) {
      const op = upgradeOp(o.sql, o.params);
      if (needsIndex(op.sql)) flushIndex(this.db);
      this.db.run(op.sql, op.params);
    }
  }

  apply(rec: JournalRecord): void {
    if (rec.seq <= this.from) return;
    if (!this.started) {
      this.started = true;
      if (this.fromJournalAlone && rec.seq > this.expected) {
        this.warnings.push(`the journal starts at record ${rec.seq}: changes before it were only in the lost checkpoints`);
        this.from = rec.seq - 1;
        this.expected = rec.seq;
      }
      this.db.exec('BEGIN');
    }
    if (rec.seq !== this.expected) {
      this.warnings.push(`journal records ${this.expected}..${rec.seq - 1} are missing (damaged or lost); later changes were applied without them`);
    }
    this.expected = rec.seq + 1;
    let done = 0;
    try {
      for (const o of rec.ops) {
        const op = upgradeOp(o.sql, o.params);
        if (needsIndex(op.sql)) flushIndex(this.db);
        this.db.run(op.sql, op.params);
        done++;
      }
      this.slice.push(rec);
      this.replayed++;
    } catch (err) {
      this.failed++;
      if (this.failed <= 5) this.warnings.push(`journal record ${rec.seq} could not be replayed (${errorMessage(err)}); skipped`);
      if (done > 0) {
        try {
          this.db.exec('ROLLBACK');
        } catch {
          /* SQLite already rolled back */
        }
        this.db.exec('BEGIN');
        for (const r of this.slice) this.applyOps(r);
      }
    }
    if (this.slice.length >= 5000) {
      this.db.exec('COMMIT; BEGIN');
      this.slice = [];
    }
  }

  finish(): void {
    if (this.started) this.db.exec('COMMIT');
    if (this.failed > 5) this.warnings.push(`${this.failed - 5} more journal records could not be replayed`);
  }
}

/** Reads the segments one at a time and hands each valid record to `onRecord` as it is decoded. */
function readJournal(segs: { index: number; file: string }[], warnings: string[], onRecord: (rec: JournalRecord) => void) {
  const segmentMaxSeq = new Map<number, number>();
  let tornTail: Loaded['tornTail'];
  let lastSeq = 0;
  segs.forEach((s, i) => {
    const buf = fs.readFileSync(s.file);
    const last = i === segs.length - 1;
    // Only the last segment can have a tail that was written but not yet synced (the writer syncs
    // a segment before it moves to the next one).
    const scan = scanSegment(buf, onRecord, { unsyncedTail: last });
    const name = path.basename(s.file);
    if (scan.badMagic) warnings.push(`journal segment ${name} has a damaged header; its readable records were kept`);
    for (const d of scan.damage) {
      const n = d.to - d.from;
      if (d.tail && last) {
        warnings.push(
          scan.dropped > 0
            ? `dropped the end of the journal (${n} bytes in ${name} from offset ${d.from}, ${scan.dropped} records after damaged bytes): written but not yet on disk when the machine stopped`
            : `dropped an incomplete record at the end of the journal (${n} bytes in ${name}), written when the process stopped`,
        );
        tornTail = { file: s.file, validEnd: scan.validEnd };
      } else {
        warnings.push(`journal segment ${name}: ${n} damaged bytes at offset ${d.from} were skipped`);
      }
    }
    segmentMaxSeq.set(s.index, scan.lastSeq);
    lastSeq = Math.max(lastSeq, scan.lastSeq);
  });
  return { segmentMaxSeq, tornTail, lastSeq, count: segs.length };
}

/**
 * When the journal is large next to the checkpoint, the indexes that only serve reads are
 * dropped for the replay and built again after it: building an index from the finished table
 * (one sort) cost 0.7 µs a row where keeping it up to date row by row cost 2-3 µs, and the
 * knowledge table has four of them. Against a large checkpoint, rebuilding would cost more.
 */
function deferIndexes(db: Db, journalBytes: number): { name: string; sql: string }[] {
  const size = db.get<{ n: number }>('SELECT page_count * page_size AS n FROM pragma_page_count, pragma_page_size')?.n ?? 0;
  if (journalBytes < 1024 * 1024 || journalBytes < size) return [];
  const ixs = secondaryIndexes(db);
  db.exec('BEGIN');
  for (const ix of ixs) db.exec(`DROP INDEX "${ix.name.replaceAll('"', '""')}"`);
  db.exec('COMMIT');
  return ixs;
}

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

/** A journal this large makes SQLite's speed matter more than the memory of optimising it. */
const HEAVY_REPLAY_BYTES = 16 * 1024 * 1024;

/** Rebuilds the in-memory database: newest valid checkpoint, migrations, then the journal after it. */
export async function recover(dbPath: string, now: number): Promise<Loaded> {
  const started = performance.now();
  const warnings: string[] = [];
  const segs = listSegments(checkpointPaths(dbPath).journalDir);
  // Room for what the journal will add, so that replay does not pay for the in-memory file
  // growing in small steps. The rows came to about 1.1x the journal's bytes and the full-text
  // index to 0.2x more; the reserve is copied once when opening, so it is not overestimated.
  const journalBytes = segs.reduce((n, s) => n + fileSize(s.file), 0);
  const reserve = journalBytes > 1024 * 1024 ? Math.ceil(journalBytes * 1.15) : 0;
  if (journalBytes > HEAVY_REPLAY_BYTES) preferOptimizedSql();
  const ck = await loadCheckpoint(dbPath, warnings, reserve);
  const hadAnyFile = ck.candidates.some((c) => c.status !== 'missing') || fs.existsSync(checkpointPaths(dbPath).manifest);
  if (!ck.db && hadAnyFile) warnings.push('no usable checkpoint: the state is rebuilt from the journal alone');
  const db = ck.db ?? (await Db.open(undefined, reserve));
  const migrationsApplied = migrate(db, now);
  const deferred = deferIndexes(db, journalBytes);
  const replayer = new Replayer(db, ck.seq, !ck.db, warnings);
  const j = readJournal(segs, warnings, (rec) => replayer.apply(rec));
  replayer.finish();
  if (deferred.length > 0) {
    db.exec('BEGIN');
    for (const ix of deferred) db.exec(ix.sql);
    db.exec('COMMIT');
  }
  const r = replayer;
  const lastSeq = Math.max(ck.seq, j.lastSeq);
  const verifiedSeq = (file: string) => {
    const c = ck.candidates.find((x) => x.file === file);
    return c?.status === 'verified' ? c.info.seq : undefined;
  };
  const p = checkpointPaths(dbPath);
  return {
    db,
    report: {
      checkpoint: ck.db ? { file: ck.file, seq: ck.seq, verified: ck.verified } : null,
      replayed: r.replayed,
      failed: r.failed,
      lastSeq,
      segments: j.count,
      migrationsApplied,
      indexesRebuilt: deferred.length,
      durationMs: Math.round(performance.now() - started),
      warnings,
    },
    segmentMaxSeq: j.segmentMaxSeq,
    tornTail: j.tornTail,
    candidates: ck.candidates,
    currentSeq: verifiedSeq(p.current),
    prevSeq: verifiedSeq(p.prev),
  };
}
