import { gunzipSync } from 'node:zlib';
import { afterEach, expect, test } from 'vitest';
import { Redactor, type StepSpec, type WorkflowSpec } from '../../../src/core/index.ts';
import type { RunRow } from '../../../src/engine/index.ts';
import { StoreJournal } from '../../../src/runtime/index.ts';
import { embeddedBackend, openStore, type Store } from '../../../src/store/index.ts';

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

const run = (spec: WorkflowSpec, hash: string): RunRow => ({ id: `run_${hash}`, workflow: spec.id, specHash: hash, spec, inputs: {}, status: 'running', attempt: 1, startedAt: 1 });

/** A spec of a few MB of JSON: several 256 KB pieces when packed. */
function big(): WorkflowSpec {
  const steps: StepSpec[] = [];
  for (let l = 0; l < 30; l++) for (let w = 0; w < 100; w++) steps.push({ id: `l${l}_${w}`, task: 'noop', ...(l ? { needs: Array.from({ length: 100 }, (_, k) => `l${l - 1}_${k}`) } : {}) });
  return { id: 'big', description: 'tail key after steps', steps: steps as [StepSpec, ...StepSpec[]] } as WorkflowSpec;
}

test('a pinned spec comes back equal, from a compressed row a fraction of its JSON', async () => {
  store = await openStore(':memory:');
  const journal = await StoreJournal.open(embeddedBackend(store));
  const spec = big();
  await journal.write({ runs: [run(spec, 'h1')], steps: [], knowledge: [] }, true);
  const stored = store.read((db) => db.get<{ spec: Uint8Array }>('SELECT spec FROM run_specs WHERE hash = ?', ['h1']))!.spec;
  const json = JSON.stringify(spec);
  expect(json.length).toBeGreaterThan(1_000_000);
  expect(stored.length).toBeLessThan(json.length / 20);
  expect(gunzipSync(stored).toString('utf8')).toBe(json);
  expect((await journal.getRun('run_h1'))!.spec).toEqual(spec);
});

test('a spec pinned as JSON text by an older version is still read', async () => {
  store = await openStore(':memory:');
  const journal = await StoreJournal.open(embeddedBackend(store));
  const spec: WorkflowSpec = { id: 'old', steps: [{ id: 'a', task: 'noop' }] };
  await store.transaction((tx) => void tx.run('INSERT INTO run_specs (hash, workflow_id, spec, created_at) VALUES (?, ?, ?, ?)', ['h0', 'old', JSON.stringify(spec), 1]));
  await store.transaction((tx) => store!.runs.putRun(tx, { id: 'run_old', workflowId: 'old', specHash: 'h0', status: 'running', attempt: 1, createdAt: 1 }));
  expect((await journal.getRun('run_old'))!.spec).toEqual(spec);
});

test('a secret inside a pinned spec is redacted before it is compressed', async () => {
  store = await openStore(':memory:', { redactor: new Redactor(['s3cret-token-value']) });
  const journal = await StoreJournal.open(embeddedBackend(store));
  const spec: WorkflowSpec = { id: 'leaky', steps: [{ id: 'a', task: 'noop', with: { auth: 'Bearer s3cret-token-value' } }] };
  await journal.write({ runs: [run(spec, 'h2')], steps: [], knowledge: [] }, true);
  const stored = store.read((db) => db.get<{ spec: Uint8Array }>('SELECT spec FROM run_specs WHERE hash = ?', ['h2']))!.spec;
  const text = gunzipSync(stored).toString('utf8');
  expect(text).not.toContain('s3cret-token-value');
  expect(text).toContain('Bearer ***');
});
