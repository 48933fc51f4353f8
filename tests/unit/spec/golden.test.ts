// Golden pairs, as actionlint keeps them: tests/golden/err/<case>/ is a small project and
// <case>.out its exact text output; tests/golden/ok/<case>/ must produce nothing.
// Regenerate after an intended change with UPDATE_GOLDEN=1 and review the diff.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { CODES, formatDiagnostics, loadProject } from '../../../src/spec/index.ts';

const ROOT = fileURLToPath(new URL('../../golden/', import.meta.url));
const UPDATE = process.env.UPDATE_GOLDEN === '1';

function cases(kind: 'ok' | 'err'): string[] {
  return readdirSync(join(ROOT, kind), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

/**
 * Codes that need a file no repository should hold (over 5 MB), a bug, or a live MCP server
 * (`validate --online`: tests/integration/validate-online.test.ts), or that only a workflow
 * submitted at run time can produce (AMAS603: tests/integration/secrets-model.test.ts): covered by
 * integration tests.
 */
const NOT_GOLDEN = new Set(['AMAS100', 'AMAS103', 'AMAS314', 'AMAS315', 'AMAS326', 'AMAS603']);

describe('golden err cases print exactly their .out', () => {
  for (const name of cases('err')) {
    test(name, async () => {
      const { diagnostics, model } = await loadProject(join(ROOT, 'err', name), { env: {} });
      const out = formatDiagnostics(diagnostics, 'text', { files: model.files });
      const file = join(ROOT, 'err', `${name}.out`);
      if (UPDATE) writeFileSync(file, out);
      expect(existsSync(file), `${file} is missing; run with UPDATE_GOLDEN=1`).toBe(true);
      expect(out).toBe(readFileSync(file, 'utf8'));
      expect(diagnostics.length).toBeGreaterThan(0);
    });
  }
});

describe('golden ok cases print nothing', () => {
  for (const name of cases('ok')) {
    test(name, async () => {
      const { diagnostics, ok, model } = await loadProject(join(ROOT, 'ok', name), { env: {} });
      expect(formatDiagnostics(diagnostics, 'text', { files: model.files })).toBe('');
      expect(ok).toBe(true);
    });
  }
});

test('every diagnostic code has a golden err case', () => {
  const outs = cases('err').map((n) => readFileSync(join(ROOT, 'err', `${n}.out`), 'utf8')).join('\n');
  const missing = Object.keys(CODES).filter((c) => !NOT_GOLDEN.has(c) && !outs.includes(` ${c}: `));
  expect(missing).toEqual([]);
});
