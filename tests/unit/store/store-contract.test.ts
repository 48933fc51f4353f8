// The shared store contract (tests/support/store-contract.ts) on the embedded store; the same
// suite runs against PostgreSQL in tests/pg/pg-store.test.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
