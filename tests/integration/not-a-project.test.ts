// A directory with no amas.yaml, agents.d/ or workflows.d/ is not an amas project: every command
// that takes a project directory (except `init`, which makes one) refuses it with exit 2 and the
// path, and leaves it as it was — no `.amas/`, no store, no "no problems in 0 files".
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin', 'amas');
let tmp: string;
let empty: string;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'amas-not-a-project-'));
  empty = join(tmp, 'empty');
  mkdirSync(empty);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function amas(args: string[], cwd: string) {
  return spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', AMAS_DEBUG: '' }, timeout: 20_000 });
}

describe('an empty directory is refused', () => {
  const cases: [string, string[]][] = [
    ['validate', ['validate', '.']],
    ['validate --format json', ['validate', '--format', 'json']],
    ['run', ['run', 'hello']],
    ['run --store', ['run', 'hello', '.', '--store', ':memory:']],
    ['status', ['status']],
    ['knowledge put', ['knowledge', 'put', '-c', 'notes', '--content', 'hello']],
    ['up', ['up', '--no-tui']],
    ['runs list', ['runs', 'list']],
    ['graph', ['graph', 'hello']],
    ['health', ['health']],
  ];
  for (const [name, args] of cases) {
    test(name, () => {
      const r = amas(args, empty);
      expect(r.stderr).toContain(`not an amas project: ${empty}`);
      expect(r.stderr).toContain('amas init');
      expect(r.status).toBe(2);
      expect(r.stdout).not.toContain('no problems');
      expect(readdirSync(empty)).toEqual([]);
    });
  }

  test('the path given on the command line is the one named', () => {
    const r = amas(['validate', 'empty'], tmp);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`not an amas project: ${empty}`);
  });
});

describe('any one marker makes a project', () => {
  test('a directory with only workflows.d/ validates', () => {
    const dir = join(tmp, 'only-workflows');
    mkdirSync(join(dir, 'workflows.d'), { recursive: true });
    const r = amas(['validate'], dir);
    expect(r.stderr).not.toContain('not an amas project');
    expect(r.status).toBe(0);
  });
  test('a directory with only amas.yaml validates', () => {
    const dir = join(tmp, 'only-config');
    mkdirSync(dir);
    writeFileSync(join(dir, 'amas.yaml'), 'apiVersion: amas/v1\nname: demo\n');
    const r = amas(['validate'], dir);
    expect(r.stderr).not.toContain('not an amas project');
    expect(r.status).toBe(0);
  });
});
