import fs from 'node:fs';
import path from 'node:path';
import { AmasError, errorMessage } from '../core/index.ts';
import { ArchiveLimitError, readTarGzFile, type ArchiveLimits } from './archive.ts';
import { projectPathProblem } from './backup-paths.ts';
import { DB_MEMBER, stamp, storeDirRel, type BackupManifest } from './backup.ts';
import { checkpointPaths, sha256, writeCheckpoint } from './checkpoint.ts';
import { fsyncDir, writeFileAtomic } from './fsutil.ts';
import { acquireLock, liveHolder, lockedError } from './lock.ts';
import { projectStorePath } from './project.ts';
import { isSaneSeq, verifyStoreImage } from './verify-db.ts';

/** Default ceiling on what an archive may decompress to: far above a real project, far below a bomb's 4 GB. */
export const DEFAULT_RESTORE_MAX_BYTES = 1024 ** 3;
/** One member other than the database (a spec, module or data file). */
const MAX_FILE_BYTES = 64 * 1024 ** 2;
const MAX_MANIFEST_BYTES = 4 * 1024 ** 2;
const MAX_MEMBERS = 20_000;

function bad(message: string): AmasError {
  return new AmasError('AMAS_BACKUP_INVALID', message, { hint: 'the archive is damaged or not an amas backup; nothing was changed' });
}

export interface VerifiedBackup {
  manifest: BackupManifest;
  members: Map<string, Uint8Array>;
}

function checkManifest(raw: Uint8Array, storeDir: string | undefined): BackupManifest {
  if (raw.length > MAX_MANIFEST_BYTES) throw bad(`manifest.json is larger than ${MAX_MANIFEST_BYTES} bytes`);
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(raw).toString('utf8'));
  } catch {
    throw bad('manifest.json is not valid JSON');
  }
  const m = v as Partial<BackupManifest> | null;
  if (m === null || typeof m !== 'object' || m.format !== 'amas-backup' || !Array.isArray(m.members)) throw bad('manifest.json is not an amas backup manifest');
  if (m.version !== 1) throw bad(`manifest.json has format version ${JSON.stringify(m.version)}; this amas reads version 1`);
  if (!isSaneSeq(m.storeSeq)) throw bad(`manifest.json: storeSeq must be a non-negative integer below 2^53 (got ${JSON.stringify(m.storeSeq)?.slice(0, 40)})`);
  const seen = new Set<string>();
  for (const e of m.members as unknown[]) {
    const x = e as Partial<BackupManifest['members'][number]> | null;
    if (x === null || typeof x !== 'object' || typeof x.path !== 'string') throw bad('manifest.json: every member needs a path');
    if (typeof x.size !== 'number' || !Number.isSafeInteger(x.size) || x.size < 0) throw bad(`manifest.json: member ${x.path} has no valid size`);
    if (typeof x.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(x.sha256)) throw bad(`manifest.json: member ${x.path} has no valid sha256`);
    if (x.mode !== undefined && (typeof x.mode !== 'number' || !Number.isInteger(x.mode) || x.mode < 0 || x.mode > 0o777)) throw bad(`manifest.json: member ${x.path} has an invalid mode`);
    if (seen.has(x.path)) throw bad(`manifest.json lists ${x.path} twice`);
    seen.add(x.path);
    const problem = x.path === DB_MEMBER ? undefined : projectPathProblem(x.path, storeDir);
    if (problem) throw bad(`member ${x.path} is outside what a backup may restore (${problem})`);
  }
  if (!seen.has(DB_MEMBER)) throw bad('the archive holds no database');
  return m as BackupManifest;
}

/**
 * Reads an archive under `maxBytes` of decompressed data and checks it completely: every
 * manifest member present with its size and SHA-256, every path one a backup may restore, the
 * manifest's numbers sane, and the database a sound amas store (verify-db.ts). Throws
 * AMAS_BACKUP_INVALID or AMAS_BACKUP_TOO_LARGE; reads only.
 */
export async function verifyBackup(archiveFile: string, projectDir: string, opts: { maxBytes?: number } = {}): Promise<VerifiedBackup> {
  const maxBytes = opts.maxBytes ?? DEFAULT_RESTORE_MAX_BYTES;
  const limits: ArchiveLimits = {
    maxTotalBytes: maxBytes,
    maxMemberBytes: Math.min(MAX_FILE_BYTES, maxBytes),
    maxMembers: MAX_MEMBERS,
    largeMembers: new Set([DB_MEMBER]),
  };
  let list;
  try {
    list = await readTarGzFile(archiveFile, limits);
  } catch (err) {
    if (err instanceof ArchiveLimitError) {
      throw new AmasError('AMAS_BACKUP_TOO_LARGE', `refusing the archive: ${err.message}`, {
        hint: `nothing was changed; the limit is ${maxBytes} bytes (--max-size or AMAS_RESTORE_MAX_SIZE raises it for a real backup that large)`,
      });
    }
    throw bad(`cannot read the archive: ${errorMessage(err)}`);
  }
  const members = new Map<string, Uint8Array>();
  for (const m of list) {
    if (members.has(m.path)) throw bad(`the archive holds ${m.path} twice`);
    members.set(m.path, m.data);
  }
  const raw = members.get('manifest.json');
  if (!raw) throw bad('the archive has no manifest.json');
  const dbPath = projectStorePath(projectDir);
  const manifest = checkManifest(raw, dbPath === ':memory:' ? undefined : storeDirRel(projectDir, dbPath));
  for (const m of manifest.members) {
    const data = members.get(m.path);
    if (!data) throw bad(`member ${m.path} is listed in the manifest but missing`);
    if (data.length !== m.size || sha256(data) !== m.sha256) throw bad(`member ${m.path} does not match its checksum`);
  }
  const problems = await verifyStoreImage(members.get(DB_MEMBER)!, manifest.storeSeq);
  if (problems.length > 0) throw bad(`the database in the archive is not a sound amas store: ${problems.join('; ')}`);
  return { manifest, members };
}

export interface RestoreResult {
  manifest: BackupManifest;
  /** Files written (the database, then project files whose content changed). */
  restored: string[];
  /** Project files already identical to the archive's, left untouched. */
  unchanged: string[];
  /** The folder holding the previous database, journal and every file the restore replaced (absent when nothing was replaced). */
  keptIn: string | undefined;
  /** Everything moved or copied into `keptIn`, as paths inside it. */
  kept: string[];
}

/** The deepest existing ancestor of `abs` must resolve inside the project: a symlinked folder must not carry a write elsewhere. */
function assertInside(rootReal: string, abs: string, rel: string): void {
  let probe = path.dirname(abs);
  while (!fs.existsSync(probe)) probe = path.dirname(probe);
  const real = fs.realpathSync(probe);
  if (real !== rootReal && !real.startsWith(rootReal + path.sep)) {
    throw new AmasError('AMAS_BACKUP_INVALID', `refusing to restore ${rel}: its folder leads outside the project (${real})`, { hint: 'nothing was changed' });
  }
  let st: fs.Stats | undefined;
  try {
    st = fs.lstatSync(abs);
  } catch {
    return;
  }
  if (st.isDirectory()) throw new AmasError('AMAS_BACKUP_INVALID', `refusing to restore ${rel}: a directory is in its place`, { hint: 'nothing was changed' });
}

/**
 * Restores a verified backup into a project. Nothing on disk changes until the whole archive,
 * including the database, has been verified and the writer lock is held (a running `amas up`
 * makes it refuse). The previous database and journal are moved, and every project file it
 * would overwrite with different content is copied, into `<store dir>/restore-backup-<time>/`.
 * Files the archive does not hold are left as they are.
 */
export async function restoreBackup(archiveFile: string, projectDir: string, opts: { dbOnly?: boolean; now?: number; maxBytes?: number } = {}): Promise<RestoreResult> {
  const now = opts.now ?? Date.now();
  const dbPath = projectStorePath(projectDir);
  if (dbPath === ':memory:') throw new AmasError('AMAS_BACKUP_MEMORY', 'store.path is :memory:: nowhere to restore the database', { exitCode: 2 });
  const p = checkpointPaths(dbPath);
  // Cheap refusal first; the lock itself is taken after verification, before any change.
  const holder = liveHolder(p.lock);
  if (holder) throw lockedError(p.lock, holder);
  const { manifest, members } = await verifyBackup(archiveFile, projectDir, { maxBytes: opts.maxBytes });

  const rootReal = fs.realpathSync(projectDir);
  const files = opts.dbOnly ? [] : manifest.members.filter((m) => m.path !== DB_MEMBER);
  const plan: { rel: string; target: string; data: Uint8Array; mode: number; replaces: boolean }[] = [];
  const unchanged: string[] = [];
  for (const m of files) {
    const target = path.join(projectDir, ...m.path.split('/'));
    assertInside(rootReal, target, m.path);
    const data = members.get(m.path)!;
    let current: Buffer | undefined;
    try {
      current = fs.readFileSync(target);
    } catch {
      current = undefined;
    }
    if (current && current.equals(data)) unchanged.push(target);
    else plan.push({ rel: m.path, target, data, mode: (m.mode ?? 0o644) & 0o111 ? 0o755 : 0o644, replaces: current !== undefined });
  }

  fs.mkdirSync(path.dirname(dbPath), { recursive: true });
  const lock = acquireLock(p.lock);
  const keptIn = path.join(path.dirname(dbPath), `restore-backup-${stamp(now)}`);
  const kept: string[] = [];
  const restored: string[] = [];
  const keep = (rel: string) => {
    const to = path.join(keptIn, rel);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    kept.push(rel);
    return to;
  };
  try {
    for (const f of [p.current, p.prev, p.manifest, p.journalDir, p.tmp]) {
      if (fs.existsSync(f)) fs.renameSync(f, keep(`store/${path.basename(f)}`));
    }
    for (const f of plan) if (f.replaces) fs.copyFileSync(f.target, keep(`project/${f.rel}`));
    if (kept.length > 0) fsyncDir(keptIn);
    fs.mkdirSync(p.journalDir, { recursive: true });
    await writeCheckpoint(dbPath, members.get(DB_MEMBER)!, manifest.storeSeq, now);
    restored.push(dbPath);
    for (const f of plan) {
      fs.mkdirSync(path.dirname(f.target), { recursive: true });
      writeFileAtomic(f.target, f.data, f.mode);
      restored.push(f.target);
    }
    fsyncDir(path.dirname(dbPath));
  } catch (err) {
    throw new AmasError('AMAS_RESTORE_FAILED', `restore stopped part way: ${errorMessage(err)}`, {
      hint: kept.length > 0 ? `the previous database and files are in ${keptIn}` : undefined,
      cause: err,
    });
  } finally {
    lock.release();
  }
  return { manifest, restored, unchanged, keptIn: kept.length > 0 ? keptIn : undefined, kept };
}
