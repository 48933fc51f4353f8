import fs from 'node:fs';
import path from 'node:path';
import { AmasError, VERSION } from '../core/index.ts';
import { writeTarGz, type ArchiveMember } from './archive.ts';
import { projectPathProblem } from './backup-paths.ts';
import { sha256 } from './checkpoint.ts';
import { writeFileAtomic } from './fsutil.ts';
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
  /** `mode` is the file's permission bits (absent in older archives: 0644). */
  members: { path: string; size: number; sha256: string; mode?: number }[];
}

export const DB_MEMBER = 'store/amas.db';
const CONFIG_DIRS = ['agents.d', 'workflows.d'];
const NAME_RE = /^amas-backup-(\d{8}T\d{6}\d{3}Z)\.tar\.gz$/;

export function stamp(t: number): string {
  return new Date(t).toISOString().replace(/[-:]/g, '').replace('.', '');
}

function stampTime(s: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z$/.exec(s);
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, +m[7]!) : NaN;
}

/** The store's folder relative to the project (undefined when it lies outside): nothing in it but the snapshot is archived. */
export function storeDirRel(projectDir: string, dbPath: string): string | undefined {
  const rel = path.relative(path.resolve(projectDir), path.dirname(path.resolve(projectDir, dbPath)));
  return rel.startsWith('..') || path.isAbsolute(rel) ? undefined : rel.split(path.sep).join('/');
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
  /** Referenced files left out, with the reason (e.g. a `.env` named in an argv). */
  skipped: { path: string; reason: string }[];
}

/**
 * Writes `<project>/.amas/backups/amas-backup-<time>.tar.gz` (or `out`): a consistent snapshot
 * of the database (read from checkpoint + journal, so it works while `amas up` runs), amas.yaml,
 * every file under agents.d/ and workflows.d/, the project files in `files` (what the specs
 * refer to: modules, scripts, data; see spec's referencedFiles) and a manifest with each
 * member's SHA-256 and mode. Never `.env*`, `.amas/`, `node_modules/` or `.git/`. Then removes
 * backups in the same folder older than `keepDays`.
 */
export async function createBackup(
  projectDir: string,
  opts: { out?: string; keepDays?: number; now?: number; files?: readonly string[] } = {},
): Promise<BackupResult> {
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
  const members: (ArchiveMember & { mode: number })[] = [{ path: DB_MEMBER, data: snapshot, mtime: now, mode: 0o644 }];
  const skipped: BackupResult['skipped'] = [];
  const storeDir = storeDirRel(projectDir, dbPath);
  const seen = new Set<string>();
  const rootReal = fs.realpathSync(projectDir);
  for (const rel of [...configFiles(projectDir), ...(opts.files ?? [])]) {
    if (seen.has(rel)) continue;
    seen.add(rel);
    const problem = projectPathProblem(rel, storeDir);
    if (problem) {
      skipped.push({ path: rel, reason: problem });
      continue;
    }
    const abs = path.join(projectDir, rel);
    // A symlink inside the project may point anywhere: archive only what really lies inside.
    const real = fs.realpathSync(abs);
    if (real !== rootReal && !real.startsWith(rootReal + path.sep)) {
      skipped.push({ path: rel, reason: `a link to ${real}, outside the project` });
      continue;
    }
    const st = fs.statSync(abs);
    // Executable scripts stay executable; nothing else of the mode matters.
    members.push({ path: rel, data: fs.readFileSync(abs), mtime: now, mode: st.mode & 0o111 ? 0o755 : 0o644 });
  }
  const manifest: BackupManifest = {
    format: 'amas-backup',
    version: 1,
    amasVersion: VERSION,
    createdAt: new Date(now).toISOString(),
    storeSeq: seq,
    members: members.map((m) => ({ path: m.path, size: m.data.length, sha256: sha256(m.data), mode: m.mode })),
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
  return { file, manifest, removed, skipped };
}
