// docs/diagnostics.md documents every code, and its example outputs are the golden outputs.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, test } from 'vitest';
import { CODES } from '../../../src/spec/index.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const DOC = readFileSync(join(ROOT, 'docs', 'diagnostics.md'), 'utf8');

test('every code has a section', () => {
  const headed = new Set([...DOC.matchAll(/^## (AMAS\d{3})$/gm)].map((m) => m[1]));
  expect(Object.keys(CODES).filter((c) => !headed.has(c))).toEqual([]);
  expect([...headed].filter((c) => !(c! in CODES))).toEqual([]);
});

test('every quoted output is what the golden case prints', () => {
  const blocks = [...DOC.matchAll(/<!-- golden: (err\/[a-z0-9-]+) -->\n```text\n([\s\S]*?)\n```/g)];
  expect(blocks.length).toBeGreaterThan(40);
  for (const [, name, block] of blocks) {
    const out = readFileSync(join(ROOT, 'tests', 'golden', `${name!}.out`), 'utf8');
    expect(out, name).toContain(block!);
  }
});
