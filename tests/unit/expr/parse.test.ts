import { describe, expect, it } from 'vitest';
import { ExprError, MAX_EXPR_LENGTH, parseTemplate } from '../../../src/expr/index.ts';

/** The error a template raises, with the exact text its offset/length point at. */
function parseError(text: string): { message: string; at: string; offset: number } {
  try {
    parseTemplate(text);
  } catch (err) {
    expect(err).toBeInstanceOf(ExprError);
    const e = err as ExprError;
    return { message: e.message, at: text.slice(e.offset, e.offset + e.length), offset: e.offset };
  }
  throw new Error(`expected ${JSON.stringify(text)} to fail`);
}

describe('parseTemplate', () => {
  it('marks a string that is exactly one expression as whole, surrounding whitespace allowed', () => {
    expect(parseTemplate('${{ inputs.topic }}').whole).toBe(true);
    expect(parseTemplate('  ${{ inputs.topic }}\n').whole).toBe(true);
    expect(parseTemplate('${{ a.b }}${{ a.c }}').whole).toBe(false);
    expect(parseTemplate('Topic: ${{ inputs.topic }}').whole).toBe(false);
  });

  it('splits text and expressions and records where each expression starts', () => {
    const t = parseTemplate('hi ${{ inputs.x }}!');
    expect(t.parts).toHaveLength(3);
    expect(t.parts[0]).toBe('hi ');
    const e = t.parts[1];
    if (typeof e === 'string' || e === undefined) throw new Error('expected an expression');
    expect(e.source).toBe(' inputs.x ');
    expect(e.offset).toBe(6);
    expect(e.ast.start).toBe(7);
    expect(t.parts[2]).toBe('!');
  });

  it('keeps text without expressions as one literal part', () => {
    expect(parseTemplate('plain text')).toEqual({ whole: false, parts: ['plain text'] });
  });

  it('does not end an expression at a }} inside a string literal', () => {
    const t = parseTemplate("${{ '}}' == x.y }}");
    expect(t.whole).toBe(true);
  });

  it('reports a missing operand at the end of the expression', () => {
    const e = parseError('${{ inputs.n + }}');
    expect(e.message).toMatch(/expected expression after \+/);
    expect(e.offset).toBe(14);
  });

  it('points an unclosed ${{ at the opening braces', () => {
    expect(parseError('text ${{ inputs.n ')).toMatchObject({ at: '${{', offset: 5 });
  });

  it('points an empty expression at the whole ${{ }}', () => {
    expect(parseError('x ${{ }} y')).toMatchObject({ message: 'empty expression', at: '${{ }}' });
  });

  it('points two juxtaposed expressions at the second one', () => {
    expect(parseError('${{ a b }}')).toMatchObject({ at: 'b' });
  });

  it('rejects operators the language does not have, at the operator', () => {
    expect(parseError('${{ inputs.n ** 2 }}')).toMatchObject({ at: '**', message: "operator '**' is not supported" });
    expect(parseError('${{ inputs.n | 2 }}')).toMatchObject({ at: '|' });
    expect(parseError('${{ ~inputs.n }}').message).toMatch(/'~' is not supported/);
  });

  it('rejects method calls at the callee', () => {
    expect(parseError('${{ inputs.topic.toUpperCase() }}')).toMatchObject({ at: 'inputs.topic.toUpperCase' });
  });

  it('rejects this, comma sequences and an unclosed bracket', () => {
    expect(parseError('${{ this }}').message).toMatch(/this/);
    expect(parseError('${{ (a, b) }}').message).toMatch(/comma/);
    expect(parseError('${{ a[1 }}').message).toMatch(/unclosed \[/i);
  });

  it('locates an error in the second expression of a template', () => {
    const text = '${{ a.b }} and ${{ c.d + }}';
    expect(parseError(text).offset).toBeGreaterThan(text.indexOf('c.d'));
  });

  it('bounds expression length and nesting instead of overflowing the stack', () => {
    expect(parseError(`\${{ ${'1+'.repeat(MAX_EXPR_LENGTH)}1 }}`).message).toMatch(/limit is 4096/);
    expect(parseError(`\${{ ${'('.repeat(1000)}1${')'.repeat(1000)} }}`).message).toMatch(/nested deeper/);
    expect(parseError(`\${{ ${'!'.repeat(1500)}true }}`).message).toMatch(/nested deeper/);
    expect(parseError(`\${{ ${'a+'.repeat(1000)}a }}`).message).toMatch(/nested deeper than 256/);
  });

  it('accepts kebab-case names after a dot, as step ids are kebab-case', () => {
    const t = parseTemplate('${{ steps.fetch-data.output }}');
    const e = t.parts[0];
    if (typeof e === 'string' || e === undefined) throw new Error('expected an expression');
    expect(e.ast).toMatchObject({ kind: 'member', name: 'output', object: { kind: 'member', name: 'fetch-data' } });
  });
});
