import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { amasIn, copyProject, ROOT, startUp, until, type UpChild } from './up-child.ts';

// The engine's per-step/per-run knowledge rows (task_execution, workflow_execution) stay out of
// search unless asked, can be deleted, and expire after store.bookkeeping_retention (issue 18 item 6).

type Hit = { entry: { id: string; category: string } };
type Entry = { id: string; category: string };
const FIXTURE = path.join(ROOT, 'tests/fixtures/up/basic');

function json<T>(dir: string, args: string[]): T {
  const r = amasIn(dir, [...args, '--json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as T;
}

describe('without a runtime', { timeout: 90_000 }, () => {
  let dir: string;
  beforeAll(() => {
    dir = copyProject(FIXTURE);
    for (let i = 0; i < 2; i++) expect(amasIn(dir, ['run', 'hello', dir, '--input', 'name=zebra', '-q']).code).toBe(0);
    expect(amasIn(dir, ['knowledge', 'put', '--dir', dir, '--category', 'notes', '--content', '"zebras like short intros"']).code).toBe(0);
  }, 90_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('search finds the note, not the runs that mention zebra, unless asked', () => {
    const plain = json<Hit[]>(dir, ['knowledge', 'search', 'zebra*', '--dir', dir]);
    expect(plain.map((h) => h.entry.category)).toEqual(['notes']);
    const all = json<Hit[]>(dir, ['knowledge', 'search', 'zebra*', '--dir', dir, '--include-bookkeeping']);
    expect(new Set(all.map((h) => h.entry.category))).toEqual(new Set(['notes', 'task_execution', 'workflow_execution']));
    const named = json<Hit[]>(dir, ['knowledge', 'search', 'zebra*', '--dir', dir, '--category', 'task_execution']);
    expect(named.length).toBe(2);
    expect(named.every((h) => h.entry.category === 'task_execution')).toBe(true);
  });

  it('delete by id, and by category', () => {
    const tasks = json<Entry[]>(dir, ['knowledge', 'list', '--dir', dir, '--category', 'task_execution']);
    expect(tasks).toHaveLength(2);
    const one = amasIn(dir, ['knowledge', 'delete', tasks[0]!.id, '--dir', dir]);
    expect(one.code).toBe(0);
    expect(one.stdout).toBe('deleted 1 entry\n');
    expect(json<Entry[]>(dir, ['knowledge', 'list', '--dir', dir, '--category', 'task_execution']).map((e) => e.id)).toEqual([tasks[1]!.id]);
    const missing = amasIn(dir, ['knowledge', 'delete', 'kn_nope', '--dir', dir]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('1 of 1 ids matched no entry');
    const cat = json<{ deleted: number }>(dir, ['knowledge', 'delete', '--category', 'workflow_execution', '--dir', dir]);
    expect(cat.deleted).toBe(2);
    expect(json<Entry[]>(dir, ['knowledge', 'list', '--dir', dir]).map((e) => e.category).sort()).toEqual(['notes', 'task_execution']);
  });

  it('refuses a delete that names nothing, and a bad duration, with exit 2', () => {
    const none = amasIn(dir, ['knowledge', 'delete', '--dir', dir]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('nothing to delete');
    const bad = amasIn(dir, ['knowledge', 'delete', '--older-than', 'soon', '--dir', dir]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--older-than');
  });
});

// Long enough for the one CLI call between the run's end and the check that its entry is there
// (a second or two on a loaded machine), short enough not to make the file wait for long.
const RETENTION_S = 8;

describe('through amas up', () => {
  let dir: string;
  let up: UpChild | undefined;
  beforeAll(async () => {
    dir = copyProject(FIXTURE);
    fs.rmSync(path.join(dir, 'workflows.d/tick.yaml')); // only the runs this test makes
    const file = path.join(dir, 'amas.yaml');
    fs.writeFileSync(
      file,
      fs.readFileSync(file, 'utf8').replace('store: { path: .amas/amas.db }', `store: { path: .amas/amas.db, bookkeeping_retention: ${RETENTION_S}s }`).replace('runtime:\n', 'runtime:\n  cleanup_interval: 1s\n'),
    );
    up = await startUp(dir);
  }, 60_000);
  afterAll(async () => {
    await up?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('deletes over the control socket and expires bookkeeping after store.bookkeeping_retention', async () => {
    expect(amasIn(dir, ['knowledge', 'put', '--dir', dir, '--category', 'notes', '--content', '"keep me"']).code).toBe(0);
    expect(amasIn(dir, ['knowledge', 'put', '--dir', dir, '--category', 'scratch', '--content', '"drop me"']).code).toBe(0);
    const del = json<{ deleted: number }>(dir, ['knowledge', 'delete', '--category', 'scratch', '--dir', dir]);
    expect(del.deleted).toBe(1);
    // The run last, so that its bookkeeping is checked right after it is written, well within the retention.
    expect(amasIn(dir, ['run', 'hello', dir, '-q']).code).toBe(0);
    expect(json<Entry[]>(dir, ['knowledge', 'list', '--dir', dir, '--category', 'workflow_execution'])).toHaveLength(1);
    // Each poll is a whole CLI process and the expiry is seconds away: poll once a second, not back to back.
    await until(() => json<Entry[]>(dir, ['knowledge', 'list', '--dir', dir, '--category', 'workflow_execution']).length === 0, 'bookkeeping to expire', 60_000, 1000);
    expect(json<Entry[]>(dir, ['knowledge', 'list', '--dir', dir]).map((e) => e.category)).toEqual(['notes']);
  }, 120_000);
});
