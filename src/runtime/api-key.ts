// The HTTP API key `amas up` generates when none is configured, like a notebook server's
// token: random, kept in `.amas/api-key` with mode 0600 and reused across restarts, so
// scripts and other local users' processes cannot call /api/* without reading that file.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AmasError, errorMessage } from '../core/index.ts';

/** Where the generated key lives, relative to the project directory. */
export const API_KEY_FILE = path.join('.amas', 'api-key');

export interface ProjectApiKey {
  key: string;
  /** Absolute path of the key file. */
  file: string;
  /** True when this call made the file. */
  created: boolean;
  /** True when an existing file was readable by others and was narrowed to 0600. */
  tightened: boolean;
}

function keyFileError(file: string, why: string): AmasError {
  return new AmasError('AMAS_HTTP_KEY_FILE', `cannot use the HTTP API key file ${file}: ${why}`, {
    hint: 'delete it and start amas up again to generate a new key, or set http.api_key / AMAS_API_KEY',
  });
}

function readKeyFile(file: string): { key: string; tightened: boolean } {
  const st = fs.lstatSync(file);
  // A link could point the key at a file another user controls or reads.
  if (!st.isFile()) throw keyFileError(file, 'it is not a regular file');
  let tightened = false;
  if ((st.mode & 0o077) !== 0) {
    fs.chmodSync(file, 0o600);
    tightened = true;
  }
  const key = fs.readFileSync(file, 'utf8').trim();
  if (key.length < 16 || /\s/.test(key)) throw keyFileError(file, 'it does not hold a key (16 or more characters, no spaces)');
  return { key, tightened };
}

/** A new random key: 32 bytes, base64url, with a prefix that secret scanners can match. */
export function newApiKey(): string {
  return `amas_${randomBytes(32).toString('base64url')}`;
}

/**
 * The project's generated key: read from `.amas/api-key`, or created there. Creation is atomic:
 * the key is written and synced to a private temporary file (mode 0600 from the open call) and
 * then hard-linked into place, which fails if the file exists — so no reader ever sees an empty
 * or partly written key, and two processes racing end up with the same one.
 */
export function projectApiKey(dir: string): ProjectApiKey {
  const file = path.join(path.resolve(dir), API_KEY_FILE);
  try {
    return { file, created: false, ...readKeyFile(file) };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err instanceof AmasError ? err : keyFileError(file, errorMessage(err));
  }
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  let created = false;
  try {
    const fd = fs.openSync(tmp, 'wx', 0o600);
    try {
      fs.writeFileSync(fd, `${newApiKey()}\n`);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    try {
      fs.linkSync(tmp, file);
      created = true;
      syncDir(path.dirname(file));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  } catch (err) {
    throw keyFileError(file, errorMessage(err));
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  return { file, created, ...readKeyFile(file) };
}

/** Makes a new directory entry durable (a key handed to clients must survive a crash). */
function syncDir(dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
