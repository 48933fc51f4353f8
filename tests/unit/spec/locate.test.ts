import { LineCounter, parseDocument, type Document } from 'yaml';
import { describe, expect, test } from 'vitest';
import { locate, pointerToPath, valueOffsetToSource } from '../../../src/spec/locate.ts';

function doc(text: string): { d: Document.Parsed; lc: LineCounter; text: string } {
  const lc = new LineCounter();
  return { d: parseDocument(text, { lineCounter: lc }) as Document.Parsed, lc, text };
}

function at(text: string, path: (string | number)[], target: 'key' | 'value' = 'value') {
  const { d, lc } = doc(text);
  const loc = locate(d, text, path, target);
  return { ...lc.linePos(loc.start), text: text.slice(loc.start, loc.end), exact: loc.exact };
}

const WF = `id: flow
steps:
  - id: draft
    task: write
    timeout: banana
    with:
      topic: cats
`;

describe('locate maps a data path onto the YAML source', () => {
  test('a scalar value: the value itself', () => {
    expect(at(WF, ['steps', 0, 'timeout'])).toEqual({ line: 5, col: 14, text: 'banana', exact: true });
  });
  test('a key, when asked for the key (unknown keys)', () => {
    expect(at(WF, ['steps', 0, 'timeout'], 'key')).toEqual({ line: 5, col: 5, text: 'timeout', exact: true });
  });
  test('a mapping value: its key, since the mapping spans lines', () => {
    expect(at(WF, ['steps', 0, 'with'])).toMatchObject({ line: 6, col: 5, text: 'with' });
  });
  test('a sequence item that is a mapping: its first line', () => {
    expect(at(WF, ['steps', 0])).toMatchObject({ line: 3, col: 5, text: 'id: draft' });
  });
  test('a missing path: the nearest existing ancestor, marked inexact', () => {
    expect(at(WF, ['steps', 0, 'with', 'tone'])).toMatchObject({ line: 6, text: 'with', exact: false });
    expect(at(WF, ['steps', 3, 'id'])).toMatchObject({ line: 2, text: 'steps', exact: false });
  });
  test('flow collections and quoted scalars', () => {
    const text = 'concurrency: { max_runs: 0, overlap: "sometimes" }\n';
    expect(at(text, ['concurrency', 'overlap'])).toMatchObject({ line: 1, col: 38, text: '"sometimes"' });
  });
  test('the root, for errors about the whole document', () => {
    expect(at('- a\n- b\n', [])).toMatchObject({ line: 1, col: 1, text: '- a' });
  });
});

test('pointerToPath decodes JSON Pointer escapes', () => {
  expect(pointerToPath('')).toEqual([]);
  expect(pointerToPath('/steps/0/with/a~1b~0c')).toEqual(['steps', '0', 'with', 'a/b~c']);
});

describe('valueOffsetToSource finds an expression inside a scalar', () => {
  test('plain scalar', () => {
    const text = 'topic: ${{ inputs.topc }}\n';
    const value = '${{ inputs.topc }}';
    expect(valueOffsetToSource(text, 7, 25, value, 4)).toBe(11);
  });
  test('double-quoted scalar with an escape before the expression', () => {
    const text = 'x: "a\\tb ${{ steps.s.output }}"\n';
    const value = 'a\tb ${{ steps.s.output }}';
    const off = value.indexOf('steps');
    expect(text.slice(valueOffsetToSource(text, 3, 31, value, off)).startsWith('steps.s.output')).toBe(true);
  });
  test('block literal: the second of two equal expressions', () => {
    const text = 'p: |\n  one ${{ input.a }}\n  two ${{ input.a }}\n';
    const value = 'one ${{ input.a }}\ntwo ${{ input.a }}\n';
    const off = value.lastIndexOf('input.a');
    const src = valueOffsetToSource(text, 3, text.length, value, off);
    expect(text.slice(0, src).split('\n').length).toBe(3);
    expect(text.slice(src).startsWith('input.a')).toBe(true);
  });
});
