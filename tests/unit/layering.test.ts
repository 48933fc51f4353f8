// The layering check (.dependency-cruiser.cjs, run by `npm run lint`) must refuse each kind of
// violation: a real dependency-cruiser run over tests/fixtures/layering, a tiny src/ tree that
// commits one of each.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CRUISE = path.join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const CONFIG = path.join(ROOT, '.dependency-cruiser.cjs');

/** Runs the check as `npm run lint` does (the `err` reporter, whose exit code fails the lint). */
function cruise(cwd: string): { status: number | null; violations: string[] } {
  const r = spawnSync(process.execPath, [CRUISE, '--config', CONFIG, '--output-type', 'err', 'src'], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  const violations = [...`${r.stdout}${r.stderr}`.matchAll(/^\s*error (\S+): (\S+) → (\S+)$/gm)].map(
    ([, rule, from, to]) => `${rule}: ${from} → ${to!.replace(/^(\.\.\/)+node_modules\//, 'node_modules/')}`,
  );
  return { status: r.status, violations };
}

describe('the layering check', () => {
  it('refuses each kind of violation in the fixture tree', () => {
    const { status, violations } = cruise(path.join(ROOT, 'tests/fixtures/layering'));
    expect(status).not.toBe(0);
    expect(violations.sort()).toEqual(
      [
        'index-only: src/runtime/deep.ts → src/agents/pool.ts',
        'layer-store: src/store/upward.ts → src/engine/index.ts',
        // A dynamic import() counts like a static one.
        'layer-tui: src/tui/dynamic.ts → src/store/index.ts',
        // A path inside a library counts like its bare name.
        'library-sql.js: src/tui/deep-library.ts → node_modules/sql.js/dist/sql-wasm.js',
        'library-ink: src/cli/library.ts → node_modules/ink/build/index.d.ts',
        'not-to-unresolvable: src/engine/typo.js → ./no-such-file.js',
        'package-main: src/index.ts → src/agents/index.ts',
      ].sort(),
    );
  }, 60_000);

  it('passes on the project itself', () => {
    const { status, violations } = cruise(ROOT);
    expect(violations).toEqual([]);
    expect(status).toBe(0);
  }, 120_000);
});
