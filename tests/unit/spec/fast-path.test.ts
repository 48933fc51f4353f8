// The loader's fast path (js-yaml, no positions) must either give up or read a file exactly as the
// full path (`yaml` with positions) does: same data, same key order, same numbers (-0, NaN), no
// YAML error or warning, same line starts. Checked differentially over every YAML file of the
// repository, hand-written edge cases, and line-level mutations of both.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LineCounter, parseAllDocuments } from 'yaml';
import { describe, expect, test } from 'vitest';
import { fastData } from '../../../src/spec/loader/fast.ts';
import { fillLines } from '../../../src/spec/loader/parse.ts';

const ROOT = resolve(import.meta.dirname, '../../..');

function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === '.git' || name === 'dist') continue;
    const p = join(dir, name);
    let st;
    try {
      st = statSync(p);
    } catch {
      continue;
    }
    if (st.isDirectory()) yamlFiles(p, out);
    else if (/\.ya?ml$/i.test(name) && st.size < 200_000) out.push(p);
  }
  return out;
}

/** Deep equality with Object.is on leaves and the same key order. */
function same(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length || ka.some((k, i) => k !== kb[i])) return false;
  return ka.every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** Undefined when the paths agree; else what differs. */
function disagreement(text: string): string | undefined {
  const fast = fastData(text);
  if (fast === undefined) return undefined;
  const lc = new LineCounter();
  const docs = parseAllDocuments(text, { uniqueKeys: true, prettyErrors: false, strict: true, lineCounter: lc });
  const list = (Array.isArray(docs) ? docs : [docs]).filter((d) => d.contents !== null || d.errors.length > 0);
  if (list.length !== 1) return `fast path read ${list.length} documents as one`;
  const doc = list[0]!;
  if (doc.errors.length > 0) return `fast path accepted a YAML error: ${doc.errors[0]!.message}`;
  if (doc.warnings.length > 0) return `fast path hid a YAML warning: ${doc.warnings[0]!.message}`;
  const full = doc.toJS({ maxAliasCount: 100 }) as unknown;
  if (!same(fast, full)) return `data differs: ${JSON.stringify(fast)} vs ${JSON.stringify(full)}`;
  const filled = new LineCounter();
  fillLines(filled, text);
  if (!same(filled.lineStarts, lc.lineStarts)) return 'line starts differ';
  return undefined;
}

const EDGE = [
  'a: 1_000\nb: 0o17\nc: 0x1F\nd: +5\ne: -0\nf: .5\ng: 1e3\nh: 1.0e+3\ni: .inf\nj: -.Inf\nk: .NaN\nl: 0b101\nm: 017\nn: 1.50\no: 12:30\np: 2024-01-01\n',
  'a: yes\nb: no\nc: on\nd: ~\ne:\nf: Null\ng: TRUE\nh: False\ni: tRUE\nj: "true"\nk: \'1\'\n',
  '1: a\ntrue: b\n1.5: c\n0x10: d\n-0: e\n.nan: f\n',
  '~: a\n', 'null: a\n', ': a\n', 'a:\n  ? b\n  : c\n', '[a, b]: c\n', '{a: 1}: b\n', 'a: b\na: c\n', 'a: b\n"a": c\n',
  'a: |\n  line 1\n   line 2\n\n  last\n\n\nb: >\n  folded\n  text\n\n  para\nc: |-\n  x\nd: |+\n  y\n\ne: >2\n   indented\nf: x\n',
  'a: b#c\nb: "c"#d\nc: d # e\nd: "it\'s"\ne: \'it\'\'s\'\nf: "\\u00e9\\t\\x41\\N\\_"\ng: "a\\\nb"\n',
  'a: plain\n  continued\n  lines\nb: "quoted\n  over lines"\nc: [a,\n  b]\nd: {x: 1,\n y: 2}\n',
  'a:\n- b\n- c\nd:\n  - - e\n    - f\n  - g: h\n    i: j\n',
  'a: &x 1\nb: *x\n', 'a: *x\n', 'a: !!str 1\nb: !!int "2"\nc: ! 3\nd: !foo bar\n', '%YAML 1.2\n---\na: 1\n', '---\na: 1\n', 'a: 1\n---\nb: 2\n', 'a: 1\n...\n',
  '<<: {a: 1}\nb: 2\n', '__proto__: {a: 1}\n', 'toString: 1\nconstructor: 2\nhasOwnProperty: 3\n', '', '# only a comment\n', 'x\n', '- a\n- b\n', '"a"\n',
  'a: "x"y\n', 'a: [b, c]d\n', 'a: b: c\n', 'a:\n  b: 1\n c: 2\n', 'a:\n\tb: 1\n', 'a: 1\r\nb: 2\r\n', 'a: "${{ x != y && !z }}"\nb: ${{ a || b }}\n', 'a: [b, "c, d", \'e]\', {f: g}]\n',
  'a:    \n  b\n', 'a: - b\n', '- a: 1\n  - b\n', 'a: {b: [c, {d: e}]}\n', 'a: @b\n', 'a: `b\n', 'a: %b\n', 'a: | \n  x\n', 'a: "\\q"\n', 'a: \'\'\nb: ""\n', 'a: -\nb: - \n',
  `a: ${'k'.repeat(1100)}\n`, `${'k'.repeat(1100)}: a\n`, 'a: b\n  # comment\n  c: d\n', '   \na: b\n', 'a: b\n\n\n', 'a: b', 'a:\n  - b\n  -\n  - ~\n', 'a: { }\nb: [ ]\nc: {b}\nd: [a: b]\n',
];

/** Small edits per line: the kind of near-miss a person writes. */
function mutations(text: string): string[] {
  const lines = text.split('\n');
  const out: string[] = [];
  const edits = [() => '', (l: string) => ` ${l}`, (l: string) => l.slice(1), (l: string) => `${l}: x`, (l: string) => `${l} #c`, (l: string) => l.replace(/:/, ''), (l: string) => l.replace(/ /, '\t'), (l: string) => `${l}\n${l}`, (l: string) => l.replace(/"/, ''), (l: string) => `  ${l}`, (l: string) => l.replace(/^( *)- /, '$1'), (l: string) => l.replace(/^( *)/, '$1- '), (l: string) => l.replace(/: .*/, ':'), (l: string) => l.replace(/ #.*/, '')];
  for (let i = 0; i < lines.length; i++) {
    for (const e of edits) {
      const copy = [...lines];
      copy[i] = e(lines[i]!);
      out.push(copy.join('\n'));
    }
    if (i + 1 < lines.length) out.push([...lines.slice(0, i), lines[i + 1]!, lines[i]!, ...lines.slice(i + 2)].join('\n'));
  }
  return out;
}

describe('fast path agrees with the full path or gives up', () => {
  const files = yamlFiles(ROOT).map((p) => ({ name: p.slice(ROOT.length + 1), text: readFileSync(p, 'utf8') }));
  const cases = [...files, ...EDGE.map((text, i) => ({ name: `edge ${i}`, text }))];

  test('whole files and edge cases', () => {
    const bad = cases.map((c) => ({ name: c.name, why: disagreement(c.text) })).filter((x) => x.why);
    expect(bad).toEqual([]);
    // The fast path is actually taken for ordinary specs.
    expect(files.filter((f) => f.name.startsWith('agents.d/') && fastData(f.text)).length).toBeGreaterThan(0);
  });

  test('line-level mutations', () => {
    const bad: { name: string; text: string; why: string }[] = [];
    for (const c of cases) {
      if (c.text.length > 20_000) continue;
      for (const text of mutations(c.text)) {
        const why = disagreement(text);
        if (why) bad.push({ name: c.name, text, why });
      }
    }
    expect([...new Map(bad.map((b) => [b.why.slice(0, 60), b])).values()].slice(0, 8)).toEqual([]);
  }, 120_000);
});
