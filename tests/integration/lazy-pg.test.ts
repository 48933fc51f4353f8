// A project on the embedded store never loads the PostgreSQL client library: pg is imported
// when a PostgreSQL store, worker or leader lock is opened (src/store/pg/pool.ts, loadPg). Loaded
// at start-up it held ≈ 3 MB of heap in every process, which each major garbage collection of a
// running workflow marked again (bench/README.md, "engine").
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/amas');
let dir: string;

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist/cli/main.js'))) spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  dir = mkdtempSync(join(tmpdir(), 'amas-lazy-pg-'));
  cpSync(join(ROOT, 'tests/fixtures/engine/project'), dir, { recursive: true });
  // Preloaded into the CLI's process: at exit, the CommonJS modules it loaded (pg and sql.js are
  // CommonJS, loaded through import, and land in the module cache like required ones).
  writeFileSync(
    join(dir, 'probe.cjs'),
    `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(join(dir, 'loaded.json'))}, JSON.stringify(Object.keys(require('node:module')._cache))));\n`,
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the PostgreSQL client library', () => {
  it('is not loaded by amas run on the embedded store', () => {
    const r = spawnSync(process.execPath, [BIN, 'run', 'diamond', '.', '--input', 'n=3'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', NODE_OPTIONS: `--require ${join(dir, 'probe.cjs')}` },
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe('d: 24\nc: skipped\n');
    const loaded = JSON.parse(readFileSync(join(dir, 'loaded.json'), 'utf8')) as string[];
    const lib = (name: string) => loaded.filter((f) => f.split(/[\\/]/).includes('node_modules') && f.split(/[\\/]node_modules[\\/]/).at(-1)!.startsWith(`${name}/`));
    // The probe sees libraries loaded through import: the embedded store's sql.js is one.
    expect(lib('sql.js').length).toBeGreaterThan(0);
    expect(lib('pg')).toEqual([]);
    expect(lib('pg-protocol')).toEqual([]);
  }, 60_000);
});
