// AMAS111: an unquoted `${{ }}` inside a flow collection is one diagnostic with the quoted form,
// not the YAML parser's cascade; the file's other syntax errors are still reported.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { loadProject } from '../../../src/spec/index.ts';

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

async function diags(text: string): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'amas-flow-expr-'));
  made.push(dir);
  mkdirSync(join(dir, 'workflows.d'));
  writeFileSync(join(dir, 'workflows.d', 'w.yaml'), text);
  const r = await loadProject(dir, { env: {} });
  return r.diagnostics.filter((d) => d.code.startsWith('AMAS1')).map((d) => `${d.line}:${d.column}-${d.endColumn} ${d.code}${d.hint ? ` ${d.hint}` : ''}`);
}

const head = 'id: w\ninputs:\n  feed: { type: string }\nsteps:\n  - id: a\n    task: t\n';

test('one diagnostic per unquoted expression in a flow mapping, with the quoted line as the fix', async () => {
  expect(await diags(`${head}    with: { base: \${{ inputs.feed }}, other: 1 }\n  - id: b\n    task: t\n    needs: [a]\n`)).toEqual([
    '7:19-37 AMAS111 quote the value: with: { base: "${{ inputs.feed }}", other: 1 }',
  ]);
});

test('a flow sequence, and text around the expression, are quoted as one value', async () => {
  expect(await diags(`${head}    with: { urls: [http://x/\${{ inputs.feed }}/y, z] }\n`)).toEqual([
    '7:29-47 AMAS111 quote the value: with: { urls: ["http://x/${{ inputs.feed }}/y", z] }',
  ]);
});

test('another syntax error in the same file is still reported, at its place', async () => {
  const out = await diags(`${head}    with: { base: \${{ inputs.feed }} }\n  - id: b\n    task: [t\n`);
  expect(out[0]).toMatch(/^7:19-37 AMAS111 /);
  expect(out.slice(1).length).toBeGreaterThan(0);
  expect(out.slice(1).every((d) => d.includes('AMAS101') && Number(d.split(':')[0]) >= 9)).toBe(true);
});

test('block style needs no quotes, and a quoted expression in a flow map is fine', async () => {
  expect(await diags(`${head}    with:\n      base: \${{ inputs.feed }}\n  - id: b\n    task: t\n    with: { base: "\${{ inputs.feed }}" }\n`)).toEqual([]);
});
