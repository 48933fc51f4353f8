import { gunzipSync, gzipSync } from 'node:zlib';

/**
 * A minimal ustar writer/reader for backups: regular files only, names up to 255 bytes.
 * The result is a normal .tar.gz that `tar -xzf` unpacks.
 */
export interface ArchiveMember {
  path: string;
  data: Uint8Array;
  mtime?: number;
}

const BLOCK = 512;

function field(buf: Buffer, off: number, len: number, value: string): void {
  buf.write(value, off, len, 'utf8');
}

function octal(n: number, len: number): string {
  return `${n.toString(8).padStart(len - 1, '0')}\0`;
}

function header(m: ArchiveMember): Buffer {
  const h = Buffer.alloc(BLOCK);
  const name = Buffer.from(m.path, 'utf8');
  let prefix = '';
  let base = m.path;
  if (name.length > 100) {
    const cut = m.path.lastIndexOf('/', 155);
    if (cut <= 0 || Buffer.byteLength(m.path.slice(cut + 1)) > 100) throw new Error(`path too long for the archive: ${m.path}`);
    prefix = m.path.slice(0, cut);
    base = m.path.slice(cut + 1);
  }
  field(h, 0, 100, base);
  field(h, 100, 8, octal(0o644, 8));
  field(h, 108, 8, octal(0, 8));
  field(h, 116, 8, octal(0, 8));
  field(h, 124, 12, octal(m.data.length, 12));
  field(h, 136, 12, octal(Math.floor((m.mtime ?? Date.now()) / 1000), 12));
  h.fill(0x20, 148, 156);
  field(h, 156, 1, '0');
  field(h, 257, 6, 'ustar\0');
  field(h, 263, 2, '00');
  field(h, 345, 155, prefix);
  let sum = 0;
  for (const b of h) sum += b;
  field(h, 148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
  return h;
}

export function writeTarGz(members: ArchiveMember[]): Buffer {
  const parts: Buffer[] = [];
  for (const m of members) {
    parts.push(header(m), Buffer.from(m.data));
    const pad = (BLOCK - (m.data.length % BLOCK)) % BLOCK;
    if (pad) parts.push(Buffer.alloc(pad));
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return gzipSync(Buffer.concat(parts));
}

export function readTarGz(archive: Uint8Array): ArchiveMember[] {
  const tar = gunzipSync(archive);
  const out: ArchiveMember[] = [];
  let off = 0;
  while (off + BLOCK <= tar.length) {
    const h = tar.subarray(off, off + BLOCK);
    if (h.every((b) => b === 0)) break;
    const str = (o: number, l: number) => h.subarray(o, o + l).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(str(124, 12).trim() || '0', 8);
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i]!;
    if (sum !== parseInt(str(148, 8).trim(), 8)) throw new Error(`damaged archive: bad header checksum at byte ${off}`);
    const prefix = str(345, 155);
    const name = prefix ? `${prefix}/${str(0, 100)}` : str(0, 100);
    const type = str(156, 1);
    const start = off + BLOCK;
    if (start + size > tar.length) throw new Error('damaged archive: truncated member');
    if (type === '0' || type === '') out.push({ path: name, data: tar.subarray(start, start + size), mtime: parseInt(str(136, 12), 8) * 1000 });
    off = start + Math.ceil(size / BLOCK) * BLOCK;
  }
  return out;
}
