import fs from 'node:fs';
import { createGunzip, gzipSync } from 'node:zlib';

/**
 * A minimal ustar writer/reader for backups: regular files only, names up to 255 bytes.
 * The result is a normal .tar.gz that `tar -xzf` unpacks.
 */
export interface ArchiveMember {
  path: string;
  data: Uint8Array;
  mtime?: number;
  /** Permission bits (default 0644). */
  mode?: number;
}

/**
 * What reading an archive may cost. A gzip stream can expand a thousandfold (2 MB of zeros
 * become 2 GB), so every size is checked against the tar header *before* the member is read,
 * and the decompressed stream is cut off as soon as the total passes `maxTotalBytes`.
 */
export interface ArchiveLimits {
  /** All decompressed bytes (headers, members, padding). */
  maxTotalBytes: number;
  /** One member, except the ones named in `largeMembers` (which only the total bounds). */
  maxMemberBytes: number;
  maxMembers: number;
  largeMembers?: ReadonlySet<string>;
}

export class ArchiveLimitError extends Error {
  override readonly name = 'ArchiveLimitError';
}

const BLOCK = 512;
/** Padding a tar writer may leave after the end marker: GNU tar fills a 10 KiB record; allow far more. */
const TRAILER_MAX_BYTES = 1024 * 1024;

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
  field(h, 100, 8, octal(m.mode ?? 0o644, 8));
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

/** Pulls exact byte counts out of a chunked stream, copying each byte once. */
class ByteReader {
  private chunk: Buffer = Buffer.alloc(0);
  private off = 0;
  /** Decompressed bytes handed out so far. */
  consumed = 0;

  constructor(private readonly source: AsyncIterator<Buffer>) {}

  /** Fills `target` completely; false when the stream ended first. */
  async fill(target: Buffer): Promise<boolean> {
    let at = 0;
    while (at < target.length) {
      if (this.off >= this.chunk.length) {
        const next = await this.source.next();
        if (next.done) return false;
        this.chunk = next.value;
        this.off = 0;
        continue;
      }
      const n = Math.min(target.length - at, this.chunk.length - this.off);
      this.chunk.copy(target, at, this.off, this.off + n);
      this.off += n;
      at += n;
    }
    this.consumed += target.length;
    return true;
  }

  /** Reads to the end of the stream (so that gzip checks its CRC), throwing once more than `max` bytes came out in all. */
  async drain(max: number, what: string): Promise<void> {
    for (;;) {
      const rest = this.chunk.length - this.off;
      this.consumed += rest;
      this.off = this.chunk.length;
      if (this.consumed > max) throw new ArchiveLimitError(what);
      const next = await this.source.next();
      if (next.done) return;
      this.chunk = next.value;
      this.off = 0;
    }
  }

  /** Discards `n` bytes (padding, members not kept) without holding them. */
  async skip(n: number): Promise<boolean> {
    const scratch = Buffer.allocUnsafe(Math.min(n, 64 * 1024));
    let left = n;
    while (left > 0) {
      const part = scratch.subarray(0, Math.min(left, scratch.length));
      if (!(await this.fill(part))) return false;
      left -= part.length;
    }
    return true;
  }
}

const str = (h: Buffer, o: number, l: number) => h.subarray(o, o + l).toString('utf8').replace(/\0.*$/s, '');

function parseOctal(h: Buffer, o: number, l: number, what: string, at: number): number {
  const s = str(h, o, l).trim();
  if (!/^[0-7]*$/.test(s)) throw new Error(`damaged archive: bad ${what} field at byte ${at}`);
  return s === '' ? 0 : parseInt(s, 8);
}

/**
 * Reads a .tar.gz file as a stream under `limits`; regular files only (links, directories and
 * other entries are skipped). Throws ArchiveLimitError when a limit is crossed, Error when the
 * archive is damaged. Memory use is bounded by the members kept, which the limits bound.
 */
export async function readTarGzFile(file: string, limits: ArchiveLimits): Promise<ArchiveMember[]> {
  const gunzip = createGunzip();
  const input = fs.createReadStream(file);
  input.on('error', (err) => gunzip.destroy(err));
  input.pipe(gunzip);
  const iterator = gunzip[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const r = new ByteReader(iterator);
  const out: ArchiveMember[] = [];
  const total = (extra: number, what: string) => {
    if (r.consumed + extra > limits.maxTotalBytes) {
      throw new ArchiveLimitError(`${what} would take the decompressed archive past ${limits.maxTotalBytes} bytes`);
    }
  };
  try {
    const h = Buffer.alloc(BLOCK);
    for (;;) {
      const at = r.consumed;
      total(BLOCK, 'the next header');
      if (!(await r.fill(h))) throw new Error('damaged archive: it ends without the end-of-archive marker');
      if (h.every((b) => b === 0)) {
        // What follows is padding (tar pads to 10 KiB records); reading it lets gzip verify its
        // checksum. More than that is not a backup, and may be a bomb: refused without inflating it all.
        const max = Math.min(limits.maxTotalBytes, r.consumed + TRAILER_MAX_BYTES);
        await r.drain(max, `more than ${max === limits.maxTotalBytes ? `${max} bytes in all` : `${TRAILER_MAX_BYTES} bytes of data after the end of the archive`}`);
        break;
      }
      const size = parseOctal(h, 124, 12, 'size', at);
      let sum = 0;
      for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i]!;
      if (sum !== parseOctal(h, 148, 8, 'checksum', at)) throw new Error(`damaged archive: bad header checksum at byte ${at}`);
      const prefix = str(h, 345, 155);
      const name = prefix ? `${prefix}/${str(h, 0, 100)}` : str(h, 0, 100);
      const type = str(h, 156, 1);
      const padded = Math.ceil(size / BLOCK) * BLOCK;
      total(padded, `member ${name} (${size} bytes)`);
      if (type !== '0' && type !== '') {
        if (!(await r.skip(padded))) throw new Error('damaged archive: truncated member');
        continue;
      }
      if (out.length >= limits.maxMembers) throw new ArchiveLimitError(`the archive has more than ${limits.maxMembers} files`);
      if (size > limits.maxMemberBytes && !limits.largeMembers?.has(name)) {
        throw new ArchiveLimitError(`member ${name} is ${size} bytes, over the ${limits.maxMemberBytes}-byte limit for one file`);
      }
      const data = Buffer.allocUnsafe(size);
      if (!(await r.fill(data)) || !(await r.skip(padded - size))) throw new Error('damaged archive: truncated member');
      out.push({ path: name, data, mtime: parseOctal(h, 136, 12, 'mtime', at) * 1000 });
    }
    return out;
  } finally {
    // On an error, stop inflating at once: the rest may be a bomb.
    input.destroy();
    gunzip.destroy();
  }
}
