// The shared store contract (tests/support/store-contract.ts) on the embedded store; the same
// suite runs against PostgreSQL in tests/pg/pg-store.test.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/core/index.ts';
import { openBackend } from '../../../src/store/index.ts';
import { storeContract } from '../../support/store-contract.ts';

storeContract('embedded (sql.js)', async ({ redactor, now }) => {
  const dir = mkdtempSync(join(tmpdir(), 'amas-contract-'));
  const clock = now ? { ...systemClock, now } : undefined;
  const backend = await openBackend(join(dir, 'amas.db'), { ...(redactor ? { redactor } : {}), ...(clock ? { clock } : {}) });
  return {
    store: backend,
    close: async () => {
      await backend.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('the embedded store has no work queue', () => {
  it('refuses a journal batch that hands step tasks over, and writes nothing of it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'amas-contract-'));
    const backend = await openBackend(join(dir, 'amas.db'));
    try {
      const batch = {
        runs: [{ id: 'r', workflowId: 'wf', status: 'running', createdAt: 1 }],
        steps: [],
        knowledge: [],
        tasks: [{ runId: 'r', stepId: 's', attempt: 1, capability: 'c', idempotencyKey: 'k', idempotent: true, input: null }],
      };
      await expect(backend.runs.writeJournal(batch)).rejects.toThrow('the embedded store has no work queue');
      expect(await backend.runs.get('r')).toBeUndefined();
    } finally {
      await backend.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
