import fs from 'node:fs';
import path from 'node:path';
import { systemClock } from '../core/index.ts';
import { checkpointPaths } from './checkpoint.ts';
import { fsyncDir } from './fsutil.ts';
import { JournalWriter, listSegments } from './journal.ts';
import { acquireLock } from './lock.ts';
import { recover, type Loaded, type RecoveryReport } from './recovery.ts';
import { migrate } from './schema.ts';
import { Db } from './sqlite.ts';
import { MEMORY, Store, type StoreOptions } from './store.ts';

function emptyReport(): RecoveryReport {
  return { checkpoint: null, replayed: 0, failed: 0, lastSeq: 0, segments: 0, migrationsApplied: [], indexesRebuilt: 0, durationMs: 0, warnings: [] };
}

/** Opens (creating if needed) the store at `file`, or an in-memory one for ':memory:'. */
export async function openStore(file: string, opts: StoreOptions = {}): Promise<Store> {
  const clock = opts.clock ?? systemClock;
  if (file === MEMORY) {
    const db = await Db.open();
    migrate(db, clock.now());
    return new Store(MEMORY, db, { ...opts, clock }, emptyReport());
  }
  const abs = path.resolve(file);
  if (opts.readOnly) {
    const loaded = await recoverWithRetry(abs, clock.now());
    return new Store(abs, loaded.db, { ...opts, clock }, loaded.report);
  }
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  const p = checkpointPaths(abs);
  const lock = acquireLock(p.lock);
  try {
    fs.mkdirSync(p.journalDir, { recursive: true });
    const loaded = await recover(abs, clock.now());
    if (lock.tookOverFrom) {
      loaded.report.warnings.unshift(`took over the lock of pid ${lock.tookOverFrom.pid}, which is no longer running`);
    }
    repairFiles(abs, loaded, clock.now());
    const segs = listSegments(p.journalDir);
    const journal = await JournalWriter.create(p.journalDir, (segs.at(-1)?.index ?? 0) + 1);
    for (const [i, max] of loaded.segmentMaxSeq) journal.segmentMaxSeq.set(i, max);
    const store = new Store(abs, loaded.db, { ...opts, clock }, loaded.report, { journal, lock, loaded });
    // After a fallback or repair, write a good newest checkpoint at once.
    if (loaded.report.checkpoint?.file !== abs || loaded.report.warnings.length > 0) await store.checkpoint();
    return store;
  } catch (err) {
    lock.release();
    throw err;
  }
}

async function recoverWithRetry(abs: string, now: number): Promise<Loaded> {
  // A running writer may rename a checkpoint or retire a segment while we read (ENOENT, or a
  // checkpoint newer than the manifest we read a moment before): read again.
  for (let i = 0; ; i++) {
    try {
      const loaded = await recover(abs, now);
      if (i < 3 && loaded.report.warnings.some((w) => w.includes('is damaged'))) {
        loaded.db.close();
        await new Promise((r) => setTimeout(r, 50));
        continue;
      }
      return loaded;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || i >= 3) throw err;
    }
  }
}

/** The writer cleans up after recovery: torn tails cut off, damaged checkpoints moved aside. */
function repairFiles(abs: string, loaded: Loaded, now: number): void {
  if (loaded.tornTail) fs.truncateSync(loaded.tornTail.file, loaded.tornTail.validEnd);
  const p = checkpointPaths(abs);
  for (const c of loaded.candidates) {
    if (c.status !== 'corrupt') continue;
    if (c.file === p.tmp) fs.rmSync(c.file, { force: true });
    else fs.renameSync(c.file, `${c.file}.damaged-${now}`);
  }
  fsyncDir(path.dirname(abs));
}
