import { describe, expect, it } from 'vitest';
import { openStore } from '../../../src/store/index.ts';
import { useTempStore } from './temp-store.ts';

const t = useTempStore('amas-reclimit-');

function deep(depth: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
}

describe('one oversized or unencodable record fails its own write, not the store', () => {
  it('refuses a record over the limit, keeps earlier and later writes, and replays without a gap', async () => {
    const store = await t.openAt({ maxRecordBytes: 4096 });
    await store.runs.upsert({ id: 'before', workflowId: 'wf', status: 'running' });
    const refused = store.runs.upsert({ id: 'big', workflowId: 'wf', status: 'running', inputs: { s: 'x'.repeat(8192) } });
    await expect(refused).rejects.toMatchObject({ code: 'AMAS_STORE_RECORD_TOO_LARGE' });
    await expect(refused).rejects.toThrow(/more than the 4096 a journal record may hold/);
    // Taken back in memory too, and the store goes on.
    expect(store.runs.get('big')).toBeUndefined();
    await store.runs.upsert({ id: 'after', workflowId: 'wf', status: 'completed' });
    expect(store.fence).toBeUndefined();
    await store.close();

    const again = await openStore(t.dbPath, { checkpointIntervalMs: 0 });
    try {
      expect(again.recovery.warnings).toEqual([]);
      expect(again.runs.list().map((r) => r.id).sort()).toEqual(['after', 'before']);
    } finally {
      await again.close();
    }
  });

  it('refuses a value too deep to serialise with a clear error instead of a stack overflow', async () => {
    const store = await t.openAt();
    const refused = store.runs.upsert({ id: 'deep', workflowId: 'wf', status: 'running', inputs: deep(200_000) as Record<string, unknown> });
    await expect(refused).rejects.toMatchObject({ code: 'AMAS_STORE_RECORD_TOO_LARGE', message: 'the store refused a write: a value is nested too deeply to encode' });
    await store.runs.upsert({ id: 'ok', workflowId: 'wf', status: 'running' });
    expect(store.runs.get('ok')).toBeDefined();
    expect(store.runs.get('deep')).toBeUndefined();
  });
});
