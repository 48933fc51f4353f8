import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { openStore, type Store } from '../../../src/store/index.ts';

export interface TempStore {
  /** The store file inside a fresh directory, new for each test. */
  readonly dbPath: string;
  /** Opens the store at `dbPath` without timed checkpoints; it is closed after the test. */
  openAt(opts?: Parameters<typeof openStore>[1]): Promise<Store>;
}

/** Registers the hooks that give each test of the file its own directory and close what it opened. */
export function useTempStore(prefix: string, file = 'amas.db'): TempStore {
  let dir = '';
  let dbPath = '';
  const open: Store[] = [];
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    dbPath = path.join(dir, file);
  });
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return {
    get dbPath() {
      return dbPath;
    },
    async openAt(opts = {}) {
      const s = await openStore(dbPath, { checkpointIntervalMs: 0, ...opts });
      open.push(s);
      return s;
    },
  };
}
