import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openProject, type Project } from '../../src/runtime/index.ts';
import { EmbeddedBackend, type Store } from '../../src/store/index.ts';

/** The embedded store under the project's async store (its checkpoint counters are its own). */
function embedded(p: Project): Store {
  if (!(p.store instanceof EmbeddedBackend)) throw new Error('the project store is not the embedded one');
  return p.store.store;
}

// `store.checkpoint_interval` in amas.yaml sets how often the open store folds its journal into a
// checkpoint. Before, the setting was read nowhere and the store kept its 30 s default.
let p: Project | undefined;
let dir: string | undefined;
afterEach(async () => {
  await p?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

function project(interval: string): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'amas-ckpt-'));
  fs.writeFileSync(path.join(d, 'amas.yaml'), `apiVersion: amas/v1\nname: ckpt\nstore: { path: .amas/amas.db, checkpoint_interval: ${interval} }\n`);
  fs.mkdirSync(path.join(d, 'agents.d'));
  fs.mkdirSync(path.join(d, 'workflows.d'));
  fs.writeFileSync(path.join(d, 'agents.d/a.yaml'), 'apiVersion: amas/v1\nid: a\ncapabilities:\n  say:\n    run:\n      template: { text: hi }\n');
  fs.writeFileSync(path.join(d, 'workflows.d/w.yaml'), 'apiVersion: amas/v1\nid: w\nsteps:\n  - id: s\n    task: say\n');
  return d;
}

describe('store.checkpoint_interval', () => {
  it('the open store checkpoints the changes of a run within the declared interval', async () => {
    dir = project('100ms');
    p = await openProject(dir);
    const before = embedded(p).stats().checkpointSeq;
    const r = await p.run('w');
    expect(r.status).toBe('completed');
    const seq = embedded(p).stats().seq;
    expect(seq).toBeGreaterThan(before);
    // Well under the 30 s default: only the declared 100 ms interval checkpoints this soon.
    const end = Date.now() + 5000;
    while (embedded(p).stats().checkpointSeq < seq && Date.now() < end) await new Promise((res) => setTimeout(res, 25));
    expect(embedded(p).stats().checkpointSeq).toBeGreaterThanOrEqual(seq);
  });
});
