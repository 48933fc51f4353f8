/**
 * The workflow spec each run is pinned to, kept once per spec hash in `run_specs` (migration
 * 0005): what a resumed run is rebuilt from, whatever the file says now. Pruned with the runs:
 * a spec no remaining run references is deleted when runs are.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { writeJson, type WorkflowSpec } from '../core/index.ts';
import type { StoreCore, Tx } from './types.ts';

const PACK_CHUNK = 256 * 1024;

/**
 * The spec as stored: its JSON gzipped in pieces of 256 KB (gzip members, which gunzip reads back
 * as one stream), redacted like every other value written. A layered 10,000-step workflow is
 * 9 MB of JSON: stored as text it cost ≈ 80 MB of peak memory (the string, its UTF-8 copy inside
 * sql.js, the database pages), as one compressed string still ≈ 20 MB. Each step's JSON is copied
 * into one reused buffer as it is written, so none of it outlives the moment it was made.
 */
export function packSpec(spec: WorkflowSpec): Uint8Array {
  const parts: Buffer[] = [];
  const buf = Buffer.allocUnsafe(PACK_CHUNK);
  let used = 0;
  const flush = () => {
    if (used > 0) parts.push(gzipSync(buf.subarray(0, used), { level: 1 }));
    used = 0;
  };
  // The caller masks secrets in the spec as a value first (Tx.mask), as in every other value written.
  const add = (clean: string) => {
    const n = Buffer.byteLength(clean, 'utf8');
    if (used + n > PACK_CHUNK) flush();
    if (n > PACK_CHUNK) parts.push(gzipSync(clean, { level: 1 }));
    else used += buf.write(clean, used, 'utf8');
  };
  writeJson(spec, add, { sorted: false, depth: 2 });
  flush();
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
}

export function unpackSpec(stored: unknown): WorkflowSpec | undefined {
  // Text: a spec pinned before specs were compressed.
  if (typeof stored === 'string') return JSON.parse(stored) as WorkflowSpec;
  if (stored instanceof Uint8Array) return JSON.parse(gunzipSync(stored).toString('utf8')) as WorkflowSpec;
  return undefined;
}

/** Parsed pinned specs kept for reuse: listing a thousand runs of one workflow parses its spec once. */
const SPEC_CACHE = 16;

export class RunSpecStore {
  /** Hashes written by this process (or seen stored): the insert is skipped for them. */
  private readonly known = new Set<string>();
  private readonly parsed = new Map<string, WorkflowSpec>();

  constructor(private readonly core: StoreCore) {}

  /** Pins `spec` under `hash` in the caller's transaction (once per hash). */
  put(tx: Tx, hash: string, spec: WorkflowSpec): void {
    // Known specs first: masking walks the whole spec, and every run of a workflow passes it.
    if (this.known.has(hash)) return;
    // Masked as a value before it is packed, like every other value written.
    const masked = tx.mask(spec);
    tx.run('INSERT OR IGNORE INTO run_specs (hash, workflow_id, spec, created_at) VALUES (?, ?, ?, ?)', [hash, masked.id, packSpec(masked), tx.now]);
    this.known.add(hash);
  }

  /** The spec pinned under `hash`, or undefined when the store does not hold it. */
  get(hash: string): WorkflowSpec | undefined {
    let spec = this.parsed.get(hash);
    if (spec === undefined) {
      spec = unpackSpec(this.core.read((db) => db.get<{ spec: unknown }>('SELECT spec FROM run_specs WHERE hash = ?', [hash]))?.spec);
      if (spec === undefined) return undefined;
      if (this.parsed.size >= SPEC_CACHE) this.parsed.delete(this.parsed.keys().next().value!);
      this.parsed.set(hash, spec);
    }
    return spec;
  }

  /** Deletes pinned specs that no run references any more (in the caller's transaction); returns how many. */
  pruneUnreferenced(tx: Tx): number {
    const n = tx.run('DELETE FROM run_specs WHERE NOT EXISTS (SELECT 1 FROM runs WHERE runs.spec_hash = run_specs.hash)');
    if (n > 0) {
      // A later run of a pruned spec must pin it again.
      this.known.clear();
      this.parsed.clear();
    }
    return n;
  }
}
