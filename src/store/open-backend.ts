import { EmbeddedBackend } from './embedded.ts';
import { openStore } from './open.ts';
import type { StoreOptions } from './types.ts';

/**
 * Opens the embedded store at `path` behind the async contract (backend.ts). Its `store` is the
 * embedded store itself, for what only it can do (backup, checkpoint, jsonl import).
 */
export async function openBackend(path: string, opts: StoreOptions = {}): Promise<EmbeddedBackend> {
  return new EmbeddedBackend(await openStore(path, opts));
}
