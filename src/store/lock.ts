import fs from 'node:fs';
import os from 'node:os';
import { AmasError } from '../core/index.ts';
import { readIfExists } from './fsutil.ts';

export interface LockHolder {
  pid: number;
  hostname: string;
  startedAt: string;
}

/** Whether a process with this pid exists on this machine (EPERM means it exists but is not ours). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(file: string): LockHolder | undefined {
  const raw = readIfExists(file);
  if (!raw) return undefined;
  try {
    const v = JSON.parse(raw.toString('utf8')) as LockHolder;
    return typeof v.pid === 'number' ? v : { pid: 0, hostname: '', startedAt: '' };
  } catch {
    // Half-written by a process that died between create and write: no live owner to name.
    return { pid: 0, hostname: '', startedAt: '' };
  }
}

/** A holder is stale when it ran on this host and its process is gone (or the file is unreadable). */
function isStale(h: LockHolder): boolean {
  if (h.pid === 0) return true;
  return h.hostname === os.hostname() && h.pid !== process.pid && !alive(h.pid);
}

/** The live holder of the writer lock, if any: what read-only commands and restore check. */
export function liveHolder(file: string): LockHolder | undefined {
  const h = readLock(file);
  return h && !isStale(h) ? h : undefined;
}

function tryCreate(file: string, me: LockHolder): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, 'wx', 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    fs.writeSync(fd, JSON.stringify(me));
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return true;
}

export interface WriterLock {
  readonly file: string;
  readonly tookOverFrom: LockHolder | undefined;
  release(): void;
}

/**
 * Takes the single-writer lock of a store (an O_EXCL file holding pid, host and start time).
 * A lock left by a dead process on this host is taken over; a live one is an error naming it.
 * Taking over goes through a second O_EXCL file so that two processes cannot both take over.
 */
export function acquireLock(file: string): WriterLock {
  const me: LockHolder = { pid: process.pid, hostname: os.hostname(), startedAt: new Date().toISOString() };
  let tookOverFrom: LockHolder | undefined;
  for (let attempt = 0; attempt < 5; attempt++) {
    if (tryCreate(file, me)) return makeLock(file, me, tookOverFrom);
    const holder = readLock(file);
    if (!holder) continue; // released between our attempt and the read
    if (!isStale(holder)) throw lockedError(file, holder);
    const guard = `${file}.takeover`;
    try {
      const g = fs.statSync(guard);
      if (Date.now() - g.mtimeMs > 10_000) fs.rmSync(guard, { force: true });
    } catch {
      /* no guard: fine */
    }
    if (!tryCreate(guard, me)) continue;
    try {
      const again = readLock(file);
      if (again && again.pid === holder.pid && again.startedAt === holder.startedAt) {
        fs.rmSync(file, { force: true });
        tookOverFrom = holder;
      }
    } finally {
      fs.rmSync(guard, { force: true });
    }
  }
  const holder = readLock(file);
  throw lockedError(file, holder ?? { pid: 0, hostname: '?', startedAt: '?' });
}

function makeLock(file: string, me: LockHolder, tookOverFrom: LockHolder | undefined): WriterLock {
  let released = false;
  return {
    file,
    tookOverFrom,
    release() {
      if (released) return;
      released = true;
      const h = readLock(file);
      if (h && h.pid === me.pid && h.startedAt === me.startedAt) fs.rmSync(file, { force: true });
    },
  };
}

export function lockedError(file: string, h: LockHolder): AmasError {
  const where = h.hostname && h.hostname !== os.hostname() ? ` on host ${h.hostname}` : '';
  return new AmasError('AMAS_STORE_LOCKED', `the store is in use by another amas process (pid ${h.pid}${where}, since ${h.startedAt})`, {
    hint: `stop that process first (amas up owns the store while it runs); if it is gone for sure, delete ${file}`,
  });
}
