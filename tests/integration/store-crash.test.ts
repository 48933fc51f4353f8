import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.ts';
import { kill9, startFixture } from './store-processes.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amas-crash-'));
const dbPath = path.join(dir, '.amas', 'amas.db');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// Warnings a crash is allowed to leave: the dead writer's lock and a half-written last record.
const EXPECTED = [/took over the lock of pid \d+/, /dropped an incomplete record at the end of the journal/];

describe('crash safety', () => {
  it('keeps every acknowledged write through 24 SIGKILLs at random moments, some inside checkpoints', async () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const acked = new Set<string>();
    let killedInCheckpoint = 0;
    for (let round = 0; round < 24; round++) {
      const w = startFixture('writer.ts', [dbPath]);
      await w.waitFor((l) => l.startsWith('ack '));
      if (round % 3 === 2) {
        // Aim at a checkpoint: kill as soon as one starts.
        const from = w.lines.length;
        await w.waitFor((l) => l === 'ckpt+' && w.lines.lastIndexOf(l) >= from);
      } else {
        await new Promise((r) => setTimeout(r, 10 + rnd() * 250));
      }
      await kill9(w.child, w.exited);
      let inCheckpoint = false;
      for (const l of w.lines) {
        if (l.startsWith('ack ')) acked.add(l.slice(4));
        else if (l === 'ckpt+') inCheckpoint = true;
        else if (l === 'ckpt-') inCheckpoint = false;
      }
      if (inCheckpoint) killedInCheckpoint++;

      const store = await openStore(dbPath, { checkpointIntervalMs: 0 });
      try {
        const unexpected = store.recovery.warnings.filter((x) => !EXPECTED.some((re) => re.test(x)));
        expect(unexpected, `round ${round}`).toEqual([]);
        const missing = [...acked].filter((id) => !store.knowledge.get(id));
        expect(missing, `round ${round}: acknowledged ids lost`).toEqual([]);
        expect(store.read((r) => r.get<{ quick_check: string }>('PRAGMA quick_check'))?.quick_check).toBe('ok');
      } finally {
        await store.close();
      }
    }
    expect(acked.size).toBeGreaterThan(100);
    expect(killedInCheckpoint).toBeGreaterThan(0);
  }, 240_000);
});
