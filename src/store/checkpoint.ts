import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { exists, fsyncDir, readIfExists, writeFileAtomic } from './fsutil.ts';

/**
 * Checkpoint files of a store at path P: `P` (newest, a plain SQLite file), `P.prev` (the one
 * before) and `P.ckpt.json`, a manifest of the checksums and journal positions of recent
 * checkpoints. A checkpoint is trusted only if its SHA-256 is in the manifest; the manifest is
 * written before the renames, so every crash point leaves at least one verifiable file.
 */
export interface CheckpointInfo {
  seq: number;
  sha256: string;
  size: number;
  createdAt: number;
}

interface Manifest {
  version: 1;
  checkpoints: CheckpointInfo[];
}

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

export function checkpointPaths(dbPath: string) {
  return {
    current: dbPath,
    prev: `${dbPath}.prev`,
    tmp: `${dbPath}.ckpt-tmp`,
    manifest: `${dbPath}.ckpt.json`,
    journalDir: `${dbPath}.journal`,
    lock: `${dbPath}.lock`,
  };
}

export function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

function readManifest(dbPath: string): CheckpointInfo[] | undefined {
  const raw = readIfExists(checkpointPaths(dbPath).manifest);
  if (!raw) return undefined;
  try {
    const m = JSON.parse(raw.toString('utf8')) as Manifest;
    return Array.isArray(m.checkpoints) ? m.checkpoints : undefined;
  } catch {
    return undefined;
  }
}

function writeManifest(dbPath: string, checkpoints: CheckpointInfo[]): void {
  const m: Manifest = { version: 1, checkpoints };
  writeFileAtomic(checkpointPaths(dbPath).manifest, `${JSON.stringify(m, null, 1)}\n`);
}

/**
 * Writes `bytes` as the new checkpoint: temp file → fsync → manifest → rename current to prev
 * → rename temp to current → fsync dir. The file write is asynchronous so that a large export
 * does not stall the event loop twice.
 */
export async function writeCheckpoint(dbPath: string, bytes: Uint8Array, seq: number, now: number): Promise<CheckpointInfo> {
  const p = checkpointPaths(dbPath);
  const info: CheckpointInfo = { seq, sha256: sha256(bytes), size: bytes.length, createdAt: now };
  const fh = await open(p.tmp, 'w', 0o600);
  try {
    let off = 0;
    while (off < bytes.length) off += (await fh.write(bytes, off, bytes.length - off)).bytesWritten;
    await fh.datasync();
  } catch (err) {
    // A partial image on a full disk holds the very space the next attempt needs.
    await fh.close().catch(() => undefined);
    fs.rmSync(p.tmp, { force: true });
    throw err;
  }
  await fh.close();
  const known = readManifest(dbPath) ?? [];
  writeManifest(dbPath, [...known.filter((c) => c.sha256 !== info.sha256), info].slice(-4));
  if (exists(p.current)) fs.renameSync(p.current, p.prev);
  fs.renameSync(p.tmp, p.current);
  fsyncDir(path.dirname(dbPath));
  return info;
}

export type CandidateState =
  | { file: string; status: 'missing' }
  | { file: string; status: 'verified'; info: CheckpointInfo; bytes: Buffer }
  | { file: string; status: 'unverified'; bytes: Buffer }
  | { file: string; status: 'corrupt'; reason: string };

/** Reads and checks each checkpoint file; the caller picks the newest usable one. */
export function inspectCheckpoints(dbPath: string): { candidates: CandidateState[]; manifestFound: boolean } {
  const p = checkpointPaths(dbPath);
  const manifest = readManifest(dbPath);
  const candidates: CandidateState[] = [];
  for (const file of [p.current, p.tmp, p.prev]) {
    const bytes = readIfExists(file);
    if (!bytes) {
      candidates.push({ file, status: 'missing' });
      continue;
    }
    if (bytes.length < 100 || !bytes.subarray(0, 16).equals(SQLITE_MAGIC)) {
      candidates.push({ file, status: 'corrupt', reason: 'not a SQLite file (bad header)' });
      continue;
    }
    if (!manifest) {
      candidates.push({ file, status: 'unverified', bytes });
      continue;
    }
    const sum = sha256(bytes);
    const info = manifest.find((c) => c.sha256 === sum);
    if (info) candidates.push({ file, status: 'verified', info, bytes });
    else candidates.push({ file, status: 'corrupt', reason: 'checksum does not match the checkpoint manifest' });
  }
  return { candidates, manifestFound: manifest !== undefined };
}
