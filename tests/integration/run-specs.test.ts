// A run is pinned to the spec it started with. When the store no longer holds that spec, the
// run must not "complete" as an empty workflow: `amas runs resume` refuses, naming the hash,
// and the start-up resume of `amas up` ends it as failed.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Runtime } from '../../src/runtime/index.ts';
import { openStore, projectStorePath } from '../../src/store/index.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/amas');
let dir: string;

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist/cli/main.js'))) spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  dir = mkdtempSync(join(tmpdir(), 'amas-run-specs-'));
  cpSync(join(ROOT, 'tests/fixtures/engine/project'), dir, { recursive: true });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function amas(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs `diamond` to completion, then makes the store look as if the run were cut off and its pinned spec lost. */
async function unfinishedRunWithoutSpec(): Promise<{ id: string; hash: string }> {
  const r = amas('run', 'diamond', '.', '--input', 'n=3', '--json', '--quiet');
  expect(r.code).toBe(0);
  const id = (JSON.parse(r.stdout) as { id: string }).id;
  const store = await openStore(projectStorePath(dir));
  try {
    const hash = store.runs.get(id)!.specHash!;
    await store.transaction((tx) => {
      tx.run("UPDATE runs SET status = 'running', ended_at = NULL, outputs = NULL WHERE id = ?", [id]);
      tx.run("UPDATE steps SET status = 'running', ended_at = NULL WHERE run_id = ? AND step_id = 'd'", [id]);
      tx.run('DELETE FROM run_specs WHERE hash = ?', [hash]);
    });
    return { id, hash };
  } finally {
    await store.close();
  }
}

describe('a run whose pinned spec is missing', () => {
  it('`amas runs resume` refuses with a message naming the hash; `runs show` still shows the run', async () => {
    const { id, hash } = await unfinishedRunWithoutSpec();
    const r = amas('runs', 'resume', id);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(hash);
    expect(r.stderr).toMatch(/does not hold/);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    const shown = JSON.parse(amas('runs', 'show', id, '--json').stdout) as { status: string; steps: Record<string, { status: string }> };
    expect(shown.status).toBe('running');
    expect(Object.keys(shown.steps).sort()).toEqual(['a', 'b', 'c', 'd']);
  }, 60_000);

  it('the start-up resume of `amas up` fails it, naming the hash, instead of completing it with no steps', async () => {
    const { id, hash } = await unfinishedRunWithoutSpec();
    const rt = await Runtime.start(dir, { control: false, watch: false });
    await rt.stop(0);
    const shown = JSON.parse(amas('runs', 'show', id, '--json').stdout) as { status: string; error: string };
    expect(shown.status).toBe('failed');
    expect(shown.error).toContain(hash);
  }, 60_000);
});
