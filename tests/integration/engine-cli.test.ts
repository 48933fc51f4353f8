// `amas run` and `amas runs` as a user meets them: exit codes, outputs, progress, bad usage.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/amas');
let dir: string;

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist/cli/main.js'))) spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  dir = mkdtempSync(join(tmpdir(), 'amas-cli-'));
  cpSync(join(ROOT, 'tests/fixtures/engine/project'), dir, { recursive: true });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function amas(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('amas run', () => {
  it('prints outputs as lines, progress on stderr, and exits 0 when the run completes', () => {
    const r = amas('run', 'diamond', '.', '--input', 'n=3');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('d: 24\nc: skipped\n');
    expect(r.stderr).toMatch(/^run run_\S+ diamond: 4 steps$/m);
    expect(r.stderr).toMatch(/✓ a .*\[1\/4\]/);
    expect(r.stderr).toMatch(/↷ c skipped: condition was false/);
    expect(r.stderr).toMatch(/completed in/);
  }, 60_000);

  it('prints the whole result with --json; inputs are typed by the input schema', () => {
    const r = amas('run', 'diamond', '.', '--input', 'n=5', '--json', '--quiet');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ workflow: 'diamond', status: 'completed', outputs: { d: 40, c: 'skipped' }, steps: { a: { status: 'completed', output: { n: 10 } } } });
    expect(amas('runs', 'show', j.id, '--json').stdout).toContain('"status": "completed"');
  }, 60_000);

  it('reads --input-file (YAML or JSON); --input wins', () => {
    writeFileSync(join(dir, 'in.yaml'), 'n: 1\n');
    expect(JSON.parse(amas('run', 'diamond', '.', '--input-file', 'in.yaml', '--json', '-q').stdout).outputs.d).toBe(8);
    expect(JSON.parse(amas('run', 'diamond', '.', '--input-file', 'in.yaml', '-i', 'n=2', '--json', '-q').stdout).outputs.d).toBe(16);
  }, 60_000);

  it('exits 1 when the run fails', () => {
    const r = amas('run', 'contracts', '.', '--input', 'n=x');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/✗ typed: /);
    expect(r.stderr).toMatch(/run run_\S+ failed/);
  }, 60_000);

  it('exits 2 on bad usage: unknown workflow (with a suggestion), malformed or invalid --input', () => {
    const unknown = amas('run', 'diamnod', '.');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no workflow "diamnod"');
    expect(unknown.stderr).toContain('did you mean "diamond"?');
    expect(amas('run', 'diamond', '.', '--input', 'n').code).toBe(2);
    const invalid = amas('run', 'diamond', '.', '--input', 'n=abc');
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain('input "n": must be integer');
    expect(amas('run', 'diamond', '.', '--input-file', 'missing.json').code).toBe(2);
  }, 60_000);

  it('refuses an invalid project with its diagnostics, exit 1', () => {
    const bad = mkdtempSync(join(tmpdir(), 'amas-cli-bad-'));
    try {
      cpSync(join(ROOT, 'tests/fixtures/engine/project'), bad, { recursive: true });
      writeFileSync(join(bad, 'workflows.d', 'broken.yaml'), 'apiVersion: amas/v1\nid: broken\nsteps:\n  - id: x\n    task: nothing_like_it\n');
      const r = amas('run', 'diamond', bad);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/workflows\.d\/broken\.yaml:\d+:\d+: error/);
    } finally {
      rmSync(bad, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('amas runs', () => {
  it('lists runs newest first, filters by status, and refuses to cancel or resume a finished run', () => {
    const list = JSON.parse(amas('runs', 'list', '--json').stdout) as { id: string; status: string; workflow: string }[];
    expect(list.length).toBeGreaterThanOrEqual(4);
    const failed = JSON.parse(amas('runs', 'list', '--status', 'failed', '--json').stdout) as { status: string }[];
    expect(failed.every((r) => r.status === 'failed')).toBe(true);
    expect(failed.length).toBeGreaterThanOrEqual(1);
    expect(amas('runs', 'list', '--status', 'bogus').code).toBe(2);
    expect(amas('runs', 'cancel', list[0]!.id).code).toBe(2);
    expect(amas('runs', 'resume', list[0]!.id).code).toBe(2);
    expect(amas('runs', 'show', 'run_nope').code).toBe(2);
    expect(amas('runs', 'list').stdout).toMatch(/diamond\s+completed/);
  }, 60_000);
});
