import fs from 'node:fs';
import path from 'node:path';
import { AmasError, VERSION } from '../core/index.ts';
import { readTarGz, writeTarGz, type ArchiveMember } from './archive.ts';
import { checkpointPaths, sha256, writeCheckpoint } from './checkpoint.ts';
import { fsyncDir, writeFileAtomic } from './fsutil.ts';
import { acquireLock, liveHolder, lockedError } from './lock.ts';
import { projectStorePath } from './project.ts';
import { openStore } from './open.ts';

/** The archive's table of contents, stored first as manifest.json. */
export interface BackupManifest {
  format: 'amas-backup';
  version: 1;
  amasVersion: string;
  createdAt: string;
  /** Journal position of the database snapshot. */
  storeSeq: number;
  members: { path: string; size: number; sha256: string }[];
}

const DB_MEMBER = 'store/amas.db';
const CONFIG_DIRS = ['agents.d', 'workflows.d'];
const NAME_RE = /^amas-backup-(\d{8}T\d{6}\d{3}Z)\.tar\.gz$/;

function stamp(t: number): string {
  return new Date(t).toISOString().replace(/[-:]/g, '').replace('.', '');
}

function stampTime(s: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z$/.exec(s);
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, +m[7]!) : NaN;
}

function configFiles(projectDir: string): string[] {
  const out: string[] = [];
  if (fs.existsSync(path.join(projectDir, 'amas.yaml'))) out.push('amas.yaml');
  const walk = (rel: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(path.join(projectDir, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const r = `${rel}/${e.name}`;
      if (e.isDirectory()) walk(r);
      else if (e.isFile()) out.push(r);
    }
  };
  CONFIG_DIRS.forEach(walk);
  return out;
}

export interface BackupResult {
  file: string;
  manifest: BackupManifest;
  removed: string[];
}

/**
 * Writes `<project>/.amas/backups/amas-backup-<time>.tar.gz` (or `out`): a consistent snapshot
 * of the database (read from checkpoint + journal, so it works while `amas up` runs), amas.yaml,
 * agents.d/, workflows.d/ and a manifest with each member's SHA-256. Then removes backups in the
 * same folder older than `keepDays`.
 */
export async function createBackup(projectDir: string, opts: { out?: string; keepDays?: number; now?: number } = {}): Promise<BackupResult> {
  const now = opts.now ?? Date.now();
  const dbPath = projectStorePath(projectDir);
  if (dbPath === ':memory:') throw new AmasError('AMAS_BACKUP_MEMORY', 'store.path is :memory:: there is no database to back up', { exitCode: 2 });
  const store = await openStore(dbPath, { readOnly: true });
  let snapshot: Uint8Array;
  let seq: number;
  try {
    snapshot = store.snapshot();
    seq = store.seq;
  } finally {
    await store.close();
  }
  const members: ArchiveMember[] = [{ path: DB_MEMBER, data: snapshot, mtime: now }];
  for (const rel of configFiles(projectDir)) members.push({ path: rel, data: fs.readFileSync(path.join(projectDir, rel)), mtime: now });
  const manifest: BackupManifest = {
    format: 'amas-backup',
    version: 1,
    amasVersion: VERSION,
    createdAt: new Date(now).toISOString(),
    storeSeq: seq,
    members: members.map((m) => ({ path: m.path, size: m.data.length, sha256: sha256(m.data) })),
  };
  const archive = writeTarGz([{ path: 'manifest.json', data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), mtime: now }, ...members]);
  const file = path.resolve(opts.out ?? path.join(path.dirname(dbPath), 'backups', `amas-backup-${stamp(now)}.tar.gz`));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  writeFileAtomic(file, archive, 0o600);
  const removed: string[] = [];
  const keepMs = (opts.keepDays ?? 30) * 86_400_000;
  for (const name of fs.readdirSync(path.dirname(file))) {
    const m = NAME_RE.exec(name);
    const full = path.join(path.dirname(file), name);
    if (!m || full === file) continue;
    if (now - stampTime(m[1]!) > keepMs) {
      fs.rmSync(full, { force: true });
      removed.push(full);
    }
  }
  return { file, manifest, removed };
}

function bad(message: string): AmasError {
  return new AmasError('AMAS_BACKUP_INVALID', message, { hint: 'the archive is damaged or not an amas backup' });
}

/** Reads an archive and checks every member against the manifest. */
export function verifyBackup(archive: Uint8Array): { manifest: BackupManifest; members: Map<string, Uint8Array> } {
  let list: ArchiveMember[];
  try {
    list = readTarGz(archive);
  } catch (err) {
    throw bad(`cannot read the archive: ${(err as Error).message}`);
  }
  const members = new Map(list.map((m) => [m.path, m.data]));
  const raw = members.get('manifest.json');
  if (!raw) throw bad('the archive has no manifest.json');
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(Buffer.from(raw).toString('utf8')) as BackupManifest;
  } catch {
    throw bad('manifest.json is not valid JSON');
  }
  if (manifest.format !== 'amas-backup' || !Array.isArray(manifest.members)) throw bad('manifest.json is not an amas backup manifest');
  for (const m of manifest.members) {
    const data = members.get(m.path);
    if (!data) throw bad(`member ${m.path} is listed in the manifest but missing`);
    if (data.length !== m.size || sha256(data) !== m.sha256) throw bad(`member ${m.path} does not match its checksum`);
    const safe = m.path === 'amas.yaml' || m.path === DB_MEMBER || CONFIG_DIRS.some((d) => m.path.startsWith(`${d}/`));
    if (!safe || m.path.split('/').includes('..')) throw bad(`member ${m.path} is outside what a backup may restore`);
  }
  if (!members.has(DB_MEMBER)) throw bad('the archive holds no database');
  return { manifest, members };
}

export interface RestoreResult {
  manifest: BackupManifest;
  restored: string[];
  /** Where the replaced database and journal were moved (nothing is deleted). */
  movedAside: string[];
}

/**
 * Restores a verified backup into a project. Refuses while a writer holds the store; holds the
 * lock itself meanwhile. The current database and journal are moved aside, not deleted.
 */
export async function restoreBackup(archiveFile: string, projectDir: string, opts: { dbOnly?: boolean; now?: number } = {}): Promise<RestoreResult> {
  const now = opts.now ?? Date.now();
  const { manifest, members } = verifyBackup(fs.readFileSync(archiveFile));
  const dbPath = projectStorePath(projectDir);
  if (dbPath === ':memory:') throw new AmasError('AMAS_BACKUP_MEMORY', 'store.path is :memory:: nowhere to restore the database', { exitCode: 2 });
  const p = checkpointPaths(dbPath);
  const holder = liveHolder(p.lock);
  if (holder) throw lockedError(p.lock, holder);
  fs.mkdirSync(path.dirname(dbPath), { recursive: true });
  const lock = acquireLock(p.lock);
  const movedAside: string[] = [];
  const restored: string[] = [];
  try {
    const suffix = `.before-restore-${stamp(now)}`;
    for (const f of [p.current, p.journalDir]) {
      if (fs.existsSync(f)) {
        fs.renameSync(f, f + suffix);
        movedAside.push(f + suffix);
      }
    }
    for (const f of [p.prev, p.manifest, p.tmp]) fs.rmSync(f, { force: true });
    fs.mkdirSync(p.journalDir, { recursive: true });
    await writeCheckpoint(dbPath, members.get(DB_MEMBER)!, manifest.storeSeq, now);
    restored.push(dbPath);
    if (!opts.dbOnly) {
      for (const m of manifest.members) {
        if (m.path === DB_MEMBER) continue;
        const target = path.join(projectDir, m.path);
        fs.mkdirSync(path.dirname(target), { recursive: true });
        writeFileAtomic(target, members.get(m.path)!, 0o644);
        restored.push(target);
      }
    }
    fsyncDir(path.dirname(dbPath));
  } finally {
    lock.release();
  }
  return { manifest, restored, movedAside };
}
