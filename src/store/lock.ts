import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import { AmasError } from '../core/index.ts';
import { readIfExists } from './fsutil.ts';

export interface LockHolder {
  pid: number;
  hostname: string;
  startedAt: string;
  /** The holder's start time in clock ticks since boot (/proc/PID/stat field 22), where known. */
  procStart?: number;
  /** The kernel's boot id, where known: a pid from an earlier boot is never the same process. */
  bootId?: string;
}

/** An unreadable lock file younger than this may still be an old amas writing it: not stale yet. */
const UNREADABLE_GRACE_MS = 10_000;

/** Whether a process with this pid exists on this machine (EPERM means it exists but is not ours). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Start time of a process (field 22 of /proc/PID/stat), undefined where /proc is not there. */
function procStartOf(pid: number): number | undefined {
  const raw = readIfExists(`/proc/${pid}/stat`);
  if (!raw) return undefined;
  const text = raw.toString('utf8');
  // The command name (field 2) may hold spaces and parentheses: count fields after its last ')'.
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const v = Number(rest[19]);
  return Number.isFinite(v) ? v : undefined;
}

let bootIdCache: string | null | undefined;
function bootId(): string | undefined {
  if (bootIdCache === undefined) bootIdCache = readIfExists('/proc/sys/kernel/random/boot_id')?.toString('utf8').trim() || null;
  return bootIdCache ?? undefined;
}

type Read = { kind: 'none' } | { kind: 'holder'; holder: LockHolder } | { kind: 'unreadable'; ageMs: number };

function readLock(file: string): Read {
  const raw = readIfExists(file);
  if (!raw) return { kind: 'none' };
  try {
    const v = JSON.parse(raw.toString('utf8')) as LockHolder;
    if (typeof v.pid === 'number' && v.pid > 0) return { kind: 'holder', holder: v };
  } catch {
    /* below */
  }
  let ageMs = 0;
  try {
    ageMs = Date.now() - fs.statSync(file).mtimeMs;
  } catch {
    return { kind: 'none' };
  }
  return { kind: 'unreadable', ageMs };
}

/**
 * A holder is stale only when it is provably gone: it ran on this host, and its pid is not
 * running, or is running but as another process (a different start time, or an earlier boot).
 * A holder on another host is never stale (its process cannot be checked from here).
 */
function isStale(h: LockHolder): boolean {
  if (h.hostname !== os.hostname()) return false;
  const boot = bootId();
  if (h.bootId !== undefined && boot !== undefined && h.bootId !== boot) return true;
  if (h.pid !== process.pid && !alive(h.pid)) return true;
  if (h.procStart === undefined) return false;
  const now = procStartOf(h.pid);
  return now !== undefined && now !== h.procStart;
}

/** The live holder of the writer lock, if any: what read-only commands and restore check. */
export function liveHolder(file: string): LockHolder | undefined {
  const r = readLock(file);
  if (r.kind === 'holder') return isStale(r.holder) ? undefined : r.holder;
  if (r.kind === 'unreadable' && r.ageMs < UNREADABLE_GRACE_MS) return { pid: 0, hostname: '?', startedAt: '?' };
  return undefined;
}

/**
 * Creates `file` holding `me`, atomically: the content is written and fsync'ed in a private temp
 * file, which is then hard-linked to the lock's name (link fails if the name exists). The lock
 * file is never visible empty or half-written, so no reader can mistake a live lock for a dead one.
 */
function tryCreate(file: string, me: LockHolder): boolean {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fd = fs.openSync(tmp, 'wx', 0o600);
  try {
    try {
      fs.writeSync(fd, JSON.stringify(me));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.linkSync(tmp, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

export interface WriterLock {
  readonly file: string;
  readonly tookOverFrom: LockHolder | undefined;
  release(): void;
}

const sameHolder = (a: LockHolder, b: LockHolder) => a.pid === b.pid && a.startedAt === b.startedAt && a.hostname === b.hostname;

/**
 * Takes the single-writer lock of a store (a file holding pid, host, start times, created
 * atomically). A lock whose holder is provably gone is taken over; a live one is an error naming
 * it. Taking over goes through a second, atomically created guard file, and removes the lock
 * only if it still names the same dead holder, so two processes cannot both take over.
 */
export function acquireLock(file: string): WriterLock {
  const procStart = procStartOf(process.pid);
  const boot = bootId();
  const me: LockHolder = {
    pid: process.pid,
    hostname: os.hostname(),
    startedAt: new Date().toISOString(),
    ...(procStart === undefined ? {} : { procStart }),
    ...(boot === undefined ? {} : { bootId: boot }),
  };
  let tookOverFrom: LockHolder | undefined;
  for (let attempt = 0; attempt < 5; attempt++) {
    if (tryCreate(file, me)) return makeLock(file, me, tookOverFrom);
    const r = readLock(file);
    if (r.kind === 'none') continue; // released between our attempt and the read
    if (r.kind === 'unreadable' && r.ageMs < UNREADABLE_GRACE_MS) throw lockedError(file, { pid: 0, hostname: '?', startedAt: '?' });
    if (r.kind === 'holder' && !isStale(r.holder)) throw lockedError(file, r.holder);
    const guard = `${file}.takeover`;
    try {
      const g = fs.statSync(guard);
      if (Date.now() - g.mtimeMs > UNREADABLE_GRACE_MS) fs.rmSync(guard, { force: true });
    } catch {
      /* no guard: fine */
    }
    if (!tryCreate(guard, me)) continue;
    try {
      const again = readLock(file);
      const still =
        (r.kind === 'holder' && again.kind === 'holder' && sameHolder(again.holder, r.holder)) ||
        (r.kind === 'unreadable' && again.kind === 'unreadable' && again.ageMs >= UNREADABLE_GRACE_MS);
      if (still) {
        fs.rmSync(file, { force: true });
        tookOverFrom = r.kind === 'holder' ? r.holder : { pid: 0, hostname: '?', startedAt: '?' };
      }
    } finally {
      fs.rmSync(guard, { force: true });
    }
  }
  const r = readLock(file);
  throw lockedError(file, r.kind === 'holder' ? r.holder : { pid: 0, hostname: '?', startedAt: '?' });
}

function makeLock(file: string, me: LockHolder, tookOverFrom: LockHolder | undefined): WriterLock {
  let released = false;
  return {
    file,
    tookOverFrom,
    release() {
      if (released) return;
      released = true;
      const r = readLock(file);
      if (r.kind === 'holder' && sameHolder(r.holder, me)) fs.rmSync(file, { force: true });
    },
  };
}

export function lockedError(file: string, h: LockHolder): AmasError {
  const where = h.hostname && h.hostname !== '?' && h.hostname !== os.hostname() ? ` on host ${h.hostname}` : '';
  return new AmasError('AMAS_STORE_LOCKED', `the store is in use by another amas process (pid ${h.pid}${where}, since ${h.startedAt})`, {
    hint: `stop that process first (amas up owns the store while it runs); if it is gone for sure, delete ${file}`,
  });
}
