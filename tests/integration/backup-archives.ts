// Builds hostile backup archives for the restore tests: an attacker's tools, written
// independently of src/store/archive.ts so that a bug there cannot hide in both.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createGzip, gzipSync } from 'node:zlib';

export interface Member {
  path: string;
  data: Buffer;
  /** Size written into the header (defaults to data.length): a bomb may claim more than it holds. */
  claim?: number;
}

export function ustarHeader(name: string, size: number): Buffer {
  const h = Buffer.alloc(512);
  h.write(name, 0, 100, 'utf8');
  h.write('0000644\0', 100);
  h.write('0000000\0', 108);
  h.write('0000000\0', 116);
  h.write(`${size.toString(8).padStart(11, '0')}\0`, 124);
  h.write(`${Math.floor(Date.now() / 1000).toString(8).padStart(11, '0')}\0`, 136);
  h.fill(0x20, 148, 156);
  h.write('0', 156);
  h.write('ustar\0', 257);
  h.write('00', 263);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return h;
}

export function tarGz(members: Member[]): Buffer {
  const parts: Buffer[] = [];
  for (const m of members) {
    parts.push(ustarHeader(m.path, m.claim ?? m.data.length), m.data, Buffer.alloc((512 - (m.data.length % 512)) % 512));
  }
  parts.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(parts));
}

export const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** A manifest that matches `members` exactly (so only what the test breaks on purpose is wrong). */
export function manifestFor(members: Member[], over: Record<string, unknown> = {}): Member {
  const m = {
    format: 'amas-backup',
    version: 1,
    amasVersion: 'test',
    createdAt: new Date().toISOString(),
    storeSeq: 1,
    members: members.map((x) => ({ path: x.path, size: x.data.length, sha256: sha256(x.data) })),
    ...over,
  };
  return { path: 'manifest.json', data: Buffer.from(JSON.stringify(m)) };
}

/** The members of a real backup, extracted with the system's tar. */
export function extract(archive: string, into: string): Member[] {
  fs.mkdirSync(into, { recursive: true });
  const r = spawnSync('tar', ['-xzf', archive, '-C', into], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tar failed: ${r.stderr}`);
  const out: Member[] = [];
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(into, rel), { withFileTypes: true })) {
      const r2 = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r2);
      else out.push({ path: r2, data: fs.readFileSync(path.join(into, r2)) });
    }
  };
  walk('');
  return out;
}

/**
 * Writes a gzip bomb: one member whose `count` chunks of 1 MiB zeros compress about a
 * thousandfold, streamed so the test never holds it.
 */
export async function writeZeroBomb(file: string, members: { path: string; mib: number }[]): Promise<void> {
  const gz = createGzip({ level: 9 });
  const out = fs.createWriteStream(file);
  const done = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
    gz.on('error', reject);
  });
  gz.pipe(out);
  const zeros = Buffer.alloc(1024 * 1024);
  const write = (b: Buffer) => (gz.write(b) ? Promise.resolve() : new Promise<void>((r) => gz.once('drain', () => r())));
  for (const m of members) {
    await write(ustarHeader(m.path, m.mib * 1024 * 1024));
    for (let i = 0; i < m.mib; i++) await write(zeros);
  }
  await write(Buffer.alloc(1024));
  gz.end();
  await done;
}
