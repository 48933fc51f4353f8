import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/index.ts';
import { openBackend } from '../../../src/store/index.ts';
import { backendContract } from './backend-contract.ts';

backendContract('embedded (:memory:)', () => openBackend(':memory:', { clock: new ManualClock(Date.UTC(2026, 0, 1)) }));

describe('EmbeddedBackend', () => {
  it('is the embedded kind, says when it is read-only, and closes its store', async () => {
    const b = await openBackend(':memory:');
    expect(b.kind).toBe('embedded');
    expect(b.readOnly).toBe(false);
    expect(b.fence).toBeUndefined();
    expect(b.warnings).toEqual([]);
    await b.close();
    await expect(b.runs.get('x')).rejects.toMatchObject({ code: 'AMAS_STORE_CLOSED' });
  });
});
