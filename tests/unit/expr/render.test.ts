import { describe, expect, it } from 'vitest';
import { ExprError, parseTemplate, render, templateCache, type Scope } from '../../../src/expr/index.ts';

const scope: Scope = {
  inputs: { topic: 'AI', n: 3, flag: false, tags: ['a', 'b'], nothing: null },
  steps: { draft: { output: { title: 'T', meta: { lang: 'en' } }, status: 'succeeded' } },
  run: { id: 'r1', workflow: 'w', attempt: 1 },
};

describe('render', () => {
  it('keeps the type of a string that is one whole expression', () => {
    expect(render('${{ inputs.n }}', scope)).toBe(3);
    expect(render('${{ inputs.flag }}', scope)).toBe(false);
    expect(render(' ${{ inputs.tags }}\n', scope)).toEqual(['a', 'b']);
    expect(render('${{ steps.draft.output.meta }}', scope)).toEqual({ lang: 'en' });
    expect(render('${{ inputs.nothing }}', scope)).toBeNull();
    expect(render('${{ inputs.missing }}', scope)).toBeUndefined();
  });

  it('turns embedded expressions into text: objects as JSON, null and undefined as empty', () => {
    expect(render('n=${{ inputs.n }} flag=${{ inputs.flag }}', scope)).toBe('n=3 flag=false');
    expect(render('meta: ${{ steps.draft.output.meta }}', scope)).toBe('meta: {"lang":"en"}');
    expect(render('[${{ inputs.nothing }}][${{ inputs.missing }}]', scope)).toBe('[][]');
    expect(render('${{ inputs.topic }}${{ inputs.n }}', scope)).toBe('AI3');
  });

  it('renders deeply through objects and arrays, leaving other values alone', () => {
    const value = { topic: '${{ inputs.topic }}', list: ['${{ inputs.n }}', 2, { deep: 'x ${{ run.id }}' }], on: true, none: null };
    expect(render(value, scope)).toEqual({ topic: 'AI', list: [3, 2, { deep: 'x r1' }], on: true, none: null });
    expect(value.topic).toBe('${{ inputs.topic }}');
  });

  it('returns strings without expressions unchanged', () => {
    expect(render('no templates { here }', scope)).toBe('no templates { here }');
  });

  it('locates errors within the failing string and says where in the value it is', () => {
    const text = 'Count: ${{ inputs.topic * 2 }}';
    try {
      render({ with: { items: ['ok', text] } }, scope);
      throw new Error('expected an error');
    } catch (err) {
      expect(err).toBeInstanceOf(ExprError);
      const e = err as ExprError;
      expect(text.slice(e.offset, e.offset + e.length)).toBe('inputs.topic * 2');
      expect(e.path).toEqual(['with', 'items', 1]);
    }
  });

  it('reports a parse error through render with its path, twice in a row (cached)', () => {
    for (let i = 0; i < 2; i++) {
      try {
        render({ a: '${{ a + }}' }, scope);
        throw new Error('expected an error');
      } catch (err) {
        expect((err as ExprError).path).toEqual(['a']);
      }
    }
  });
});

describe('template cache', () => {
  it('parses a template once and reuses it', () => {
    templateCache.clear();
    const a = parseTemplate('cached ${{ inputs.n }}');
    const b = parseTemplate('cached ${{ inputs.n }}');
    expect(b).toBe(a);
    expect(templateCache.size).toBe(1);
  });

  it('stays within its bound, evicting the least recently used entry', () => {
    templateCache.clear();
    const key = (i: number) => `\${{ inputs.k${i} }}`;
    const first = parseTemplate(key(0));
    const second = parseTemplate(key(1));
    for (let i = 2; i < templateCache.max; i++) parseTemplate(key(i));
    expect(templateCache.size).toBe(templateCache.max);
    expect(parseTemplate(key(0))).toBe(first); // a hit makes k0 the most recent
    parseTemplate(key(templateCache.max)); // one past the bound: k1 is now the oldest
    expect(templateCache.size).toBe(templateCache.max);
    expect(parseTemplate(key(0))).toBe(first);
    expect(parseTemplate(key(1))).not.toBe(second);
  });

  it('caches failures too, so a bad template is parsed once', () => {
    templateCache.clear();
    expect(() => parseTemplate('${{ a + }}')).toThrow(ExprError);
    expect(templateCache.size).toBe(1);
    expect(() => parseTemplate('${{ a + }}')).toThrow(ExprError);
    expect(templateCache.size).toBe(1);
  });
});
