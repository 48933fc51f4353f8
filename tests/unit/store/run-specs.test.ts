import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { WorkflowSpec } from '../../../src/core/index.ts';
import { encodeRecord, SEGMENT_MAGIC } from '../../../src/store/frame.ts';
import { segmentName } from '../../../src/store/journal.ts';
import { MIGRATIONS } from '../../../src/store/schema.ts';
import { Db } from '../../../src/store/sqlite.ts';
import { useTempStore } from './temp-store.ts';

const tmp = useTempStore('amas-run-specs-');

const spec = (id: string, task = 'say'): WorkflowSpec => ({ id, steps: [{ id: 'a', task }] }) as unknown as WorkflowSpec;

describe('pinned run specs (store.runSpecs)', () => {
  it('keeps a spec once per hash, reads it back after a reopen, and prunes it with the last run that references it', async () => {
    const s = await tmp.openAt();
    const put = (runId: string, hash: string, wf: WorkflowSpec, endedAt: number | null) =>
      s.transaction((tx) => {
        s.runSpecs.put(tx, hash, wf);
        s.runs.putRun(tx, { id: runId, workflowId: wf.id, specHash: hash, status: endedAt === null ? 'running' : 'completed', endedAt, createdAt: 1, startedAt: 1 });
      });
    await put('r1', 'h-old', spec('old'), 100);
    await put('r2', 'h-shared', spec('shared'), 100);
    await put('r3', 'h-shared', spec('shared'), 5000);
    await put('r4', 'h-live', spec('live', 'work'), null);
    const count = () => s.read((r) => r.get<{ n: number }>('SELECT count(*) AS n FROM run_specs'))!.n;
    expect(count()).toBe(3);

    expect(await s.runs.prune(1000)).toBe(2);
    // h-old had only r1; h-shared is still referenced by r3; h-live by an unfinished run.
    expect(count()).toBe(2);
    expect(s.runSpecs.get('h-old')).toBeUndefined();
    expect(s.runSpecs.get('h-shared')).toMatchObject({ id: 'shared' });

    // A new run of a pruned spec pins it again.
    await put('r5', 'h-old', spec('old'), null);
    expect(s.runSpecs.get('h-old')).toMatchObject({ id: 'old' });
    await s.close();

    const again = await tmp.openAt();
    expect(again.runSpecs.get('h-live')).toMatchObject({ id: 'live', steps: [{ task: 'work' }] });
    expect(again.runSpecs.get('h-old')).toMatchObject({ id: 'old' });
  });

  it('migration 0005 adopts a run_specs table an older version created through its journal', async () => {
    const old = await Db.open();
    old.exec('CREATE TABLE _amas_migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL); CREATE TABLE _amas_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);');
    for (const m of MIGRATIONS.filter((m) => m.name < '0005')) {
      old.exec(m.sql);
      old.run('INSERT INTO _amas_migrations (name, applied_at) VALUES (?, ?)', [m.name, 0]);
    }
    fs.writeFileSync(tmp.dbPath, old.export());
    old.close();
    // What older versions journaled: the DDL, then a spec pinned as text.
    fs.mkdirSync(`${tmp.dbPath}.journal`);
    const ops = [
      { sql: 'CREATE TABLE IF NOT EXISTS run_specs (hash TEXT PRIMARY KEY, workflow_id TEXT NOT NULL, spec BLOB NOT NULL, created_at INTEGER NOT NULL)', params: [] },
      { sql: 'INSERT OR IGNORE INTO run_specs (hash, workflow_id, spec, created_at) VALUES (?, ?, ?, ?)', params: ['h-text', 'legacy', JSON.stringify(spec('legacy')), 1] },
    ];
    fs.writeFileSync(path.join(`${tmp.dbPath}.journal`, segmentName(1)), Buffer.concat([SEGMENT_MAGIC, encodeRecord({ seq: 1, ops })]));

    const s = await tmp.openAt();
    expect(s.recovery.migrationsApplied).toEqual(['0005_runs_masked', '0006_run_specs', '0007_agent_turns', '0008_approvals', '0009_parent_runs', '0010_approval_tool_calls']);
    expect(s.recovery.failed).toBe(0);
    expect(s.runSpecs.get('h-text')).toMatchObject({ id: 'legacy' });
  });
});
