// docs/agents.md ("Declaring tools", "Validation"): each example file is the fixture project's
// file byte for byte, the example project validates cleanly through the real CLI, the broken one
// prints exactly the diagnostics the page quotes, and the page lists every agent-loop code.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, test } from 'vitest';
import { CODES } from '../../src/spec/index.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin', 'amas');
const EXAMPLES = join(ROOT, 'tests', 'fixtures', 'docs-examples');
const DOC = readFileSync(join(ROOT, 'docs', 'agents.md'), 'utf8');

function amas(args: string[], cwd: string) {
  return spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
}

test('every example file on the page is the fixture file, byte for byte', () => {
  const marked = [...DOC.matchAll(/<!-- example: (\S+) -->\n```yaml\n([\s\S]*?)```\n/g)];
  expect(marked.length).toBeGreaterThanOrEqual(6);
  for (const [, file, body] of marked) expect(body, file).toBe(readFileSync(join(EXAMPLES, file!), 'utf8'));
});

test('the declaring-tools example validates with no problems', () => {
  const r = amas(['validate', join(EXAMPLES, 'agents-tools')], ROOT);
  expect(r.stdout).toBe('no problems in 5 files\n');
  expect(r.status).toBe(0);
});

test('the validation example prints exactly what the page quotes, exit 1', () => {
  const quoted = /<!-- validate: (\S+) -->\n```text\n([\s\S]*?)\n```/.exec(DOC);
  expect(quoted).not.toBeNull();
  const r = amas(['validate'], join(EXAMPLES, quoted![1]!));
  expect(r.stdout).toBe(`${quoted![2]!}\n`);
  expect(r.stdout).toMatch(/AMAS318[\s\S]*AMAS320|AMAS320[\s\S]*AMAS318/);
  expect(r.stdout).toContain('strategist.plan_week → writer.write_post → strategist.plan_week');
  expect(r.status).toBe(1);
});

test('the validation table lists every agent-loop code, each one a real code', () => {
  const listed = [...DOC.matchAll(/^\| (AMAS\d{3}) \|/gm)].map((m) => m[1]!).sort();
  const loopCodes = Object.keys(CODES).filter((c) => c >= 'AMAS318' && c <= 'AMAS327');
  expect(listed).toEqual(loopCodes);
  expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain('(docs/agents.md)');
});
