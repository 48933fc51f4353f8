import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openProject } from '../../src/runtime/index.ts';

// A capability's `writes:` categories receive its results; `knowledge(category, limit)` in a
// later step's `with` reads them back, newest first — through a real file store.
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'amas-kn-'));
  cpSync(resolve('tests/fixtures/knowledge/project'), dir, { recursive: true });
  dirs.push(dir);
  return dir;
}

describe('knowledge in runs', () => {
  it('stores a result under the capability’s writes category and reads it back with knowledge()', async () => {
    const dir = project();
    let p = await openProject(dir);
    const first = await p.run('remember', { text: 'alpha' });
    expect(first.status).toBe('completed');
    expect(first.outputs?.seen).toEqual([{ text: 'alpha', length: 5 }]);
    await p.close();

    // A second run, after a reopen: the note survived, and the newest comes first.
    p = await openProject(dir);
    const second = await p.run('remember', { text: 'beta' });
    expect(second.outputs?.seen).toEqual([{ text: 'beta', length: 4 }, { text: 'alpha', length: 5 }]);
    const notes = await p.store.knowledge.retrieve({ category: 'notes' });
    expect(notes.map((n) => [n.agentId, (n.content as { text: string }).text])).toEqual([
      ['scribe', 'beta'],
      ['scribe', 'alpha'],
    ]);
    expect(notes[0]!.metadata).toMatchObject({ run_id: second.id, step: 'write', task: 'note', agent: 'scribe' });
    await p.close();
  });
});
